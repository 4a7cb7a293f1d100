package org.culet.kernel.registration;

import com.typesafe.config.Config;
import java.util.Locale;

/** Settings of EDX-to-ODMR registration and resampling, from {@code culet.registration}. Immutable. */
public record RegistrationSettings(Model model, int pyramidLevels, double coarseShiftRangePx,
                                   double coarseRotationRangeDeg, int coarseRotationSteps, int maxEvaluations,
                                   double nccTolerance, double areaWeightingThreshold, double minNiAtPercent) {

    /** Transform family. */
    public enum Model { SIMILARITY, AFFINE }

    public static final RegistrationSettings DEFAULT =
        new RegistrationSettings(Model.AFFINE, 3, 16.0, 10.0, 5, 3000, 1e-7, 1.0, 1.0);

    /** Reads {@code culet.registration} of the root configuration. */
    public static RegistrationSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.registration");
        return new RegistrationSettings(
            Model.valueOf(c.getString("model").trim().toUpperCase(Locale.ROOT)),
            c.getInt("pyramid-levels"), c.getDouble("coarse-shift-range-px"), c.getDouble("coarse-rotation-range-deg"),
            c.getInt("coarse-rotation-steps"), c.getInt("max-evaluations"), c.getDouble("ncc-tolerance"),
            c.getDouble("area-weighting-threshold"), c.getDouble("min-ni-at-percent"));
    }
}
