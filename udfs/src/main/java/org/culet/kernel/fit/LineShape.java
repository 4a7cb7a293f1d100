package org.culet.kernel.fit;

/**
 * Unit-peak ODMR line shapes parameterised by centre c (MHz) and full width at half maximum w (MHz),
 * with analytic derivatives. Each shape is 1 at f = c and 1/2 at f = c +- w/2.
 *
 * <ul>
 *   <li>LORENTZIAN: s = 1 / (1 + u^2), u = 2 (f - c) / w (the CW-ODMR power-broadened shape).</li>
 *   <li>GAUSSIAN: s = exp(-4 ln2 (f - c)^2 / w^2) (inhomogeneous broadening; sigma = w / (2 sqrt(2 ln 2))).
 *       Evaluated as exactly 0 beyond 8 sigma (s < 1e-14), which saves the exponentials of far tails.</li>
 *   <li>PSEUDO_VOIGT: eta L + (1 - eta) G with L and G of the same FWHM; eta is FIXED per fitter
 *       ({@code culet.fit.voigt-eta}), not fitted, so the model keeps two nonlinear parameters per line.</li>
 * </ul>
 */
public enum LineShape {
    LORENTZIAN, GAUSSIAN, PSEUDO_VOIGT;

    /** 4 ln 2: Gaussian exponent factor for a FWHM parameterisation. */
    static final double GAUSS_K = 4.0 * Math.log(2.0);
    /** Gaussian evaluated as 0 where 4 ln2 v^2 > this (v = (f-c)/w), i.e. beyond 8 sigma. */
    static final double GAUSS_CUTOFF = 32.0;

    /**
     * Evaluates the unit-peak shape and its derivatives on {@code m} points.
     * Mutates only {@code s}, {@code dsdc}, {@code dsdw} (from index {@code out} on, m values each).
     *
     * @param freqMhz frequency axis (not modified)
     * @param centreMhz line centre c
     * @param fwhmMhz   full width at half maximum w (> 0)
     * @param eta       Lorentzian fraction for PSEUDO_VOIGT (ignored otherwise)
     */
    public void evaluate(double[] freqMhz, int m, double centreMhz, double fwhmMhz, double eta,
                         double[] s, double[] dsdc, double[] dsdw, int out) {
        switch (this) {
            case LORENTZIAN -> lorentz(freqMhz, m, centreMhz, fwhmMhz, 1.0, s, dsdc, dsdw, out, false);
            case GAUSSIAN -> gauss(freqMhz, m, centreMhz, fwhmMhz, 1.0, s, dsdc, dsdw, out, false);
            case PSEUDO_VOIGT -> {
                lorentz(freqMhz, m, centreMhz, fwhmMhz, eta, s, dsdc, dsdw, out, false);
                gauss(freqMhz, m, centreMhz, fwhmMhz, 1.0 - eta, s, dsdc, dsdw, out, true);
            }
            default -> throw new AssertionError(this);
        }
    }

    /** Value of the unit-peak shape at one frequency (for seeding and tests; not the hot loop). */
    public double value(double fMhz, double centreMhz, double fwhmMhz, double eta) {
        double l = 0;
        double g = 0;
        if (this != GAUSSIAN) {
            double u = 2.0 * (fMhz - centreMhz) / fwhmMhz;
            l = 1.0 / (1.0 + u * u);
        }
        if (this != LORENTZIAN) {
            double v = (fMhz - centreMhz) / fwhmMhz;
            g = Math.exp(-GAUSS_K * v * v);
        }
        return switch (this) {
            case LORENTZIAN -> l;
            case GAUSSIAN -> g;
            case PSEUDO_VOIGT -> eta * l + (1 - eta) * g;
        };
    }

    private static void lorentz(double[] f, int m, double c, double w, double weight,
                                double[] s, double[] dsdc, double[] dsdw, int out, boolean add) {
        // u = 2 (f-c)/w; s = 1/(1+u^2); ds/dc = 4 u s^2 / w; ds/dw = 2 u^2 s^2 / w.
        double twoOverW = 2.0 / w;
        double dcScale = 2.0 * twoOverW * weight;
        double dwScale = 2.0 / w * weight;
        for (int i = 0; i < m; i++) {
            double u = (f[i] - c) * twoOverW;
            double l = 1.0 / (1.0 + u * u);
            double l2 = l * l;
            double sv = weight * l;
            double dc = dcScale * u * l2;
            double dw = dwScale * u * u * l2;
            if (add) {
                s[out + i] += sv;
                dsdc[out + i] += dc;
                dsdw[out + i] += dw;
            } else {
                s[out + i] = sv;
                dsdc[out + i] = dc;
                dsdw[out + i] = dw;
            }
        }
    }

    private static void gauss(double[] f, int m, double c, double w, double weight,
                              double[] s, double[] dsdc, double[] dsdw, int out, boolean add) {
        // v = (f-c)/w; s = exp(-k v^2); ds/dc = 2 k v s / w; ds/dw = 2 k v^2 s / w.
        double invW = 1.0 / w;
        double twoK = 2.0 * GAUSS_K * invW;
        for (int i = 0; i < m; i++) {
            double v = (f[i] - c) * invW;
            double e = GAUSS_K * v * v;
            double sv;
            double dc;
            double dw;
            if (e > GAUSS_CUTOFF) {
                sv = 0;
                dc = 0;
                dw = 0;
            } else {
                double g = weight * Math.exp(-e);
                sv = g;
                dc = twoK * v * g;
                dw = dc * v;
            }
            if (add) {
                s[out + i] += sv;
                dsdc[out + i] += dc;
                dsdw[out + i] += dw;
            } else {
                s[out + i] = sv;
                dsdc[out + i] = dc;
                dsdw[out + i] = dw;
            }
        }
    }

    /** Parses lorentzian|gaussian|voigt|pseudo_voigt (case-insensitive); null when unknown. */
    public static LineShape parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "lorentzian", "lorentz" -> LORENTZIAN;
            case "gaussian", "gauss" -> GAUSSIAN;
            case "voigt", "pseudo_voigt", "pseudo-voigt", "pseudovoigt" -> PSEUDO_VOIGT;
            default -> null;
        };
    }
}
