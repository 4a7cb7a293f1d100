package org.culet.kernel.sim;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * The local-Tc rule of the synthetic sample, shaped like the finding of Mandyam et al., Nature 2026
 * (doi:10.1038/s41586-025-10095-x): superconductivity appears where the normal stress sigma_ZZ is high, is
 * quenched above a critical shear tau_c (~2 GPa), and needs La:Ni close to 3:2.
 * <pre>
 *   Tc = tcAtOnset + (tcMax - tcAtOnset) * clamp((sZZ - onset) / (saturation - onset), 0, 1)
 *   when sZZ >= onset, tau <= tau_c and |La:Ni - ratio0| <= tolerance; otherwise not superconducting (NaN)
 * </pre>
 * Immutable; parameters from {@code culet.simulate.tc-rule}.
 */
public record TcRule(double sigmaZzOnsetGpa, double sigmaZzSaturationGpa, double tcAtOnsetK, double tcMaxK,
                     double criticalShearGpa, ShearMeasure shearMeasure, double laNiTolerance) {

    /** The two shear measures of physics.md Section 5. */
    public enum ShearMeasure {
        /** |sZZ - s_perp| / 2 with s_perp = (sXX + sYY) / 2. */
        TAU_MAX,
        /** sqrt(sXZ^2 + sYZ^2). */
        TAU_INTERFACE
    }

    /** Stoichiometric La:Ni of La3Ni2O7. */
    public static final double STOICHIOMETRIC_LA_NI = 1.5;

    static TcRule fromConfig(Config c) {
        return new TcRule(c.getDouble("sigma-zz-onset-gpa"), c.getDouble("sigma-zz-saturation-gpa"),
            c.getDouble("tc-at-onset-k"), c.getDouble("tc-max-k"), c.getDouble("critical-shear-gpa"),
            ShearMeasure.valueOf(c.getString("shear-measure").trim().toUpperCase(Locale.ROOT).replace('-', '_')),
            c.getDouble("la-ni-tolerance"));
    }

    /** Local Tc in K, or NaN when the pixel is not superconducting (or any input is NaN). */
    public double tcK(double sigmaZzGpa, double tauMaxGpa, double tauInterfaceGpa, double laNiRatio) {
        double tau = shearMeasure == ShearMeasure.TAU_MAX ? tauMaxGpa : tauInterfaceGpa;
        if (!(sigmaZzGpa >= sigmaZzOnsetGpa) || !(tau <= criticalShearGpa)
            || !(Math.abs(laNiRatio - STOICHIOMETRIC_LA_NI) <= laNiTolerance)) {
            return Double.NaN;
        }
        double x = Math.min(1.0, (sigmaZzGpa - sigmaZzOnsetGpa) / (sigmaZzSaturationGpa - sigmaZzOnsetGpa));
        return tcAtOnsetK + (tcMaxK - tcAtOnsetK) * x;
    }

    /** Meissner response chi_eff(T) = 1 - (T/Tc)^exponent below Tc, 0 above or when Tc is NaN (physics.md 5b). */
    public static double chiEff(double temperatureK, double tcK, double exponent) {
        if (!(tcK > 0) || temperatureK >= tcK) {
            return 0.0;
        }
        return 1.0 - Math.pow(temperatureK / tcK, exponent);
    }
}
