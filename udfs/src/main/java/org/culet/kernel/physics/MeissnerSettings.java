package org.culet.kernel.physics;

import com.typesafe.config.Config;

/** Settings of the Meissner measures, from {@code culet.meissner} in reference.conf. Immutable. */
public record MeissnerSettings(int minCurrents, double screeningKSigma, double trappedKSigma) {

    public static final MeissnerSettings DEFAULT = new MeissnerSettings(3, 3.0, 3.0);

    /** Reads {@code culet.meissner} of the root configuration. */
    public static MeissnerSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.meissner");
        return new MeissnerSettings(c.getInt("min-currents"), c.getDouble("screening-k-sigma"),
            c.getDouble("trapped-k-sigma"));
    }
}
