package org.culet.kernel.physics;

import com.typesafe.config.Config;

/**
 * Uncertainty of an on-axis line that may cover other transitions (111 culets; {@code
 * culet.physics.inversion.on-axis-blend}).
 *
 * <p>The field at a known stress comes from the on-axis pair alone (physics.md Section 5), whose fitted centres carry
 * only their statistical errors. Where an in-plane stray field or shear spreads the off-axis groups, some of their
 * transitions can sit under an on-axis line: the spectral fit then reports one line over several transitions, whose
 * centre is not the on-axis transition's, and a field off by several of its 1-sigma (on the demo, 1.1 % of
 * sweep-pixels beyond 3 sigma, against 0.3 % for Gaussian errors). Two signs reveal it, both from the fit alone:
 * <ul>
 *   <li>the two lines of one NV group have the same intrinsic width and similar contrast, so an on-axis line whose area
 *       (contrast x FWHM) exceeds the other's by more than {@code area-ratio} covers more than its transition;</li>
 *   <li>an off-axis line fitted closer to an on-axis line than {@code separation-fwhm} times their mean FWHM overlaps
 *       it, and the two fitted centres repel or attract each other.</li>
 * </ul>
 * Such a line's centre error gets, in quadrature, {@code centre-error-fwhm-fraction} x its FWHM: a transition hidden
 * within a line (closer than about half its FWHM, or it would be fitted as its own dip) pulls a one-dip fit by at
 * most about a quarter of the FWHM for equal strengths. The field stays reported, with an uncertainty that says the
 * line is a blend. Immutable.
 *
 * @param enabled                  apply the inflation
 * @param areaRatio                area ratio of the on-axis lines above which the larger is a blend
 * @param separationFwhm           off-axis line closer than this x the mean FWHM to an on-axis line: both overlap
 * @param centreErrorFwhmFraction  added centre error as a fraction of the suspect line's FWHM
 */
public record OnAxisBlend(boolean enabled, double areaRatio, double separationFwhm, double centreErrorFwhmFraction)
    implements java.io.Serializable {
    public static final OnAxisBlend DEFAULT = new OnAxisBlend(true, 2.0, 1.0, 0.25);

    /** Reads {@code culet.physics.inversion.on-axis-blend} of the root configuration. */
    public static OnAxisBlend fromConfig(Config root) {
        Config c = root.getConfig("culet.physics.inversion.on-axis-blend");
        return new OnAxisBlend(c.getBoolean("enabled"), c.getDouble("area-ratio"), c.getDouble("separation-fwhm"),
            c.getDouble("centre-error-fwhm-fraction"));
    }

    /**
     * Copies lines into out with the centre errors of suspect on-axis lines inflated (assignment: the on-axis group's
     * lines are its model lines 0 and 1). Returns the number of lines inflated (0: out is a plain copy). Mutates out.
     */
    public int apply(FittedLines lines, LineAssignment assignment, FittedLines out) {
        int n = lines.count();
        out.clear();
        int lo = assignment.fittedIndex(0);
        int hi = assignment.fittedIndex(1);
        boolean check = enabled && lo >= 0 && hi >= 0 && lo != hi;
        boolean suspectLo = false;
        boolean suspectHi = false;
        if (check) {
            double aLo = lines.contrast(lo) * lines.fwhmMhz(lo);
            double aHi = lines.contrast(hi) * lines.fwhmMhz(hi);
            if (aLo > 0 && aHi > 0) {
                suspectLo = aLo > areaRatio * aHi;
                suspectHi = aHi > areaRatio * aLo;
            }
            for (int j = 0; j < n; j++) {
                if (j != lo && j != hi) {
                    suspectLo |= overlaps(lines, j, lo);
                    suspectHi |= overlaps(lines, j, hi);
                }
            }
        }
        int inflated = 0;
        for (int j = 0; j < n; j++) {
            double err = lines.centreErrMhz(j);
            if ((j == lo && suspectLo) || (j == hi && suspectHi)) {
                err = Math.hypot(err, centreErrorFwhmFraction * lines.fwhmMhz(j));
                inflated++;
            }
            out.add(lines.centreMhz(j), err, lines.fwhmMhz(j), lines.contrast(j));
        }
        return inflated;
    }

    private boolean overlaps(FittedLines lines, int a, int b) {
        double gap = Math.abs(lines.centreMhz(a) - lines.centreMhz(b));
        return gap < separationFwhm * 0.5 * (lines.fwhmMhz(a) + lines.fwhmMhz(b));
    }
}
