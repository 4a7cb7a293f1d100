package org.culet.kernel.physics;

import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvFrames;
import org.culet.kernel.nv.NvHamiltonian;

/**
 * Maps the fitted lines of one pixel and sweep to NV groups and branches.
 *
 * <p>111 culet: the on-axis pair first, as the outermost pair (the on-axis group sees the full field
 * along Z, the off-axis groups a third of it, so their pairs nest inside; the on-axis pair is symmetric
 * about D111 up to the stress). The off-axis model lines, predicted with the exact Hamiltonian from a
 * seed (by default the first-order route with zero shear), are then matched to the inner fitted lines by
 * an order-preserving, onto assignment of least squared distance (dynamic programming): every fitted line
 * carries at least one model line, and a fitted line may carry two or three when off-axis groups overlap
 * (DEGENERATE). 100 culet: the same matching over all 8 model lines. The caller ({@link PixelPhysicsKernel})
 * tries several seeds and keeps the assignment whose exact inversion has the lowest chi^2.
 *
 * <p>Not thread-safe (scratch arrays, one {@link NvHamiltonian}); no allocation per call.
 */
public final class LineAssigner {
    private final CuletOrientation orientation;
    private final InversionSettings settings;
    private final NvHamiltonian hamiltonian;
    private final FirstOrderRoute firstOrder;
    private final FirstOrderEstimate seed = new FirstOrderEstimate();
    private final double gamma;
    private final double[] predicted = new double[8];
    private final double[] sigma9 = new double[9];
    private final int[] order = new int[8];
    private final double[][] cost = new double[8][8];
    private final boolean[][] stay = new boolean[8][8];

    public LineAssigner(NvConstants constants, CuletOrientation orientation, InversionSettings settings) {
        this.orientation = orientation;
        this.settings = settings;
        this.hamiltonian = new NvHamiltonian(constants, orientation);
        this.firstOrder = new FirstOrderRoute(constants, orientation);
        this.gamma = constants.gammaMhzPerGauss();
    }

    /**
     * Off-axis candidate groupings of a 111 culet, indexed [symmetric ? 1 : 0][L - 1][U - 1] for L lower and
     * U upper inner lines: each row holds, for the off-axis model lines 2..7 (groups 2-4, f- then f+), the
     * inner-line offset (lower lines 0..L-1, upper lines L..L+U-1). Every onto map of the three groups onto
     * the lower lines and onto the upper lines; the symmetric tables keep one representative per orbit of
     * the relabellings of the three off-axis groups (the C3v symmetry of a 111 culet when the field is
     * along Z, which leaves every spectrum unchanged).
     */
    private static final int[][][][][] GROUPINGS = buildGroupings();

    private static int[][][][][] buildGroupings() {
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        int[][][][][] t = new int[2][3][3][][];
        for (int sym = 0; sym < 2; sym++) {
            for (int l = 1; l <= 3; l++) {
                for (int u = 1; u <= 3; u++) {
                    java.util.List<int[]> rows = new java.util.ArrayList<>();
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (int[] lo : ontoMaps(l)) {
                        for (int[] up : ontoMaps(u)) {
                            int[] row = new int[6];
                            for (int g = 0; g < 3; g++) {
                                row[2 * g] = lo[g];
                                row[2 * g + 1] = l + up[g];
                            }
                            String key = java.util.Arrays.toString(row);
                            if (sym == 1) {
                                String best = null;
                                for (int[] p : perms) {
                                    int[] r = new int[6];
                                    for (int g = 0; g < 3; g++) {
                                        r[2 * p[g]] = row[2 * g];
                                        r[2 * p[g] + 1] = row[2 * g + 1];
                                    }
                                    String k = java.util.Arrays.toString(r);
                                    if (best == null || k.compareTo(best) < 0) {
                                        best = k;
                                    }
                                }
                                key = best;
                            }
                            if (seen.add(key)) {
                                rows.add(row);
                            }
                        }
                    }
                    t[sym][l - 1][u - 1] = rows.toArray(new int[0][]);
                }
            }
        }
        return t;
    }

    /** All maps of 3 groups onto {0..k-1} (every value used). */
    private static java.util.List<int[]> ontoMaps(int k) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    boolean[] used = new boolean[k];
                    used[a] = used[b] = used[c] = true;
                    boolean onto = true;
                    for (boolean x : used) {
                        onto &= x;
                    }
                    if (onto) {
                        out.add(new int[] {a, b, c});
                    }
                }
            }
        }
        return out;
    }

    /**
     * Number of lower inner lines of a 111 pixel: the split of the inner lines (1..n-2) at their largest
     * gap with 1..3 lines on each side (off-axis f- lines lie below every off-axis f+ line: the off-axis
     * splitting 2 E_off >= 2 gamma B / 3 exceeds the spread of the off-axis D values). 0 when n - 2 is
     * not in 2..6.
     */
    public static int lowerInnerLines(FittedLines lines) {
        int inner = lines.count() - 2;
        if (inner < 2 || inner > 6) {
            return 0;
        }
        int best = 0;
        double bestGap = -1;
        for (int l = Math.max(1, inner - 3); l <= Math.min(3, inner - 1); l++) {
            double gap = lines.centreMhz(1 + l) - lines.centreMhz(l);
            if (gap > bestGap) {
                bestGap = gap;
                best = l;
            }
        }
        return best;
    }

    /** Number of enumerated off-axis groupings for L lower and U upper lines (symmetric: modulo relabelling). */
    public static int groupingCount(int lower, int upper, boolean symmetric) {
        return GROUPINGS[symmetric ? 1 : 0][lower - 1][upper - 1].length;
    }

    /**
     * Writes grouping {@code index} (see {@link #groupingCount}) of a 111 pixel into out: on-axis pair on
     * the outermost lines, off-axis branches on the inner lines. Mutates out only.
     */
    public void assignGrouping(FittedLines lines, int lower, boolean symmetric, int index, LineAssignment out) {
        int n = lines.count();
        int upper = n - 2 - lower;
        out.reset(n, n == 8 ? AssignmentStatus.OK : AssignmentStatus.DEGENERATE);
        out.fittedIndex[0] = 0;
        out.fittedIndex[1] = n - 1;
        int[] row = GROUPINGS[symmetric ? 1 : 0][lower - 1][upper - 1][index];
        for (int k = 0; k < 6; k++) {
            out.fittedIndex[2 + k] = 1 + row[k];
        }
        out.recount();
    }

    public CuletOrientation orientation() {
        return orientation;
    }

    /**
     * Assigns the lines with the zero-shear first-order seed. (bx, by, bz) is the approximate applied
     * field (G), d0Mhz the zero-field splitting. Mutates out only.
     */
    public void assign(FittedLines lines, double bxGauss, double byGauss, double bzGauss, double d0Mhz,
                       LineAssignment out) {
        if (!precheck(lines, out)) {
            return;
        }
        double norm = Math.sqrt(bxGauss * bxGauss + byGauss * byGauss + bzGauss * bzGauss);
        double ux = norm > 1e-9 ? bxGauss / norm : 0;
        double uy = norm > 1e-9 ? byGauss / norm : 0;
        double uz = norm > 1e-9 ? bzGauss / norm : 1;
        if (!firstOrder.estimate(lines, null, ux, uy, uz, d0Mhz, 3, seed)) {
            out.reset(lines.count(), AssignmentStatus.UNASSIGNABLE);
            return;
        }
        if (!fieldRatioPlausible(lines, bzGauss)) {
            out.reset(lines.count(), AssignmentStatus.UNASSIGNABLE);
            return;
        }
        double b = seed.bAlongBiasGauss;
        predict(b * ux, b * uy, b * uz, seed.sigmaZzGpa, seed.sigmaPerpGpa, 0, 0, d0Mhz, predicted);
        assignFromPrediction(lines, predicted, out);
    }

    /**
     * 111: the on-axis splitting E111 must be within the configured ratio range of gamma |B_applied,Z|
     * (skipped when the applied field is below 1 G, e.g. remanent sweeps). Always true for 100.
     */
    boolean fieldRatioPlausible(FittedLines lines, double bzAppliedGauss) {
        if (orientation != CuletOrientation.C111 || Math.abs(bzAppliedGauss) < 1.0 || lines.count() < 2) {
            return true;
        }
        double e111 = 0.5 * (lines.centreMhz(lines.count() - 1) - lines.centreMhz(0));
        double ratio = e111 / (gamma * Math.abs(bzAppliedGauss));
        return ratio >= settings.assignmentFieldRatioMin() && ratio <= settings.assignmentFieldRatioMax();
    }

    /** Validates the input; on failure sets the status into out and returns false. */
    boolean precheck(FittedLines lines, LineAssignment out) {
        if (!lines.isValid()) {
            out.reset(Math.max(0, Math.min(lines.count(), FittedLines.MAX_LINES)),
                lines.count() == 0 ? AssignmentStatus.TOO_FEW_LINES : AssignmentStatus.BAD_INPUT);
            return false;
        }
        if (lines.count() < 2) {
            out.reset(lines.count(), AssignmentStatus.TOO_FEW_LINES);
            return false;
        }
        return true;
    }

    /**
     * Exact 8 lines for a lab field (G) and the stress (sigma_ZZ, sigma_perp, sigma_XZ, sigma_YZ; XX = YY =
     * sigma_perp, XY = 0), written into out8 (mutated).
     */
    public void predict(double bx, double by, double bz, double szz, double sperp, double sxz, double syz,
                        double d0Mhz, double[] out8) {
        sigma9[0] = sperp; sigma9[1] = 0;     sigma9[2] = sxz;
        sigma9[3] = 0;     sigma9[4] = sperp; sigma9[5] = syz;
        sigma9[6] = sxz;   sigma9[7] = syz;   sigma9[8] = szz;
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            hamiltonian.groupTransitions(g, bx, by, bz, sigma9, d0Mhz, out8, 2 * g);
        }
    }

    /**
     * Matches predicted model lines (order of {@link NvHamiltonian}) to the fitted lines: on-axis pair to
     * the outermost lines (111), then the order-preserving onto matching of least squared distance.
     * Mutates out only.
     */
    public void assignFromPrediction(FittedLines lines, double[] predicted8, LineAssignment out) {
        if (!precheck(lines, out)) {
            return;
        }
        int n = lines.count();
        out.reset(n, n == 8 ? AssignmentStatus.OK : AssignmentStatus.DEGENERATE);
        int firstModel;
        int firstFitted;
        int fittedCount;
        if (orientation == CuletOrientation.C111) {
            out.fittedIndex[0] = 0;
            out.fittedIndex[1] = n - 1;
            if (n == 2) {
                out.status = AssignmentStatus.ON_AXIS_ONLY;
                out.recount();
                return;
            }
            firstModel = 2;
            firstFitted = 1;
            fittedCount = n - 2;
        } else {
            firstModel = 0;
            firstFitted = 0;
            fittedCount = n;
        }
        int m = 8 - firstModel;
        // Sort the model lines by predicted frequency (insertion sort, stable: ties keep group order).
        for (int i = 0; i < m; i++) {
            int k = firstModel + i;
            int pos = i;
            while (pos > 0 && predicted8[order[pos - 1]] > predicted8[k]) {
                order[pos] = order[pos - 1];
                pos--;
            }
            order[pos] = k;
        }
        // cost[i][j]: best cost with sorted model line i on fitted line j (non-decreasing, onto, steps 0 or 1).
        for (int i = 0; i < m; i++) {
            double p = predicted8[order[i]];
            for (int j = 0; j < fittedCount; j++) {
                double d = p - lines.centreMhz(firstFitted + j);
                double local = d * d;
                double best;
                boolean fromSame;
                if (i == 0) {
                    best = j == 0 ? 0 : Double.POSITIVE_INFINITY;
                    fromSame = true;
                } else {
                    double same = cost[i - 1][j];
                    double prev = j > 0 ? cost[i - 1][j - 1] : Double.POSITIVE_INFINITY;
                    fromSame = same <= prev;
                    best = Math.min(same, prev);
                }
                // Model lines left must be enough to cover the fitted lines left.
                if (m - 1 - i < fittedCount - 1 - j) {
                    best = Double.POSITIVE_INFINITY;
                }
                cost[i][j] = best + local;
                stay[i][j] = fromSame;
            }
        }
        int j = fittedCount - 1;
        for (int i = m - 1; i >= 0; i--) {
            out.fittedIndex[order[i]] = firstFitted + j;
            if (i > 0 && !stay[i][j]) {
                j--;
            }
        }
        out.recount();
    }
}
