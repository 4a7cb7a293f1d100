package org.culet.kernel.physics;

import static org.culet.kernel.physics.InversionResult.BX;
import static org.culet.kernel.physics.InversionResult.BY;
import static org.culet.kernel.physics.InversionResult.BZ;
import static org.culet.kernel.physics.InversionResult.QUANTITIES;
import static org.culet.kernel.physics.InversionResult.SIGMA_DEV;
import static org.culet.kernel.physics.InversionResult.SIGMA_PERP;
import static org.culet.kernel.physics.InversionResult.SIGMA_XY;
import static org.culet.kernel.physics.InversionResult.SIGMA_XZ;
import static org.culet.kernel.physics.InversionResult.SIGMA_YZ;
import static org.culet.kernel.physics.InversionResult.SIGMA_ZZ;
import static org.culet.kernel.physics.InversionResult.TAU_INTERFACE;
import static org.culet.kernel.physics.InversionResult.TAU_MAX;

import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvFrames;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.physics.InversionResult.ComponentState;
import org.culet.kernel.linalg.SymmetricEigenJacobi;

/**
 * Weighted least-squares fit of the exact NV Hamiltonian ({@link NvHamiltonian}, physics.md Sections 3
 * and 4) to assigned line centres, for the field and the identifiable stress components.
 *
 * <p>Model: for fitted line j carrying model lines A_j (one, or several for overlapping groups), the model
 * centre is the mean of the exact transition frequencies in A_j; residual r_j = (f_j - model_j) / err_j
 * (weights from the spectral fit's centre errors). Free parameters by {@link InversionSettings}: field
 * magnitude along the applied direction (or Bx, By, Bz) and sigma_ZZ, sigma_perp, sigma_XZ, sigma_YZ (and
 * optionally (XX-YY)/2, XY), with sigma_XX = sigma_perp + dev, sigma_YY = sigma_perp - dev.
 *
 * <p>Levenberg-Marquardt on the truncated SVD of the column-scaled weighted Jacobian J, obtained from the
 * eigen-decomposition of the small normal matrix J^T J = V S^2 V^T ({@link SymmetricEigenJacobi}; the
 * singular values are the square roots of its eigenvalues, and U^T r = S^-1 V^T J^T r, so U is never formed). The
 * Jacobian ({@code jacobian} setting) is ANALYTIC by default: H of every group is linear in the field and stress
 * parameters, so by Hellmann-Feynman (Feynman, Phys. Rev. 56, 340 (1939)) dE_k/dp = &lt;psi_k| dH/dp |psi_k&gt;
 * ({@link NvHamiltonian#groupTransitionsAndDerivatives}, one eigen solve per group instead of 1 + n or 2 n); the
 * along-bias magnitude b enters through B = b u (d/db = sum_i u_i d/dB_i), and a line merging several transitions
 * has the mean of their derivatives. Where two levels of a used group coincide (zero field, no transverse stress)
 * the derivative of each is undefined and the whole Jacobian falls back to finite differences. While iterating, the analytic
 * route adds the forward difference's secant term (h / 2) d^2f/dp^2 (second-order perturbation theory), so that the
 * iterates are those of the finite-difference route, which escape the symmetric zero-shear stationary point of
 * merged lines ({@link #analyticJacobian}). FINITE_DIFFERENCE
 * (steps {@code fd-step-gauss}, {@code fd-step-gpa}): forward differences during the iterations, central
 * differences (error O(h^2), about 1e-8 relative) for the covariance at the solution; the two routes give the same
 * results to that level. Singular directions below {@code svd-relative-cutoff}
 * of the largest are never stepped along, so combinations the data do not determine stay at the seed and
 * the parameters loading on them are flagged UNIDENTIFIED (reported NaN), as are those whose propagated
 * 1-sigma exceeds {@code max-sigma-*}. The shear tractions (and the in-plane deviator) carry a weak Gaussian
 * prior of width {@code shear-prior-gpa} (extra residual rows -theta / width): negligible where the lines
 * determine them (0.03 GPa against 2 GPa shrinks by 2e-4), and where they do not, their unknown values are
 * marginalised into the uncertainties of B and the normal stresses instead of silently set to zero, while
 * their own posterior 1-sigma (near the prior width) exceeds {@code max-sigma-gpa} and flags them.
 * Covariance = V S^-2 V^T (kept directions), rescaled to physical units and propagated to tau_max and
 * tau_interface by their gradients; chi^2, dof and POOR_FIT refer to the line data only.
 *
 * <p>Field-only mode ({@link #fieldOnly}): the stress is known (the pixel's reference stress, from the joint fits of
 * its reference sweeps) and fixed at start9's stress values; only the field parameters are fitted, and only to the
 * lines that carry a single transition when at least two such lines exist (111: the on-axis pair, physics.md
 * Section 5, gamma B_par = sqrt(E111^2 - |M_perp|^2) with M_perp from the known shear). Lines that merge several
 * transitions are then left out: the centre of one fitted line over several split transitions is not their mean
 * (an in-plane stray field or shear splits the off-axis groups by up to tens of MHz, a Lorentzian fit follows
 * the denser cluster), and using it would move B. The stress uncertainty is not propagated into B: the
 * on-axis splitting depends on the stress only through |M_perp|^2 / (2 E111), below 0.01 G per 0.1 GPa of
 * shear at 40 G and more.
 *
 * <p>Not thread-safe: one instance per thread, allocated once; {@link #invert} allocates nothing.
 */
public final class FieldStressInverter {
    /** Physical parameter indices (same as InversionResult's first 9 quantities). */
    private static final int PHYS = 9;
    /** 8 line rows (+1 spare) and up to 4 prior rows (sigma_XZ, sigma_YZ, sigma_dev, sigma_XY). */
    private static final int DATA_ROWS = 9;
    private static final int ROWS = DATA_ROWS + 4;
    private static final int FIELD_MAGNITUDE = -1;
    /**
     * chi^2 is in units of the line-centre variances: a drop below 1e-8 changes no parameter by more than
     * 1e-4 of its 1-sigma, so iterating on is pointless (it happens when an exact fit leaves only the weak
     * prior to be minimised).
     */
    private static final double ABSOLUTE_CHI2_TOLERANCE = 1e-8;

    private final InversionSettings settings;
    private final NvHamiltonian hamiltonian;
    /** Fit the field only, the stress fixed at start9's values, to the single-transition lines (see class doc). */
    private final boolean fieldOnly;
    /** Stress held fixed in field-only mode (physical indices of InversionResult), GPa. */
    private final double[] fixed9 = new double[PHYS];
    /** Which fitted lines enter the objective (all, unless field-only mode leaves merged lines out). */
    private final boolean[] lineUsed = new boolean[DATA_ROWS];
    private int usedLines;
    private final int nParams;
    /** For each fit parameter, its physical index, or FIELD_MAGNITUDE for the along-bias magnitude. */
    private final int[] kind;
    private final double[] fdStep;
    /** Hellmann-Feynman Jacobian (else finite differences), from {@link InversionSettings#jacobian()}. */
    private final boolean analytic;
    /**
     * Derivatives of the 8 transitions (NvHamiltonian order) with respect to the 9 physical parameters (G, GPa):
     * dModel8[9 k + physical index], MHz per G or GPa.
     */
    private final double[] dModel8 = new double[8 * NvHamiltonian.DERIVATIVE_PARAMETERS];
    /**
     * Direction of each fit parameter in the 9 physical parameters, directions[9 p + physical index] (the unit
     * vector of a stress component, or u for the along-bias magnitude); filled per {@link #invert} call.
     */
    private final double[] directions;
    /** Second derivatives of the transitions along each fit parameter: d2Model8[(group * nParams + p) * 2 + branch]. */
    private final double[] d2Model8;

    private final double[] u = new double[3];
    private final double[] theta;
    private final double[] trial;
    private final double[] fdTheta;
    private final double[] phys = new double[PHYS];
    private final double[] sigma9 = new double[9];
    private final double[] model8 = new double[8];
    private final double[] modelFitted = new double[8];
    private final double[] modelPlus = new double[8];
    private final double[] modelMinus = new double[8];
    private final double[] resid = new double[ROWS];
    private final double[] colScale;
    private final double[] step;
    private final boolean[] groupUsed = new boolean[NvFrames.GROUPS];
    /**
     * Groups with a transition on a line that enters the objective: the iterations need only these (in field-only
     * mode the on-axis pair alone, 1 of the 4 eigen-solutions); the others are computed for the reported model
     * lines ({@link #everyGroup}).
     */
    private final boolean[] groupNeeded = new boolean[NvFrames.GROUPS];
    /** {@link #model} computes every used group, not only the needed ones (the reported model lines). */
    private boolean everyGroup;
    private final boolean[] unidentified;
    private final double[] covTheta;
    private final double[] grad;
    /** Weighted Jacobian and its column-scaled copy, row-major [ROWS][nParams]. */
    private final double[] jac;
    private final double[] scaled;
    /** Normal matrix scaled^T scaled (row-major nParams x nParams) and scaled^T resid. */
    private final double[] normal;
    private final double[] jtr;
    /** Singular values of the scaled Jacobian (sqrt of the normal matrix's eigenvalues), eigen order. */
    private final double[] sv;
    private final SymmetricEigenJacobi eigen;

    /** Prior row of each fit parameter (shear tractions and in-plane deviator), or -1. */
    private final int[] priorRow;
    private final double priorWeight;
    private double lastDataChi2;
    private FittedLines lines;
    private LineAssignment assignment;
    private double d0;

    public FieldStressInverter(NvConstants constants, CuletOrientation orientation, InversionSettings settings) {
        this(constants, orientation, settings, false);
    }

    /**
     * fieldOnly: fit only the field (the configured field model) with the stress fixed at the start values, to
     * the single-transition lines (class doc); false: the joint field and stress fit.
     */
    public FieldStressInverter(NvConstants constants, CuletOrientation orientation, InversionSettings settings,
                               boolean fieldOnly) {
        this.settings = settings;
        this.fieldOnly = fieldOnly;
        this.hamiltonian = new NvHamiltonian(constants, orientation);
        this.analytic = settings.jacobian() == InversionSettings.Jacobian.ANALYTIC;
        boolean vector = settings.fieldModel() == InversionSettings.FieldModel.VECTOR;
        boolean full = settings.stressModel() == InversionSettings.StressModel.FULL_IN_PLANE;
        int nField = vector ? 3 : 1;
        int nStress = fieldOnly ? 0 : full ? 6 : 4;
        nParams = nField + nStress;
        kind = new int[nParams];
        fdStep = new double[nParams];
        int p = 0;
        if (vector) {
            for (int i = 0; i < 3; i++) {
                kind[p] = BX + i;
                fdStep[p++] = settings.fdStepGauss();
            }
        } else {
            kind[p] = FIELD_MAGNITUDE;
            fdStep[p++] = settings.fdStepGauss();
        }
        int[] stress = fieldOnly ? new int[0] : full
            ? new int[] {SIGMA_ZZ, SIGMA_PERP, SIGMA_XZ, SIGMA_YZ, SIGMA_DEV, SIGMA_XY}
            : new int[] {SIGMA_ZZ, SIGMA_PERP, SIGMA_XZ, SIGMA_YZ};
        for (int s : stress) {
            kind[p] = s;
            fdStep[p++] = settings.fdStepGpa();
        }
        priorRow = new int[nParams];
        int row = DATA_ROWS;
        for (int q = 0; q < nParams; q++) {
            boolean prior = settings.shearPriorGpa() > 0 && (kind[q] == SIGMA_XZ || kind[q] == SIGMA_YZ
                || kind[q] == SIGMA_DEV || kind[q] == SIGMA_XY);
            priorRow[q] = prior ? row++ : -1;
        }
        priorWeight = settings.shearPriorGpa() > 0 ? 1 / settings.shearPriorGpa() : 0;
        theta = new double[nParams];
        trial = new double[nParams];
        fdTheta = new double[nParams];
        colScale = new double[nParams];
        step = new double[nParams];
        unidentified = new boolean[nParams];
        covTheta = new double[nParams * nParams];
        grad = new double[nParams];
        jac = new double[ROWS * nParams];
        scaled = new double[ROWS * nParams];
        normal = new double[nParams * nParams];
        jtr = new double[nParams];
        sv = new double[nParams];
        eigen = new SymmetricEigenJacobi(nParams);
        directions = new double[nParams * NvHamiltonian.DERIVATIVE_PARAMETERS];
        d2Model8 = new double[NvFrames.GROUPS * nParams * 2];
    }

    /** Number of free fit parameters of the configured model. */
    public int parameterCount() {
        return nParams;
    }

    /**
     * Fits the exact model to the assigned lines. (ux, uy, uz): unit applied-field direction (the axis of
     * the along-bias field model); start9: starting physical values (Bx, By, Bz, sigma_ZZ, sigma_perp,
     * sigma_XZ, sigma_YZ, sigma_dev, sigma_XY) in G and GPa; d0Mhz: zero-field splitting. Writes value,
     * sigma, covariance, state, chi2, dof, iterations, status, modelLinesMhz and d0Mhz of out (assignment
     * and firstOrder of out are left alone). Mutates out only.
     */
    public void invert(FittedLines lines, LineAssignment assignment, double ux, double uy, double uz,
                       double[] start9, double d0Mhz, InversionResult out) {
        invert(lines, assignment, ux, uy, uz, start9, d0Mhz, settings.maxIterations(), out);
    }

    /** As {@link #invert(FittedLines, LineAssignment, double, double, double, double[], double, InversionResult)} with an iteration limit. */
    public void invert(FittedLines lines, LineAssignment assignment, double ux, double uy, double uz,
                       double[] start9, double d0Mhz, int maxIterations, InversionResult out) {
        out.reset(InversionStatus.BAD_INPUT);
        out.d0Mhz = d0Mhz;
        if (!lines.isValid() || !Double.isFinite(d0Mhz)) {
            return;
        }
        if (!assignment.status().usable()) {
            out.status = InversionStatus.UNASSIGNABLE;
            return;
        }
        this.lines = lines;
        this.assignment = assignment;
        this.d0 = d0Mhz;
        u[0] = ux;
        u[1] = uy;
        u[2] = uz;
        java.util.Arrays.fill(directions, 0);
        for (int p = 0; p < nParams; p++) {
            int base = p * NvHamiltonian.DERIVATIVE_PARAMETERS;
            if (kind[p] == FIELD_MAGNITUDE) {
                directions[base + BX] = ux;
                directions[base + BY] = uy;
                directions[base + BZ] = uz;
            } else {
                directions[base + kind[p]] = 1;
            }
        }
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            groupUsed[g] = assignment.fittedIndex(2 * g) >= 0 || assignment.fittedIndex(2 * g + 1) >= 0;
        }
        for (int p = 0; p < nParams; p++) {
            theta[p] = kind[p] == FIELD_MAGNITUDE ? start9[BX] * ux + start9[BY] * uy + start9[BZ] * uz : start9[kind[p]];
        }
        int n = lines.count();
        selectLines(n, start9);
        double chi2 = chi2(theta);
        double lambda = -1;
        boolean converged = false;
        int it = 0;
        while (it < maxIterations && !converged) {
            it++;
            if (!jacobianSvd(n, false)) {
                out.status = InversionStatus.NOT_CONVERGED;
                out.iterations = it;
                return;
            }
            double smax = maxOf(sv, nParams);
            if (!(smax > 0)) {
                break; // nothing depends on any parameter: leave the seed, everything is flagged below
            }
            if (lambda < 0) {
                lambda = 1e-3 * smax * smax;
            }
            boolean accepted = false;
            for (int inner = 0; inner < 12 && !accepted; inner++) {
                computeStep(sv, smax, lambda);
                double stepNorm = 0;
                double thetaNorm = 0;
                for (int p = 0; p < nParams; p++) {
                    trial[p] = theta[p] + step[p];
                    stepNorm += step[p] * step[p];
                    thetaNorm += theta[p] * theta[p];
                }
                double chi2Trial = chi2(trial);
                if (chi2Trial <= chi2) {
                    accepted = true;
                    double drop = chi2 - chi2Trial;
                    System.arraycopy(trial, 0, theta, 0, nParams);
                    boolean smallStep = Math.sqrt(stepNorm) <= settings.stepTolerance() * (Math.sqrt(thetaNorm) + 1);
                    converged = drop <= settings.relativeChi2Tolerance() * chi2 + ABSOLUTE_CHI2_TOLERANCE
                        || smallStep || chi2Trial < 1e-24;
                    chi2 = chi2Trial;
                    lambda *= 0.3;
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) {
                converged = true; // no downhill step left at any damping: a minimum to working precision
            }
        }
        out.iterations = it;
        if (!converged && maxIterations < settings.maxIterations()) {
            // screening run: only the score matters (chi^2 and the end point), skip the covariance
            toPhysical(theta, phys);
            System.arraycopy(phys, 0, out.solutionParameters, 0, PHYS);
            for (int q = 0; q < PHYS; q++) {
                out.value[q] = phys[q];
            }
            chi2(theta);
            out.chi2 = lastDataChi2;
            out.status = InversionStatus.NOT_CONVERGED;
            return;
        }
        finish(n, chi2, converged, out);
    }

    private void finish(int n, double chi2, boolean converged, InversionResult out) {
        everyGroup = true;
        chi2(theta); // leaves modelFitted / model8 (every used group) at the solution
        everyGroup = false;
        System.arraycopy(model8, 0, out.modelLinesMhz, 0, 8);
        double maxRes = 0;
        for (int j = 0; j < n; j++) {
            if (lineUsed[j]) {
                maxRes = Math.max(maxRes, Math.abs(lines.centreMhz(j) - modelFitted[j]));
            }
        }
        out.maxResidualMhz = maxRes;
        out.chi2 = lastDataChi2;
        if (!jacobianSvd(n, true)) {
            out.status = InversionStatus.NOT_CONVERGED;
            return;
        }
        double smax = maxOf(sv, nParams);
        double smin = Double.POSITIVE_INFINITY;
        int rank = 0;
        java.util.Arrays.fill(unidentified, false);
        java.util.Arrays.fill(covTheta, 0);
        for (int k = 0; k < nParams; k++) {
            boolean kept = smax > 0 && sv[k] > settings.svdRelativeCutoff() * smax;
            if (kept) {
                rank++;
                smin = Math.min(smin, sv[k]);
                double inv = 1.0 / (sv[k] * sv[k]);
                for (int p = 0; p < nParams; p++) {
                    double vp = eigen.vector(p, k);
                    for (int q = 0; q < nParams; q++) {
                        covTheta[p * nParams + q] += vp * eigen.vector(q, k) * inv;
                    }
                }
            } else {
                for (int p = 0; p < nParams; p++) {
                    if (Math.abs(eigen.vector(p, k)) > settings.unidentifiedLoading()) {
                        unidentified[p] = true;
                    }
                }
            }
        }
        out.conditionNumber = rank > 0 ? smax / smin : Double.NaN;
        double dataChi2 = out.chi2;
        double scale = 1.0;
        for (int p = 0; p < nParams; p++) {
            for (int q = 0; q < nParams; q++) {
                covTheta[p * nParams + q] *= scale / (colScale[p] * colScale[q]);
            }
        }
        // A parameter constrained mostly by its prior is not measured: its posterior 1-sigma stays near the
        // prior width and the max-sigma test below flags it.
        for (int p = 0; p < nParams; p++) {
            double sd = Math.sqrt(covTheta[p * nParams + p]);
            double limit = kind[p] < SIGMA_ZZ ? settings.maxSigmaGauss() : settings.maxSigmaGpa();
            if (!(sd <= limit)) {
                unidentified[p] = true;
            }
        }
        boolean anyUnidentified = false;
        int identified = 0;
        for (int p = 0; p < nParams; p++) {
            anyUnidentified |= unidentified[p];
            identified += unidentified[p] ? 0 : 1;
        }
        // Degrees of freedom of the data: lines minus the parameters they determine (the prior fixes the rest).
        out.dof = Math.max(0, usedLines - identified);
        out.reducedChi2 = out.dof > 0 ? dataChi2 / out.dof : Double.NaN;
        if (settings.scaleCovarianceByReducedChi2() && out.dof > 0 && out.reducedChi2 > 0) {
            for (int i = 0; i < covTheta.length; i++) {
                covTheta[i] *= out.reducedChi2;
            }
        }
        report(out);
        if (!converged) {
            out.status = InversionStatus.NOT_CONVERGED;
        } else if (out.dof > 0 && out.reducedChi2 > settings.maxReducedChi2()) {
            out.status = InversionStatus.POOR_FIT;
        } else {
            out.status = anyUnidentified ? InversionStatus.PARTIAL : InversionStatus.OK;
        }
    }

    /** Physical values, propagated covariance and component states into out. */
    private void report(InversionResult out) {
        toPhysical(theta, phys);
        System.arraycopy(phys, 0, out.solutionParameters, 0, PHYS);
        double szz = phys[SIGMA_ZZ];
        double sp = phys[SIGMA_PERP];
        double sxz = phys[SIGMA_XZ];
        double syz = phys[SIGMA_YZ];
        double tauMaxSign = szz - sp >= 0 ? 1 : -1;
        double tauInt = Math.hypot(sxz, syz);
        for (int q = 0; q < QUANTITIES; q++) {
            out.value[q] = q < PHYS ? phys[q] : q == TAU_MAX ? 0.5 * Math.abs(szz - sp) : tauInt;
        }
        // Gradient rows G[q][p] of each reported quantity with respect to the fit parameters.
        for (int q = 0; q < QUANTITIES; q++) {
            boolean dependsOnFree = false;
            boolean dependsOnUnidentified = false;
            for (int p = 0; p < nParams; p++) {
                double g = gradient(q, p, tauMaxSign, sxz, syz, tauInt);
                grad[p] = g;
                if (g != 0 || (q <= BZ && kind[p] == FIELD_MAGNITUDE)) {
                    dependsOnFree = true;
                    dependsOnUnidentified |= unidentified[p];
                }
            }
            for (int r = 0; r <= q; r++) {
                double c = 0;
                for (int p = 0; p < nParams; p++) {
                    if (grad[p] == 0) {
                        continue;
                    }
                    for (int s = 0; s < nParams; s++) {
                        c += grad[p] * covTheta[p * nParams + s] * gradient(r, s, tauMaxSign, sxz, syz, tauInt);
                    }
                }
                out.covariance[q * QUANTITIES + r] = c;
                out.covariance[r * QUANTITIES + q] = c;
            }
            if (!dependsOnFree) {
                out.state[q] = ComponentState.FIXED_BY_MODEL;
            } else {
                out.state[q] = dependsOnUnidentified ? ComponentState.UNIDENTIFIED : ComponentState.FITTED;
            }
        }
        out.maskUnidentifiedAndSetSigmas();
        if (kind[0] == FIELD_MAGNITUDE) {
            out.bAlongBiasGauss = unidentified[0] ? Double.NaN : theta[0];
            out.bAlongBiasSigmaGauss = unidentified[0] ? Double.NaN : Math.sqrt(covTheta[0]);
        } else {
            // The component along the applied direction, B . u (the Meissner measures compare it with the applied
            // field); determined when every component it involves is.
            boolean ok = true;
            double b = 0;
            for (int i = 0; i < 3; i++) {
                if (Math.abs(u[i]) > 1e-12) {
                    ok &= !unidentified[i];
                    b += phys[i] * u[i];
                }
            }
            double var = 0;
            for (int i = 0; i < 3 && ok; i++) {
                for (int j = 0; j < 3; j++) {
                    if (Math.abs(u[i]) > 1e-12 && Math.abs(u[j]) > 1e-12) {
                        var += u[i] * u[j] * covTheta[i * nParams + j];
                    }
                }
            }
            out.bAlongBiasGauss = ok ? b : Double.NaN;
            out.bAlongBiasSigmaGauss = ok ? Math.sqrt(var) : Double.NaN;
        }
    }

    /** d quantity q / d fit parameter p ({@link InversionResult#quantityDerivative}). */
    private double gradient(int q, int p, double tauMaxSign, double sxz, double syz, double tauInt) {
        return InversionResult.quantityDerivative(q, kind[p], u, tauMaxSign, sxz, syz, tauInt);
    }

    /**
     * Levenberg-Marquardt step from the truncated SVD: delta = V diag(s / (s^2 + lambda)) U^T r
     * = V diag(1 / (s^2 + lambda)) V^T J^T r (as s U^T r = V^T J^T r), then unscaled.
     */
    private void computeStep(double[] sv, double smax, double lambda) {
        java.util.Arrays.fill(step, 0);
        for (int k = 0; k < nParams; k++) {
            if (!(sv[k] > settings.svdRelativeCutoff() * smax)) {
                continue;
            }
            double g = 0;
            for (int p = 0; p < nParams; p++) {
                g += eigen.vector(p, k) * jtr[p];
            }
            double f = g / (sv[k] * sv[k] + lambda);
            for (int p = 0; p < nParams; p++) {
                step[p] += eigen.vector(p, k) * f;
            }
        }
        for (int p = 0; p < nParams; p++) {
            step[p] /= colScale[p];
        }
    }

    /**
     * Weighted Jacobian at theta (analytic, or finite differences: central when {@code central}, else forward, half
     * the cost, used for the iterations; the covariance at the solution always uses central differences), column
     * scaling, SVD (through the normal matrix). Leaves resid at theta's residuals. Returns false when the
     * decomposition fails (non-finite Jacobian).
     */
    private boolean jacobianSvd(int n, boolean central) {
        java.util.Arrays.fill(jac, 0);
        boolean modelAtTheta = analytic && analyticJacobian(n, central);
        if (!modelAtTheta) {
            finiteDifferenceJacobian(n, central);
        }
        for (int p = 0; p < nParams; p++) {
            double norm = 0;
            for (int j = 0; j < n; j++) {
                double d = jac[j * nParams + p];
                norm += d * d;
            }
            if (priorRow[p] >= 0) {
                jac[priorRow[p] * nParams + p] = priorWeight;
                norm += priorWeight * priorWeight;
            }
            colScale[p] = norm > 0 ? Math.sqrt(norm) : 1;
        }
        for (int j = 0; j < ROWS; j++) {
            for (int p = 0; p < nParams; p++) {
                scaled[j * nParams + p] = jac[j * nParams + p] / colScale[p];
            }
        }
        if (modelAtTheta) {
            // model8 already holds theta's transitions (the same eigenvalues model() would compute)
            combine(modelFitted);
            residuals(theta);
        } else {
            chi2(theta);
        }
        for (int p = 0; p < nParams; p++) {
            double g = 0;
            for (int j = 0; j < ROWS; j++) {
                g += scaled[j * nParams + p] * resid[j];
            }
            jtr[p] = g;
            for (int q = p; q < nParams; q++) {
                double c = 0;
                for (int j = 0; j < ROWS; j++) {
                    c += scaled[j * nParams + p] * scaled[j * nParams + q];
                }
                normal[p * nParams + q] = c;
                normal[q * nParams + p] = c;
            }
        }
        if (!eigen.decompose(normal, nParams)) {
            return false;
        }
        for (int k = 0; k < nParams; k++) {
            sv[k] = Math.sqrt(Math.max(0, eigen.value(k)));
        }
        return true;
    }

    /**
     * Data rows of the weighted Jacobian by finite differences of {@link #model} (steps fdStep; central or forward).
     * Mutates jac (data rows), fdTheta, modelPlus, modelMinus.
     */
    private void finiteDifferenceJacobian(int n, boolean central) {
        System.arraycopy(theta, 0, fdTheta, 0, nParams);
        if (!central) {
            model(theta, modelMinus);
        }
        for (int p = 0; p < nParams; p++) {
            double h = fdStep[p];
            fdTheta[p] = theta[p] + h;
            model(fdTheta, modelPlus);
            if (central) {
                fdTheta[p] = theta[p] - h;
                model(fdTheta, modelMinus);
            }
            fdTheta[p] = theta[p];
            for (int j = 0; j < n; j++) {
                jac[j * nParams + p] = lineUsed[j]
                    ? (modelPlus[j] - modelMinus[j]) / ((central ? 2 : 1) * h) / lines.centreErrMhz(j) : 0;
            }
        }
    }

    /**
     * Data rows of the weighted Jacobian at theta from the Hellmann-Feynman derivatives of every used group's
     * transitions: d model_j / d theta_p = mean over the transitions k of line j of d f_k / d theta_p, with
     * d/d b = u . d/dB for the along-bias magnitude; divided by the line's centre error like the residual.
     *
     * <p>While iterating ({@code exact} false) each column is the forward-difference slope the finite-difference
     * route uses, (f(theta + h e_p) - f(theta)) / h = f' + (h / 2) f'' + O(h^2), with f'' from second-order
     * perturbation theory ({@link NvHamiltonian#secondDerivativesAlong}) and h = fd-step: the same iterates as that
     * route to O(h^2). This matters beyond reproducibility: with merged off-axis lines the model is even in the shear
     * (the mean of mirror-symmetric groups), so zero shear is a stationary point where the exact gradient vanishes
     * and Gauss-Newton would never leave it, while the secant slope (h / 2) f'' moves the fit off it towards the
     * lower-chi^2 sheared minima it reaches with finite differences. At the solution ({@code exact}) the columns are
     * the exact derivatives (what the central differences approximate to O(h^2)).
     *
     * <p>Also leaves theta's transitions in model8. Returns false (jac then partly written; the caller overwrites
     * it) when two levels of a used group are degenerate. Mutates jac (data rows), model8, dModel8, d2Model8,
     * phys, sigma9.
     */
    private boolean analyticJacobian(int n, boolean exact) {
        toPhysical(theta, phys);
        fillSigma9();
        int params = NvHamiltonian.DERIVATIVE_PARAMETERS;
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            if (groupNeeded[g]) {
                if (!hamiltonian.groupTransitionsAndDerivatives(g, phys[BX], phys[BY], phys[BZ], sigma9, d0, model8,
                    2 * g, dModel8, 2 * g * params)) {
                    return false;
                }
                if (!exact) {
                    for (int p = 0; p < nParams; p++) {
                        hamiltonian.secondDerivativesAlong(directions, p * params, d2Model8, (g * nParams + p) * 2);
                    }
                }
            } else if (!groupUsed[g]) {
                model8[2 * g] = model8[2 * g + 1] = Double.NaN;
            } // else: only on lines left out of the objective; model8 keeps the values of the last model()
        }
        for (int k = 0; k < 8; k++) {
            int j = assignment.fittedIndex(k);
            if (j < 0 || !lineUsed[j]) {
                continue;
            }
            int base = k * params;
            int group = k / 2;
            int branch = k % 2;
            for (int p = 0; p < nParams; p++) {
                double d = kind[p] == FIELD_MAGNITUDE
                    ? u[0] * dModel8[base + BX] + u[1] * dModel8[base + BY] + u[2] * dModel8[base + BZ]
                    : dModel8[base + kind[p]];
                if (!exact) {
                    d += 0.5 * fdStep[p] * d2Model8[(group * nParams + p) * 2 + branch];
                }
                jac[j * nParams + p] += d;
            }
        }
        for (int j = 0; j < n; j++) {
            if (lineUsed[j]) {
                double w = Math.max(1, assignment.multiplicity(j)) * lines.centreErrMhz(j);
                for (int p = 0; p < nParams; p++) {
                    jac[j * nParams + p] /= w;
                }
            }
        }
        return true;
    }

    /**
     * Objective at th: data chi^2 plus the Gaussian prior on the shear tractions and in-plane deviator;
     * fills resid (weighted, zero in unused rows), modelFitted and lastDataChi2.
     */
    private double chi2(double[] th) {
        model(th, modelFitted);
        return residuals(th);
    }

    /** The part of {@link #chi2} after the model: residuals of modelFitted and the prior rows of th. */
    private double residuals(double[] th) {
        int n = lines.count();
        double c = 0;
        for (int j = 0; j < ROWS; j++) {
            if (j < n && lineUsed[j]) {
                double r = (lines.centreMhz(j) - modelFitted[j]) / lines.centreErrMhz(j);
                resid[j] = r;
                c += r * r;
            } else {
                resid[j] = 0;
            }
        }
        lastDataChi2 = c;
        for (int p = 0; p < nParams; p++) {
            if (priorRow[p] >= 0) {
                double r = -th[p] * priorWeight;
                resid[priorRow[p]] = r;
                c += r * r;
            }
        }
        return c;
    }

    /** Model centre of each fitted line (mean of its assigned exact transitions) into out (mutated). */
    private void model(double[] th, double[] out) {
        toPhysical(th, phys);
        fillSigma9();
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            if (groupNeeded[g] || (everyGroup && groupUsed[g])) {
                hamiltonian.groupTransitions(g, phys[BX], phys[BY], phys[BZ], sigma9, d0, model8, 2 * g);
            } else if (!groupUsed[g]) {
                model8[2 * g] = model8[2 * g + 1] = Double.NaN;
            }
        }
        combine(out);
    }

    /** Lab stress tensor (row-major, GPa) of phys into sigma9. */
    private void fillSigma9() {
        InversionResult.labStressTensor(phys, sigma9);
    }

    /** Model centre of each fitted line from model8 (mean of its assigned transitions) into out (mutated). */
    private void combine(double[] out) {
        int n = lines.count();
        for (int j = 0; j < n; j++) {
            out[j] = 0;
        }
        for (int k = 0; k < 8; k++) {
            int j = assignment.fittedIndex(k);
            if (j >= 0) {
                out[j] += model8[k];
            }
        }
        for (int j = 0; j < n; j++) {
            out[j] /= Math.max(1, assignment.multiplicity(j));
        }
    }

    /**
     * Decides which lines enter the objective: all, except in field-only mode, where only the lines carrying one
     * transition are used when there are at least two of them; also keeps the fixed stress of field-only mode.
     */
    private void selectLines(int n, double[] start9) {
        int single = 0;
        for (int j = 0; j < n; j++) {
            single += assignment.multiplicity(j) == 1 ? 1 : 0;
        }
        boolean onlySingle = fieldOnly && single >= 2;
        usedLines = 0;
        for (int j = 0; j < DATA_ROWS; j++) {
            lineUsed[j] = j < n && (!onlySingle || assignment.multiplicity(j) == 1);
            usedLines += lineUsed[j] ? 1 : 0;
        }
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            int lo = assignment.fittedIndex(2 * g);
            int hi = assignment.fittedIndex(2 * g + 1);
            groupNeeded[g] = (lo >= 0 && lineUsed[lo]) || (hi >= 0 && lineUsed[hi]);
        }
        java.util.Arrays.fill(fixed9, 0);
        if (fieldOnly) {
            for (int q = SIGMA_ZZ; q < PHYS; q++) {
                fixed9[q] = start9[q];
            }
        }
    }

    private void toPhysical(double[] th, double[] out9) {
        System.arraycopy(fixed9, 0, out9, 0, PHYS);
        for (int p = 0; p < nParams; p++) {
            if (kind[p] == FIELD_MAGNITUDE) {
                out9[BX] = th[p] * u[0];
                out9[BY] = th[p] * u[1];
                out9[BZ] = th[p] * u[2];
            } else {
                out9[kind[p]] = th[p];
            }
        }
    }

    private static double maxOf(double[] a, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }
}
