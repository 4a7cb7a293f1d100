package org.culet.kernel.registration;

import com.typesafe.config.Config;
import java.util.Locale;

/** Settings of EDX-to-ODMR registration and resampling, from {@code culet.registration}. Immutable. */
public record RegistrationSettings(Model model, int pyramidLevels, double coarseShiftRangePx,
                                   double coarseRotationRangeDeg, int coarseRotationSteps, int maxEvaluations,
                                   double nccTolerance, double areaWeightingThreshold, double minNiAtPercent,
                                   double highPassSigmaPx) {

    /** Without the high-pass filter (highPassSigmaPx = 0). */
    public RegistrationSettings(Model model, int pyramidLevels, double coarseShiftRangePx, double coarseRotationRangeDeg,
                                int coarseRotationSteps, int maxEvaluations, double nccTolerance,
                                double areaWeightingThreshold, double minNiAtPercent) {
        this(model, pyramidLevels, coarseShiftRangePx, coarseRotationRangeDeg, coarseRotationSteps, maxEvaluations,
            nccTolerance, areaWeightingThreshold, minNiAtPercent, 0.0);
    }

    /** Transform family. */
    public enum Model { SIMILARITY, AFFINE }

    public static final RegistrationSettings DEFAULT =
        new RegistrationSettings(Model.SIMILARITY, 3, 16.0, 10.0, 5, 3000, 1e-7, 1.0, 1.0, 2.0);

    /** Reads {@code culet.registration} of the root configuration. */
    public static RegistrationSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.registration");
        return new RegistrationSettings(
            Model.valueOf(c.getString("model").trim().toUpperCase(Locale.ROOT)),
            c.getInt("pyramid-levels"), c.getDouble("coarse-shift-range-px"), c.getDouble("coarse-rotation-range-deg"),
            c.getInt("coarse-rotation-steps"), c.getInt("max-evaluations"), c.getDouble("ncc-tolerance"),
            c.getDouble("area-weighting-threshold"), c.getDouble("min-ni-at-percent"),
            c.hasPath("high-pass-sigma-px") ? c.getDouble("high-pass-sigma-px") : 0.0);
    }
}
