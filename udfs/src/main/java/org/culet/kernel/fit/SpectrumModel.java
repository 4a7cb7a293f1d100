package org.culet.kernel.fit;

/**
 * A spectrum model: {@code nLines} dips of one {@link LineShape} on a polynomial {@link Baseline}.
 *
 * <p>Model (additive dips): {@code y(f) = P(x) - sum_k A_k s_k(f; c_k, w_k)}, x = (f - f_mid)/h, with s_k the
 * unit-peak shape. The baseline coefficients and the amplitudes A_k enter linearly and are eliminated
 * (variable projection); only centres and widths are iterated. The reported contrast of line k is
 * {@code A_k / P(c_k)}, the fractional dip depth relative to the local baseline, which for a constant baseline
 * is exactly the multiplicative model {@code P (1 - sum C_k s_k)}; with a sloped baseline the additive form
 * keeps every amplitude linear (the multiplicative one would make them bilinear in baseline x contrast).
 *
 * <p>Tied pairs ({@link #nvPairs}): the lines are NV groups, pair j having centres D_j - E_j and D_j + E_j
 * (D the group's centre, E its half splitting), optionally one shared FWHM and/or one shared amplitude per pair.
 *
 * @param nLines         number of lines, 1..8
 * @param shape          line shape
 * @param baseline       baseline polynomial
 * @param tiedPairs      lines are nLines/2 NV pairs parameterised by (D, E)
 * @param sharedWidth    (tied pairs only) both lines of a pair share one FWHM
 * @param sharedContrast (tied pairs only) both lines of a pair share one amplitude
 */
public record SpectrumModel(int nLines, LineShape shape, Baseline baseline, boolean tiedPairs,
                            boolean sharedWidth, boolean sharedContrast) implements java.io.Serializable {
    public static final int MAX_LINES = 8;

    public SpectrumModel {
        if (nLines < 1 || nLines > MAX_LINES) {
            throw new IllegalArgumentException("nLines must be 1.." + MAX_LINES + ", got " + nLines);
        }
        if (shape == null || baseline == null) {
            throw new IllegalArgumentException("shape and baseline are required");
        }
        if (tiedPairs && nLines % 2 != 0) {
            throw new IllegalArgumentException("tied pairs need an even number of lines, got " + nLines);
        }
        if (!tiedPairs && (sharedWidth || sharedContrast)) {
            throw new IllegalArgumentException("shared width/contrast only apply to tied pairs");
        }
    }

    /** Independent lines (centre and FWHM each). */
    public static SpectrumModel of(int nLines, LineShape shape, Baseline baseline) {
        return new SpectrumModel(nLines, shape, baseline, false, false, false);
    }

    /** {@code nPairs} NV groups with centres D -+ E. */
    public static SpectrumModel nvPairs(int nPairs, LineShape shape, Baseline baseline, boolean sharedWidth,
                                        boolean sharedContrast) {
        return new SpectrumModel(2 * nPairs, shape, baseline, true, sharedWidth, sharedContrast);
    }

    /** Number of nonlinear parameters (centres or D/E, and widths). */
    public int nonlinearCount() {
        if (!tiedPairs) {
            return 2 * nLines;
        }
        int pairs = nLines / 2;
        return pairs * (2 + (sharedWidth ? 1 : 2));
    }

    /** Number of amplitude (linear) parameters. */
    public int amplitudeCount() {
        return tiedPairs && sharedContrast ? nLines / 2 : nLines;
    }

    /** Total number of fitted parameters. */
    public int parameterCount() {
        return nonlinearCount() + amplitudeCount() + baseline.terms;
    }
}
