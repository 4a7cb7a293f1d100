package org.culet.kernel.sim;

import java.util.Locale;

/**
 * Unit-peak ODMR line shapes parameterised by their full width at half maximum (physics.md Section 2).
 * A line of the synthetic spectrum is {@code contrast * unitPeak(f - f0)}.
 */
public enum LineShape {
    /** 1 / (1 + (2 x / w)^2). */
    LORENTZIAN,
    /** exp(-4 ln2 x^2 / w^2). */
    GAUSSIAN,
    /** eta Lorentzian + (1 - eta) Gaussian, both of FWHM w. */
    PSEUDO_VOIGT;

    private static final double FOUR_LN2 = 4 * Math.log(2);

    /** Value at detuning {@code deltaMhz} of a unit-peak line of FWHM {@code fwhmMhz}; eta used by PSEUDO_VOIGT only. */
    public double unitPeak(double deltaMhz, double fwhmMhz, double eta) {
        return unitPeakReduced(deltaMhz / fwhmMhz, eta);
    }

    /** Value at the reduced detuning u = (f - f0) / FWHM (saves a division per point in hot loops). */
    public double unitPeakReduced(double u, double eta) {
        switch (this) {
            case LORENTZIAN:
                return 1.0 / (1.0 + 4 * u * u);
            case GAUSSIAN:
                return Math.exp(-FOUR_LN2 * u * u);
            default:
                return eta / (1.0 + 4 * u * u) + (1 - eta) * Math.exp(-FOUR_LN2 * u * u);
        }
    }

    /** Parses lorentzian, gaussian, pseudo-voigt / voigt (case-insensitive). */
    public static LineShape parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.equals("VOIGT")) {
            return PSEUDO_VOIGT;
        }
        return valueOf(t);
    }
}
