package org.culet.kernel.physics;

import com.typesafe.config.Config;

/** Settings of the local-Tc estimator, from {@code culet.tc} in reference.conf (units in the key names). Immutable. */
public record TcSettings(double kSigma, double normalWindowK, int minNormalPoints, int consecutivePoints,
                         int minPoints, int lowTPoints, int responseSign, double stepExponent,
                         double fitGridStepK) {

    public static final TcSettings DEFAULT = new TcSettings(4.0, 20.0, 3, 2, 6, 2, -1, 4.0, 0.25);

    /** Reads {@code culet.tc} of the root configuration. */
    public static TcSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.tc");
        return new TcSettings(c.getDouble("k-sigma"), c.getDouble("normal-window-k"), c.getInt("min-normal-points"),
            c.getInt("consecutive-points"), c.getInt("min-points"), c.getInt("low-t-points"),
            c.getInt("response-sign") >= 0 ? 1 : -1, c.getDouble("step-exponent"), c.getDouble("fit-grid-step-k"));
    }
}
