package org.culet.kernel.physics;

import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvFrames;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;

/**
 * The fast first-order route from line centres to B_par, sigma_ZZ and sigma_perp (physics.md Section 5),
 * used as the seed of the exact inversion and as its cross-check.
 *
 * <p>111 culet: D111 = (f_hi + f_lo)/2 and E111 = (f_hi - f_lo)/2 of the on-axis (outermost) pair; D_off =
 * mean centre of the off-axis lines. To first order in stress (physics.md Section 4 table):
 * <pre>
 *   D111  - D0 = cZZ_on  sigma_ZZ + cP_on  sigma_perp    (-2.54, 17.12 MHz/GPa)
 *   D_off - D0 = cZZ_off sigma_ZZ + cP_off sigma_perp    ( 7.33,  7.25 MHz/GPa)
 * </pre>
 * a 2x2 system with determinant about -144 (MHz/GPa)^2; the coefficients are computed from
 * {@link NvHamiltonian#stressCouplings} so they follow the configured constants. gamma B_par =
 * sqrt(E111^2 - M_perp^2). 100 culet: a hydrostatic P from the mean centre of all lines (3 a1 = 14.58
 * MHz/GPa). The corrected estimates then iterate: predict with the exact Hamiltonian, update B by the
 * ratio of measured to predicted E111 and the stresses by the 2x2 solve of the D residuals.
 *
 * <p>Not thread-safe (owns an {@link NvHamiltonian} and scratch arrays); no allocation per call.
 */
public final class FirstOrderRoute {
    private final NvHamiltonian hamiltonian;
    private final CuletOrientation orientation;
    private final double gamma;
    /** Response of the on-axis D and of the mean off-axis D to unit sigma_ZZ and unit sigma_perp, MHz/GPa. */
    private final double czzOn;
    private final double cpOn;
    private final double czzOff;
    private final double cpOff;
    private final double hydrostatic;
    private final double[] sigma9 = new double[9];
    private final double[] model8 = new double[8];
    private final double[] solve2 = new double[2];
    private final double[] mperp3 = new double[3];
    private final double[] axis0;

    public FirstOrderRoute(NvConstants constants, CuletOrientation orientation) {
        this.hamiltonian = new NvHamiltonian(constants, orientation);
        this.orientation = orientation;
        this.gamma = constants.gammaMhzPerGauss();
        this.axis0 = orientation.axis(0);
        double[] m = new double[3];
        StressTensor zz = new StressTensor(0, 0, 1, 0, 0, 0);
        StressTensor perp = new StressTensor(1, 1, 0, 0, 0, 0);
        hamiltonian.stressCouplings(0, zz, m);
        czzOn = m[0];
        hamiltonian.stressCouplings(0, perp, m);
        cpOn = m[0];
        double zOff = 0;
        double pOff = 0;
        for (int g = 1; g < NvFrames.GROUPS; g++) {
            hamiltonian.stressCouplings(g, zz, m);
            zOff += m[0] / 3;
            hamiltonian.stressCouplings(g, perp, m);
            pOff += m[0] / 3;
        }
        czzOff = zOff;
        cpOff = pOff;
        hamiltonian.stressCouplings(0, StressTensor.hydrostatic(1), m);
        hydrostatic = m[0];
    }

    /** Determinant of the 2x2 system (MHz/GPa)^2; about -144 with the default constants. */
    public double determinant() {
        return czzOn * cpOff - cpOn * czzOff;
    }

    /**
     * Solves the 2x2 system for (sigma_ZZ, sigma_perp) in GPa from D111 and D_off (MHz) at D0 (MHz).
     * Mutates out2 only.
     */
    public void solveStress(double d111Mhz, double dOffMhz, double d0Mhz, double[] out2) {
        double r1 = d111Mhz - d0Mhz;
        double r2 = dOffMhz - d0Mhz;
        double det = determinant();
        out2[0] = (r1 * cpOff - cpOn * r2) / det;
        out2[1] = (czzOn * r2 - czzOff * r1) / det;
    }

    /**
     * |M_perp| of the on-axis group (MHz) for lab shear tractions and in-plane deviator (GPa): its NV frame
     * is the lab frame, so Mx = (b+c)(s_XX - s_YY) + (2 sqrt2 b - sqrt2 c) s_XZ and My = -2(b+c) s_XY +
     * (2 sqrt2 b - sqrt2 c) s_YZ (physics.md Section 3); 11.46 tau_interface when the deviator vanishes. Use
     * it with {@link #bParGauss} for weak-field (remanent) sweeps, taking the stress from an in-field sweep.
     */
    public double onAxisMPerpMhz(double sigmaXzGpa, double sigmaYzGpa, double sigmaDevGpa, double sigmaXyGpa) {
        hamiltonian.stressCouplings(0, new StressTensor(sigmaDevGpa, -sigmaDevGpa, 0, sigmaYzGpa, sigmaXzGpa, sigmaXyGpa), mperp3);
        return Math.hypot(mperp3[1], mperp3[2]);
    }

    /** gamma B_par = sqrt(E111^2 - M_perp^2) (physics.md Section 5), in G; NaN when M_perp > E111. */
    public double bParGauss(double e111Mhz, double mPerpMhz) {
        double q = e111Mhz * e111Mhz - mPerpMhz * mPerpMhz;
        return q < 0 ? Double.NaN : Math.sqrt(q) / gamma;
    }

    /**
     * Runs the route on fitted lines. {@code assignment} may be null (then D_off is the mean of the inner
     * lines); otherwise D_off is the mean over the assigned off-axis model lines (degenerate lines counted
     * with their multiplicity). (ux, uy, uz) is the unit applied-field direction; {@code corrections} the
     * number of exact-Hamiltonian fixed-point iterations (0: formulas only). Mutates out only; returns
     * out.valid.
     */
    public boolean estimate(FittedLines lines, LineAssignment assignment, double ux, double uy, double uz,
                            double d0Mhz, int corrections, FirstOrderEstimate out) {
        out.reset();
        int n = lines.count();
        if (!lines.isValid() || n < 2) {
            return false;
        }
        if (orientation == CuletOrientation.C111) {
            return estimate111(lines, assignment, ux, uy, uz, d0Mhz, corrections, out);
        }
        return estimate100(lines, assignment, ux, uy, uz, d0Mhz, corrections, out);
    }

    private boolean estimate111(FittedLines lines, LineAssignment assignment, double ux, double uy, double uz,
                                double d0Mhz, int corrections, FirstOrderEstimate out) {
        int n = lines.count();
        double lo = lines.centreMhz(0);
        double hi = lines.centreMhz(n - 1);
        double d111 = 0.5 * (hi + lo);
        double e111 = 0.5 * (hi - lo);
        double dOff = offAxisMean(lines, assignment);
        out.d111Mhz = d111;
        out.e111Mhz = e111;
        out.dOffMhz = dOff;
        out.bParFirstOrderGauss = bParGauss(e111, 0);
        double[] s = solve2;
        double szz;
        double sp;
        if (Double.isNaN(dOff)) {
            // Only the on-axis pair: assume a hydrostatic state for the seed (flagged by the inversion).
            szz = sp = (d111 - d0Mhz) / (czzOn + cpOn);
        } else {
            solveStress(d111, dOff, d0Mhz, s);
            szz = s[0];
            sp = s[1];
        }
        out.sigmaZzFirstOrderGpa = szz;
        out.sigmaPerpFirstOrderGpa = sp;
        double uzAbs = Math.max(Math.abs(uz), 0.1);
        double b = e111 / (gamma * uzAbs);
        for (int it = 0; it < corrections; it++) {
            predict(b, ux, uy, uz, szz, sp, d0Mhz);
            double ePred = 0.5 * (model8[1] - model8[0]);
            double dPred = 0.5 * (model8[1] + model8[0]);
            if (ePred > 0) {
                b *= e111 / ePred;
            }
            if (Double.isNaN(dOff)) {
                double dp = (d111 - dPred) / (czzOn + cpOn);
                szz += dp;
                sp += dp;
            } else {
                double offPred = 0;
                for (int k = 2; k < 8; k++) {
                    offPred += model8[k] / 6;
                }
                solveStress(d111 - dPred + d0Mhz, dOff - offPred + d0Mhz, d0Mhz, s);
                szz += s[0];
                sp += s[1];
            }
        }
        out.bAlongBiasGauss = b;
        out.sigmaZzGpa = szz;
        out.sigmaPerpGpa = sp;
        out.valid = Double.isFinite(b) && Double.isFinite(szz) && Double.isFinite(sp);
        return out.valid;
    }

    private boolean estimate100(FittedLines lines, LineAssignment assignment, double ux, double uy, double uz,
                                double d0Mhz, int corrections, FirstOrderEstimate out) {
        int n = lines.count();
        double mean = 0;
        int count = 0;
        if (assignment != null && assignment.status().usable()) {
            for (int k = 0; k < 8; k++) {
                int j = assignment.fittedIndex(k);
                if (j >= 0) {
                    mean += lines.centreMhz(j);
                    count++;
                }
            }
        } else {
            for (int j = 0; j < n; j++) {
                mean += lines.centreMhz(j);
                count++;
            }
        }
        mean /= count;
        out.dOffMhz = mean;
        double p = (mean - d0Mhz) / hydrostatic;
        out.sigmaZzFirstOrderGpa = p;
        out.sigmaPerpFirstOrderGpa = p;
        // The field along the bias is seeded from the outer splitting of the 100 groups, which all see
        // B_par = B/sqrt3 when the bias is along Z.
        double half = 0.5 * (lines.centreMhz(n - 1) - lines.centreMhz(0));
        double cos = Math.abs(ux * axis0[0] + uy * axis0[1] + uz * axis0[2]);
        double b = half / (gamma * Math.max(cos, 0.1));
        for (int it = 0; it < corrections; it++) {
            predict(b, ux, uy, uz, p, p, d0Mhz);
            double mPred = 0;
            for (int k = 0; k < 8; k++) {
                mPred += model8[k] / 8;
            }
            double halfPred = 0.5 * (max8() - min8());
            if (halfPred > 0) {
                b *= half / halfPred;
            }
            p += (mean - mPred) / hydrostatic;
        }
        out.bAlongBiasGauss = b;
        out.sigmaZzGpa = p;
        out.sigmaPerpGpa = p;
        out.valid = Double.isFinite(b) && Double.isFinite(p);
        return out.valid;
    }

    private double max8() {
        double m = model8[0];
        for (double v : model8) {
            m = Math.max(m, v);
        }
        return m;
    }

    private double min8() {
        double m = model8[0];
        for (double v : model8) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double offAxisMean(FittedLines lines, LineAssignment assignment) {
        int n = lines.count();
        double sum = 0;
        int count = 0;
        if (assignment != null && assignment.status().usable()) {
            for (int k = 2; k < 8; k++) {
                int j = assignment.fittedIndex(k);
                if (j >= 0) {
                    sum += lines.centreMhz(j);
                    count++;
                }
            }
        } else {
            for (int j = 1; j < n - 1; j++) {
                sum += lines.centreMhz(j);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Exact 8 lines at B = b u and the axisymmetric stress (sigma_perp, sigma_perp, sigma_ZZ) into model8. */
    private void predict(double b, double ux, double uy, double uz, double szz, double sp, double d0Mhz) {
        java.util.Arrays.fill(sigma9, 0);
        sigma9[0] = sp;
        sigma9[4] = sp;
        sigma9[8] = szz;
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            hamiltonian.groupTransitions(g, b * ux, b * uy, b * uz, sigma9, d0Mhz, model8, 2 * g);
        }
    }
}
