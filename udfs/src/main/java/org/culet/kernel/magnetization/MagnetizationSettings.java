package org.culet.kernel.magnetization;

import com.typesafe.config.Config;

/**
 * Settings of the magnetization reconstruction ({@code culet.magnetization} in reference.conf; units in the names).
 * Immutable.
 *
 * @param nvDepthUm             distance d from the NV layer to the sample's lower face, um (physics.md 5b)
 * @param sampleThicknessUm     sample (slab) thickness t, um
 * @param regularization        Tikhonov weight relative to the largest squared transfer value (dimensionless);
 *                              (zero order: pulls what the data cannot see towards M = 0)
 * @param smoothing             weight of the squared differences of M between neighbouring pixels, relative to the
 *                              largest squared transfer value (first order: suppresses the high spatial frequencies
 *                              the exp(-k d) decay hides, and fills missing pixels from their neighbours)
 * @param paddingFactor         FFT grid >= this factor x the support (2 makes the periodic convolution ~linear)
 * @param supportMarginUm       sources allowed this far outside the field of view (0 = only under the imaged area)
 * @param maxIterations         conjugate-gradient iterations per solve
 * @param tolerance             relative residual norm at which CG stops
 * @param outlierKSigma         a pixel whose field misfit exceeds this many robust sigmas is dropped (re-solve)
 * @param robustPasses          solves in total (1 = no outlier rejection)
 * @param minValidFraction      a map with fewer valid pixels than this fraction is not inverted
 * @param minAppliedFieldGauss  chi_eff = -4 pi M / H only where |H| exceeds this (G); else only M is reported
 */
public record MagnetizationSettings(double nvDepthUm, double sampleThicknessUm, double regularization, double smoothing,
                                    int paddingFactor,
                                    double supportMarginUm, int maxIterations, double tolerance, double outlierKSigma,
                                    int robustPasses, double minValidFraction, double minAppliedFieldGauss) {

    public MagnetizationSettings {
        if (!(nvDepthUm >= 0) || !(sampleThicknessUm > 0)) {
            throw new IllegalArgumentException("need nv-depth-um >= 0 and sample-thickness-um > 0, got d = " + nvDepthUm
                + ", t = " + sampleThicknessUm);
        }
        if (!(regularization > 0) || !(smoothing >= 0) || paddingFactor < 1 || maxIterations < 1 || robustPasses < 1
            || !(supportMarginUm >= 0)) {
            throw new IllegalArgumentException("invalid magnetization settings: regularization > 0, padding-factor >= 1, "
                + "max-iterations >= 1, robust-passes >= 1 and support-margin-um >= 0 are needed");
        }
    }

    /** Reads {@code culet.magnetization} of the root configuration. */
    public static MagnetizationSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.magnetization");
        return new MagnetizationSettings(c.getDouble("nv-depth-um"), c.getDouble("sample-thickness-um"),
            c.getDouble("regularization"), c.getDouble("smoothing"), c.getInt("padding-factor"), c.getDouble("support-margin-um"),
            c.getInt("max-iterations"), c.getDouble("tolerance"), c.getDouble("outlier-k-sigma"),
            c.getInt("robust-passes"), c.getDouble("min-valid-fraction"), c.getDouble("min-applied-field-gauss"));
    }

    /** The same settings with another geometry (an acquisition's own d and t). */
    public MagnetizationSettings withGeometry(double dUm, double tUm) {
        return new MagnetizationSettings(dUm, tUm, regularization, smoothing, paddingFactor, supportMarginUm, maxIterations,
            tolerance, outlierKSigma, robustPasses, minValidFraction, minAppliedFieldGauss);
    }
}
