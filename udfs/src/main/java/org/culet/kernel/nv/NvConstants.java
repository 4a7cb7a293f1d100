package org.culet.kernel.nv;

import com.typesafe.config.Config;

/**
 * Constants of the NV ground-state spin Hamiltonian (physics.md Section 3). All values come from
 * {@code culet.physics.nv} in reference.conf, where each cites its source.
 *
 * @param gammaMhzPerGauss NV electron gyromagnetic ratio, 2.8025 MHz/G
 * @param a1MhzPerGpa      crystal-frame stress coupling a1 (Barson et al., Nano Lett. 17, 1496 (2017)), 4.86 MHz/GPa
 * @param a2MhzPerGpa      a2, -3.7 MHz/GPa (same source)
 * @param bMhzPerGpa       b, -2.3 MHz/GPa (same source)
 * @param cMhzPerGpa       c, 3.5 MHz/GPa (same source)
 * @param flipFrameX       reverse the sign convention of every NV frame's x axis (see {@link NvFrames})
 */
public record NvConstants(double gammaMhzPerGauss, double a1MhzPerGpa, double a2MhzPerGpa,
                          double bMhzPerGpa, double cMhzPerGpa, boolean flipFrameX) {

    /** The defaults of physics.md (the same values reference.conf ships). */
    public static final NvConstants DEFAULT = new NvConstants(2.8025, 4.86, -3.7, -2.3, 3.5, false);

    public static NvConstants fromConfig(Config physics) {
        Config nv = physics.getConfig("nv");
        return new NvConstants(
            nv.getDouble("gamma-mhz-per-gauss"),
            nv.getDouble("stress.a1-mhz-per-gpa"),
            nv.getDouble("stress.a2-mhz-per-gpa"),
            nv.getDouble("stress.b-mhz-per-gpa"),
            nv.getDouble("stress.c-mhz-per-gpa"),
            nv.getBoolean("flip-frame-x"));
    }

    /** Coefficient of (s_xx + s_yy) in Mz: a1 - a2 (8.56 MHz/GPa with the defaults). */
    public double mzPerpCoefficient() {
        return a1MhzPerGpa - a2MhzPerGpa;
    }

    /** Coefficient of s_zz in Mz: a1 + 2 a2 (-2.54 MHz/GPa). */
    public double mzAxialCoefficient() {
        return a1MhzPerGpa + 2 * a2MhzPerGpa;
    }

    /** Coefficient of (s_xx - s_yy) in Mx and of -2 s_xy in My: b + c (1.20 MHz/GPa). */
    public double mPerpNormalCoefficient() {
        return bMhzPerGpa + cMhzPerGpa;
    }

    /** Coefficient of s_xz in Mx and of s_yz in My: 2 sqrt2 b - sqrt2 c (-11.46 MHz/GPa). */
    public double mPerpShearCoefficient() {
        return 2 * Math.sqrt(2) * bMhzPerGpa - Math.sqrt(2) * cMhzPerGpa;
    }
}
