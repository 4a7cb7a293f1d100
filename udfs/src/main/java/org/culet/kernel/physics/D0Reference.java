package org.culet.kernel.physics;

import org.culet.kernel.nv.NvConstants;

/**
 * Reference zero-field splitting from a region of the culet (physics.md Section 5: "a reference D0(T) from a
 * region without stress gradients"). In a hydrostatic region every NV group's D is D0 + 3 a1 P (14.58
 * MHz/GPa; Doherty et al., PRL 112, 047601 (2014)); D0 and P cannot be told apart from the lines, so the
 * region's pressure must come from elsewhere (the sweep's pressure gauge, e.g. ruby fluorescence):
 * D0 = median over the region of D111 - 3 a1 P. With the field along Z the on-axis D111 carries no field
 * shift. Returns NaN when the region holds no finite D111.
 */
public final class D0Reference {
    private D0Reference() {
    }

    /**
     * @param d111Mhz          per-pixel on-axis centre (f- + f+)/2, MHz
     * @param region           pixels of the reference region
     * @param n                number of pixels
     * @param pressureGpa      hydrostatic pressure of the region, GPa
     * @param scratch          n doubles (mutated)
     */
    public static double fromRegion(double[] d111Mhz, boolean[] region, int n, double pressureGpa,
                                    NvConstants constants, double[] scratch) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (region[i] && Double.isFinite(d111Mhz[i])) {
                scratch[m++] = d111Mhz[i];
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        return MeissnerMeasures.median(scratch, m) - 3 * constants.a1MhzPerGpa() * pressureGpa;
    }
}
