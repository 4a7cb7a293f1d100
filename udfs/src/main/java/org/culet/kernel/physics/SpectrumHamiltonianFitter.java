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

import com.typesafe.config.Config;
import java.util.Arrays;
import org.culet.kernel.fit.Baseline;
import org.culet.kernel.fit.LineShape;
import org.culet.kernel.linalg.Dot;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvFrames;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.physics.InversionResult.ComponentState;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Field and stress fitted to the whole spectrum: the 8 exact NV transitions of {@link NvHamiltonian} (physics.md
 * Sections 3 and 4) each drawn as a dip of the spectral fit's line shape, on its polynomial baseline, fitted to the
 * counts by Levenberg-Marquardt. It refines a joint line-centre inversion ({@link FieldStressInverter}) of the same
 * spectrum.
 *
 * <p>Why: the line-centre inversion models a fitted line that covers several transitions (the off-axis groups of a
 * 111 culet, split by shear into dips closer than their width) as the MEAN of those transitions. A single dip fitted
 * over unequally spaced transitions is not centred on their mean: it follows the denser cluster. That bias repeats
 * in every sweep of a pixel and grows with the interface shear (on the demo sigma_ZZ error 0.02 GPa RMS below 0.3
 * GPa of tau_interface, 0.11 GPa at 1-1.5 GPa, with reported 1-sigma near 0.045 GPa throughout). Drawing every
 * transition as its own dip removes the blend from the model instead of hiding it in an uncertainty.
 *
 * <p>Model, counts: {@code y(f) = P(x) - sum_k A_a(k) s(f; f_k(theta), w_c(k))}, x = (f - f_mid) / half-span, P the
 * baseline polynomial, s the unit-peak line shape, f_k the exact transitions. Parameters: the field magnitude b
 * along the applied direction u (G; B = b u), the stress components of the configured {@link
 * InversionSettings.StressModel} (GPa), one FWHM per width class (MHz), the baseline coefficients, and one amplitude
 * per amplitude class (counts). Classes (the assumption of this model): for a 111 culet the on-axis group's two
 * transitions each have their own amplitude, the three off-axis groups share one amplitude per branch (f-, f+) and
 * one FWHM (the on-axis pair has its own); for a 100 culet, whose four groups are equivalent under a field along Z,
 * one amplitude per branch and one FWHM. Merged off-axis groups cannot tell their amplitudes apart, so per-group
 * amplitudes would be undetermined exactly where the refinement matters. Where a spectrum contradicts these classes,
 * its chi^2 does and the refinement is not used (below).
 *
 * <p>Noise: residuals are divided by sqrt(noiseVariance) (the spectral fit's reduced chi^2: its noise variance
 * estimate, or about 1 for its Poisson weights 1/y), so that the weak Gaussian prior on the shear tractions and the
 * in-plane deviator (width {@code shear-prior-gpa}, as in {@link FieldStressInverter}) has its intended weight.
 * After convergence the data part of the normal matrix is rescaled by this fit's own residual variance, so the
 * covariance (J^T J / v + prior)^-1 is in the data's own noise units.
 *
 * <p>The refinement is used (and the inversion result overwritten) only when it converges, every width stays within
 * [min-fwhm-mhz, max-fwhm-mhz], and its residual variance is at most {@code max-chi2-ratio} times the spectral
 * fit's: the Hamiltonian model (fewer parameters) must describe the spectrum about as well as free dips do.
 * Position derivatives df_k/dtheta are the Hellmann-Feynman derivatives of the exact Hamiltonian ({@link
 * NvHamiltonian#groupTransitionsAndDerivatives}), or central finite differences (steps {@code fd-step-gauss}, {@code
 * fd-step-gpa}) where two levels of a group nearly coincide; the line-shape derivatives are analytic ({@link
 * LineShape#evaluate}).
 *
 * <p>Not thread-safe: one instance per thread; buffers grow to the longest spectrum seen and are reused, so
 * {@link #refine} allocates nothing after the first spectrum of a given length.
 */
public final class SpectrumHamiltonianFitter {
    /** {@code culet.physics.spectrum-refine}. */
    public record Settings(boolean enabled, int maxIterations, double maxChi2Ratio, double minFwhmMhz,
                           double maxFwhmMhz, double retryChi2Ratio, double retryFieldGauss)
        implements java.io.Serializable {
        public static Settings fromConfig(Config root) {
            Config c = root.getConfig("culet.physics.spectrum-refine");
            return new Settings(c.getBoolean("enabled"), c.getInt("max-iterations"), c.getDouble("max-chi2-ratio"),
                c.getDouble("min-fwhm-mhz"), c.getDouble("max-fwhm-mhz"), c.getDouble("retry-chi2-ratio"),
                c.getDouble("retry-field-gauss"));
        }
    }

    private static final int PHYS = 9;
    /**
     * Converged when an accepted step lowers chi^2 (in noise-variance units) by less than this: a drop of 0.01 means
     * the step moved the parameters by about 0.1 of their 1-sigma along the steepest direction. Near zero shear the
     * off-axis splitting is a cone in (sigma_XZ, sigma_YZ) (it grows with |tau|, physics.md Section 3), where
     * Gauss-Newton steps zigzag across the apex and chi^2 creeps down by 0.003-0.01 per iteration for dozens of
     * iterations while sigma_ZZ and B stay put; a fit that reaches the iteration limit still creeping by less than
     * {@link #CREEP_TOLERANCE} is at its minimum for every identified parameter and is kept.
     */
    private static final double CHI2_TOLERANCE = 1e-2;
    private static final double CREEP_TOLERANCE = 0.05;
    /** Start grid of {@link #chooseStart}: interface shear magnitudes (GPa) and directions (degrees from X). */
    private static final double[] START_SHEAR_GPA = {0.4, 0.8, 1.2, 1.6, 2.0};
    private static final double[] START_DIRECTIONS_DEG = {0, 30, 60};
    /** sigma_ZZ offsets (GPa) of the second fit's starts ({@link #widerStart}). */
    private static final double[] WIDER_SZZ_OFFSETS_GPA = {-1.5, -0.75, 0, 0.75, 1.5};
    private static final int LINES = NvHamiltonian.LINES;

    private final InversionSettings inversion;
    private final Settings settings;
    private final NvHamiltonian hamiltonian;
    private final LineShape shape;
    private final double eta;
    /** Physics parameters: index 0 = b along u (G), then the stress kinds (physical indices of InversionResult). */
    private final int[] physKind;
    private final int nPhys;
    private final int nWidth;
    private final int nBase;
    private final int nAmp;
    private final int n;
    /** Width class and amplitude class of each of the 8 lines. */
    private final int[] widthClass = new int[LINES];
    private final int[] ampClass = new int[LINES];
    private final int firstWidth;
    private final int firstBase;
    private final int firstAmp;
    private final double priorWeight;
    private final boolean[] hasPrior;

    private final double[] u = new double[3];
    private final double[] params;
    private final double[] trial;
    private final double[] best;
    private final double[] alternative;
    private final double[] widerBest;
    /** Stress couplings of the axial splitting D (physics.md Section 3): a1 - a2 and a1 + 2 a2, MHz/GPa. */
    private final double mzPerp;
    private final double mzAxial;
    private final double[] phys = new double[PHYS];
    private final double[] sigma9 = new double[9];
    private final double[] centres = new double[LINES];
    private final double[] plus = new double[LINES];
    private final double[] minus = new double[LINES];
    /** dcentre_k / dphys_p, row-major [LINES][nPhys]. */
    private final double[] dCentre;
    /** Hellmann-Feynman derivatives of the 8 lines w.r.t. the 9 physical parameters, [LINES][9]. */
    private final double[] lineDerivatives = new double[LINES * NvHamiltonian.DERIVATIVE_PARAMETERS];
    private final double[] normal;
    private final double[] gradient;
    private final boolean[] active;
    private final double[] fdStep;
    private final DMatrixRMaj system;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj solution;
    private final DMatrixRMaj inverse;
    private final LinearSolverDense<DMatrixRMaj> cholesky;
    private final double[] covPhys;
    /**
     * Normal-matrix entries of the baseline columns with each other (row-major [nBase][nBase]) and with {@link
     * #yScaled}: the baseline columns x^j scale are constant through a refinement (set in {@link #setScale}), so
     * these dot products are too.
     */
    private final double[] baseNormal;
    private final double[] baseGradientCounts;
    /** Scratch of {@link #rowDots}: the columns of one normal-matrix row (-1: the gradient) and their dot products. */
    private final int[] rowTarget;
    private final double[] rowDots;
    private final double[] grad = new double[QUANTITIES];

    private int capacity;
    private double[] f = new double[0];
    private double[] y = new double[0];
    private double[] x = new double[0];
    private double[] scale = new double[0];
    private double[] resid = new double[0];
    /**
     * Scaled counts y scale: the residuals at zero baseline and amplitudes, i.e. those of every {@link #initialLinear}
     * (whose model is exactly 0 before its linear solve), and their sum of squares {@link #chi2Counts}.
     */
    private double[] yScaled = new double[0];
    private double chi2Counts;
    private double[] model = new double[0];
    /** a dsdc scale of each line, [LINES][m] (the position columns' terms). */
    private double[] work = new double[0];
    private double[] s = new double[0];
    private double[] dsdc = new double[0];
    private double[] dsdw = new double[0];
    /** Jacobian of the scaled model, column-major [n][m]. */
    private double[] jac = new double[0];
    private int m;
    private double lastDataChi2;
    private double noiseVariance;
    private double d0;
    /** The seed's shear tractions were determined by the line centres (state FITTED). */
    private boolean seedShearIdentified;

    /** Residual variance of the last refinement over the spectral fit's (the acceptance test's ratio). */
    private double lastVarianceRatio = Double.NaN;
    /** Whether the last refinement was used from its warm start (no cold start run). */
    private boolean lastWarmKept;

    public SpectrumHamiltonianFitter(NvConstants constants, CuletOrientation orientation, InversionSettings inversion,
                                     Settings settings, LineShape shape, double voigtEta, Baseline baseline) {
        this.inversion = inversion;
        this.settings = settings;
        this.hamiltonian = new NvHamiltonian(constants, orientation);
        this.shape = shape;
        this.eta = voigtEta;
        boolean full = inversion.stressModel() == InversionSettings.StressModel.FULL_IN_PLANE;
        int[] stress = full ? new int[] {SIGMA_ZZ, SIGMA_PERP, SIGMA_XZ, SIGMA_YZ, SIGMA_DEV, SIGMA_XY}
            : new int[] {SIGMA_ZZ, SIGMA_PERP, SIGMA_XZ, SIGMA_YZ};
        nPhys = 1 + stress.length;
        physKind = new int[nPhys];
        physKind[0] = -1;
        System.arraycopy(stress, 0, physKind, 1, stress.length);
        boolean c111 = orientation == CuletOrientation.C111;
        for (int k = 0; k < LINES; k++) {
            int group = k / 2;
            int branch = k % 2;
            boolean onAxis = orientation.isOnAxis(group);
            widthClass[k] = c111 && !onAxis ? 1 : 0;
            ampClass[k] = c111 ? (onAxis ? branch : 2 + branch) : branch;
        }
        nWidth = c111 ? 2 : 1;
        nAmp = c111 ? 4 : 2;
        nBase = baseline.terms;
        firstWidth = nPhys;
        firstBase = firstWidth + nWidth;
        firstAmp = firstBase + nBase;
        n = firstAmp + nAmp;
        priorWeight = inversion.shearPriorGpa() > 0 ? 1 / inversion.shearPriorGpa() : 0;
        hasPrior = new boolean[n];
        fdStep = new double[nPhys];
        for (int p = 0; p < nPhys; p++) {
            int k = physKind[p];
            hasPrior[p] = priorWeight > 0 && (k == SIGMA_XZ || k == SIGMA_YZ || k == SIGMA_DEV || k == SIGMA_XY);
            fdStep[p] = p == 0 ? inversion.fdStepGauss() : inversion.fdStepGpa();
        }
        params = new double[n];
        trial = new double[n];
        best = new double[n];
        alternative = new double[n];
        widerBest = new double[n];
        mzPerp = constants.mzPerpCoefficient();
        mzAxial = constants.mzAxialCoefficient();
        dCentre = new double[LINES * nPhys];
        normal = new double[n * n];
        gradient = new double[n];
        active = new boolean[n];
        system = new DMatrixRMaj(n, n);
        rhs = new DMatrixRMaj(n, 1);
        solution = new DMatrixRMaj(n, 1);
        inverse = new DMatrixRMaj(n, n);
        cholesky = LinearSolverFactory_DDRM.chol(n);
        covPhys = new double[nPhys * nPhys];
        baseNormal = new double[nBase * nBase];
        baseGradientCounts = new double[nBase];
        rowTarget = new int[n + 1];
        rowDots = new double[n + 1];
    }

    /** Builds the fitter from the root configuration (NV constants, inversion and spectrum-refine settings). */
    public static SpectrumHamiltonianFitter fromConfig(Config root, CuletOrientation orientation, LineShape shape,
                                                       double voigtEta, Baseline baseline) {
        return new SpectrumHamiltonianFitter(NvConstants.fromConfig(root.getConfig("culet.physics")), orientation,
            InversionSettings.fromConfig(root), Settings.fromConfig(root), shape, voigtEta, baseline);
    }

    public Settings settings() {
        return settings;
    }

    /** Whether the last {@link #refineFrom} kept its warm fit (diagnostics, bench). */
    public boolean lastWarmKept() {
        return lastWarmKept;
    }

    /**
     * Refines a joint field and stress inversion of one spectrum by the whole-spectrum fit (class doc).
     *
     * @param freqMhz       frequency axis, MHz (m values; not modified)
     * @param spectrum      counts; the pixel's m values start at {@code offset} (not modified)
     * @param noiseVariance the spectral fit's reduced chi^2 (noise variance in counts^2, or ~1 with Poisson weights)
     * @param poisson       the spectral fit weighted the counts by 1/y (Poisson); residuals are weighted the same way
     * @param lines         the fitted lines of that spectral fit (width seeds)
     * @param ux            unit applied-field direction (uy, uz likewise)
     * @param appliedGauss  the applied field along that direction, G (the start of a second fit, see
     *                      {@code retry-*}; NaN: no second fit)
     * @param inv           a joint inversion with values (its solution is the start); overwritten (field, stress,
     *                      covariance, states, modelLinesMhz, solutionParameters, status) when the refinement is used
     * @return true when the refinement was used
     */
    public boolean refine(double[] freqMhz, double[] spectrum, int offset, int m, double noiseVariance, boolean poisson,
                          FittedLines lines, double ux, double uy, double uz, double appliedGauss, InversionResult inv) {
        lastVarianceRatio = Double.NaN;
        lastWarmKept = false;
        if (!settings.enabled() || !inv.status.hasValues() || !(noiseVariance > 0) || !Double.isFinite(inv.d0Mhz)
            || m <= n + 1 || lines.count() == 0 || !loadSpectrum(freqMhz, spectrum, offset, m, inv.d0Mhz, ux, uy, uz)) {
            return false;
        }
        if (!seed(inv, lines)) {
            return false;
        }
        this.noiseVariance = noiseVariance;
        setScale(poisson);
        // A line-centre inversion whose field is far from the applied one took an off-axis line for the on-axis pair
        // (shear can push one outside it): its stress is suspect too, so the wider start grid is the first fit's.
        boolean suspect = Double.isFinite(appliedGauss) && Math.abs(params[0] - appliedGauss) > settings.retryFieldGauss();
        boolean ok;
        if (suspect) {
            System.arraycopy(params, 0, alternative, 0, n);
            ok = widerStart(alternative, appliedGauss) && levenbergMarquardt();
        } else {
            ok = chooseStart() && levenbergMarquardt();
        }
        int dof = m - activeCount();
        double drift = Math.abs(params[0] - appliedGauss);
        if (!suspect && Double.isFinite(appliedGauss)
            && (!ok || lastDataChi2 / dof > settings.retryChi2Ratio() || drift > settings.retryFieldGauss())) {
            // Not clearly better than free dips, or far from the applied field: perhaps a wrong minimum reached from a
            // line-centre inversion that took an off-axis line for the on-axis pair (shear can push one outside it).
            // Second fit from the applied field, normal stresses moved along the line of constant on-axis D, and the
            // shear grid; the lower chi^2 of the two is kept.
            double kept = ok ? lastDataChi2 : Double.POSITIVE_INFINITY;
            System.arraycopy(params, 0, alternative, 0, n);
            if (widerStart(alternative, appliedGauss) && levenbergMarquardt() && lastDataChi2 < kept) {
                ok = true;
            } else if (ok) {
                System.arraycopy(alternative, 0, params, 0, n);
                evaluate(params, FULL);
                Arrays.fill(active, true);
                buildNormal(params);
                deactivateEmpty();
            }
            dof = m - activeCount();
        }
        if (!ok) {
            return false;
        }
        return accept(inv, dof);
    }

    /**
     * The whole-spectrum fit of one spectrum started from an earlier refinement of the same pixel in another sweep
     * (the warm start; the stress of a pixel does not change with field or temperature at one pressure), without a
     * line-centre inversion of this spectrum: field along u at the applied one, stress and widths of warmFrom, then
     * the linear parameters and Levenberg-Marquardt. Kept only when it passes the tests under which {@link #refine}
     * keeps a first fit without a second (residual variance at most {@code retry-chi2-ratio} times the spectral
     * fit's, field within {@code retry-field-gauss} of the applied one) and the acceptance tests of every refinement;
     * otherwise false and inv untouched, and the caller runs the line-centre inversion and {@link #refine} (the cold
     * start). Why: a pixel's later reference sweeps then cost one short fit from the right minimum instead of a
     * line-centre inversion (which falls back to its assignment search where blended off-axis lines bias it) and
     * the refinement's start grids.
     *
     * @param d0Mhz    zero-field splitting D at this sweep's temperature, MHz
     * @param warmFrom a refined inversion of the same pixel ({@code spectrumRefined}; not modified)
     * @param inv      on success reset and set as {@link #refine} sets it (status OK or PARTIAL, spectrumRefined);
     *                 untouched when the fit is not kept, except that a fit kept whose covariance cannot be formed
     *                 leaves it reset (BAD_INPUT)
     * @return true when the warm fit was kept
     */
    public boolean refineFrom(double[] freqMhz, double[] spectrum, int offset, int m, double noiseVariance, boolean poisson,
                              double ux, double uy, double uz, double appliedGauss, double d0Mhz, InversionResult warmFrom,
                              InversionResult inv) {
        lastVarianceRatio = Double.NaN;
        lastWarmKept = false;
        if (!settings.enabled() || !warmFrom.spectrumRefined || !(noiseVariance > 0) || !Double.isFinite(d0Mhz)
            || !Double.isFinite(appliedGauss) || m <= n + 1
            || !loadSpectrum(freqMhz, spectrum, offset, m, d0Mhz, ux, uy, uz)) {
            return false;
        }
        params[0] = appliedGauss;
        for (int p = 1; p < nPhys; p++) {
            double v = warmFrom.solutionParameters[physKind[p]];
            params[p] = Double.isFinite(v) ? v : 0;
        }
        for (int c = 0; c < nWidth; c++) {
            double w = warmFrom.spectrumFwhmMhz[c];
            if (!Double.isFinite(w)) {
                return false;
            }
            params[firstWidth + c] = Math.max(settings.minFwhmMhz(), Math.min(settings.maxFwhmMhz(), w));
        }
        this.noiseVariance = noiseVariance;
        setScale(poisson);
        if (!Double.isFinite(initialLinear()) || !levenbergMarquardt()) {
            return false;
        }
        int dof = m - activeCount();
        if (!(lastDataChi2 / dof <= settings.retryChi2Ratio()) || !(Math.abs(params[0] - appliedGauss) <= settings.retryFieldGauss())
            || !acceptable(dof)) {
            return false;
        }
        inv.reset(InversionStatus.BAD_INPUT);
        inv.d0Mhz = d0Mhz;
        inv.candidatesTried = 0;
        if (!report(inv)) { // (a held parameter or a singular normal matrix: inv stays reset, BAD_INPUT)
            return false;
        }
        lastWarmKept = true;
        return true;
    }

    /**
     * Loads one spectrum into the workspace (f, y, x scaled to [-1, 1]) with D and the field direction; false where the
     * axis is degenerate or a count is not finite.
     */
    private boolean loadSpectrum(double[] freqMhz, double[] spectrum, int offset, int m, double d0Mhz, double ux,
                                 double uy, double uz) {
        ensureCapacity(m);
        this.m = m;
        this.d0 = d0Mhz;
        u[0] = ux;
        u[1] = uy;
        u[2] = uz;
        double fMid = 0.5 * (freqMhz[0] + freqMhz[m - 1]);
        double half = 0.5 * Math.abs(freqMhz[m - 1] - freqMhz[0]);
        if (!(half > 0)) {
            return false;
        }
        for (int i = 0; i < m; i++) {
            double yi = spectrum[offset + i];
            if (!Double.isFinite(yi)) {
                return false;
            }
            f[i] = freqMhz[i];
            y[i] = yi;
            x[i] = (freqMhz[i] - fMid) / half;
        }
        return true;
    }

    /**
     * The end of {@link #refine} for a converged fit with dof degrees of freedom: rescales the normal matrix to the
     * residual variance, applies the acceptance tests and reports into inv. True when the refinement is used.
     */
    private boolean accept(InversionResult inv, int dof) {
        return acceptable(dof) && report(inv);
    }

    /**
     * Rescales the normal matrix of a converged fit with dof degrees of freedom to its residual variance and applies
     * the acceptance tests (widths within bounds, variance at most max-chi2-ratio times the spectral fit's).
     */
    private boolean acceptable(int dof) {
        // Residual variance in units of the spectral fit's: the data part of the normal matrix is rescaled to it (the
        // prior part kept), so the covariance is in the data's own noise units. The minimum itself moves only through
        // the prior's relative weight, i.e. only along shear directions the data hardly determine.
        double variance = lastDataChi2 / dof;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double prior = p == q && hasPrior[p] ? priorWeight * priorWeight : 0;
                normal[p * n + q] = (normal[p * n + q] - prior) / variance + prior;
            }
        }
        lastVarianceRatio = variance;
        for (int c = 0; c < nWidth; c++) {
            double w = params[firstWidth + c];
            if (!(w >= settings.minFwhmMhz() && w <= settings.maxFwhmMhz())) {
                return false;
            }
        }
        return lastVarianceRatio <= settings.maxChi2Ratio();
    }

    private void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        capacity = needed;
        f = new double[needed];
        y = new double[needed];
        x = new double[needed];
        scale = new double[needed];
        resid = new double[needed];
        yScaled = new double[needed];
        model = new double[needed];
        work = new double[LINES * needed];
        s = new double[LINES * needed];
        dsdc = new double[LINES * needed];
        dsdw = new double[LINES * needed];
        jac = new double[n * needed];
    }

    /** Start: the inversion's solution and the fitted lines' widths. False when it has no usable solution. */
    private boolean seed(InversionResult inv, FittedLines lines) {
        seedShearIdentified = inv.state[SIGMA_XZ] == ComponentState.FITTED && inv.state[SIGMA_YZ] == ComponentState.FITTED;
        double[] sol = inv.solutionParameters;
        double b = sol[BX] * u[0] + sol[BY] * u[1] + sol[BZ] * u[2];
        if (!Double.isFinite(b)) {
            return false;
        }
        params[0] = b;
        for (int p = 1; p < nPhys; p++) {
            double v = sol[physKind[p]];
            params[p] = Double.isFinite(v) ? v : 0;
        }
        // Width seed: the lines that carry one transition (a dip over several split transitions is broadened by their
        // spread), else the narrowest fitted line; within the bounds.
        double single = 0;
        int singles = 0;
        double narrowest = Double.POSITIVE_INFINITY;
        for (int j = 0; j < lines.count(); j++) {
            double wj = lines.fwhmMhz(j);
            if (!(Double.isFinite(wj) && wj > 0)) {
                continue;
            }
            narrowest = Math.min(narrowest, wj);
            if (inv.assignment.multiplicity(j) == 1) {
                single += wj;
                singles++;
            }
        }
        double w = singles > 0 ? single / singles : narrowest;
        if (!Double.isFinite(w)) {
            return false;
        }
        w = Math.max(settings.minFwhmMhz(), Math.min(settings.maxFwhmMhz(), w));
        for (int c = 0; c < nWidth; c++) {
            params[firstWidth + c] = w;
        }
        return true;
    }

    /**
     * Picks the start among the seed and shear tractions of {@link #START_SHEAR_GPA} in the directions {@link
     * #START_DIRECTIONS_DEG} (the rest of the seed kept): the one with the lowest chi^2 after the linear parameters are
     * solved. Why: merged off-axis lines leave the line-centre inversion's shear at its prior (near zero), and from
     * zero shear the fit has to crawl along a curved valley where a wider off-axis FWHM trades against a larger
     * splitting (tens of iterations). The off-axis groups are related by 120-degree rotations and a mirror, and their
     * amplitudes share a class, so directions within 0-60 degrees cover every distinct spectrum. Skipped when the
     * line-centre inversion determined the shear tractions (resolved off-axis lines): its seed is then the start.
     */
    private boolean chooseStart() {
        int xz = indexOfKind(SIGMA_XZ);
        int yz = indexOfKind(SIGMA_YZ);
        double bestChi2 = initialLinear();
        System.arraycopy(params, 0, best, 0, n);
        if (xz >= 0 && yz >= 0 && !seedShearIdentified) {
            double seedXz = params[xz];
            double seedYz = params[yz];
            for (double tau : START_SHEAR_GPA) {
                for (double deg : START_DIRECTIONS_DEG) {
                    params[xz] = tau * Math.cos(Math.toRadians(deg));
                    params[yz] = tau * Math.sin(Math.toRadians(deg));
                    double c = initialLinear();
                    if (c < bestChi2 || !Double.isFinite(bestChi2)) {
                        bestChi2 = c;
                        System.arraycopy(params, 0, best, 0, n);
                    }
                }
            }
            params[xz] = seedXz;
            params[yz] = seedYz;
        }
        System.arraycopy(best, 0, params, 0, n);
        return Double.isFinite(bestChi2);
    }

    /**
     * Start for a second fit: normal-stress offsets {@link #WIDER_SZZ_OFFSETS_GPA} along the line of constant on-axis
     * D (d sigma_perp = -(a1 + 2 a2) / (2 (a1 - a2)) d sigma_ZZ, physics.md Section 3: Mz = (a1 - a2)(s_xx + s_yy) +
     * (a1 + 2 a2) s_zz), each with the shear grid of {@link #chooseStart}; the lowest chi^2 wins. seedParams is the
     * first fit's end point (not modified); the field starts at appliedGauss.
     */
    private boolean widerStart(double[] seedParams, double appliedGauss) {
        int zz = indexOfKind(SIGMA_ZZ);
        int perp = indexOfKind(SIGMA_PERP);
        if (zz < 0 || perp < 0 || !(Math.abs(mzPerp) > 0)) {
            return false;
        }
        double slope = -mzAxial / (2 * mzPerp);
        double bestChi2 = Double.POSITIVE_INFINITY;
        for (double offset : WIDER_SZZ_OFFSETS_GPA) {
            System.arraycopy(seedParams, 0, params, 0, n);
            params[0] = appliedGauss;
            params[zz] += offset;
            params[perp] += slope * offset;
            if (!chooseStart()) {
                continue;
            }
            double c = evaluate(params, NONE);
            if (c < bestChi2) {
                bestChi2 = c;
                System.arraycopy(params, 0, widerBest, 0, n);
            }
        }
        if (!Double.isFinite(bestChi2)) {
            return false;
        }
        System.arraycopy(widerBest, 0, params, 0, n);
        return true;
    }

    private int indexOfKind(int kind) {
        for (int p = 0; p < nPhys; p++) {
            if (physKind[p] == kind) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Residual scale of every point, the (constant) baseline columns x^j scale of the Jacobian, and what stays
     * constant through the refinement with them: the scaled counts {@link #yScaled} and their chi^2, and the baseline
     * block of the normal matrix ({@link #baseNormal}, {@link #baseGradientCounts}).
     */
    private void setScale(boolean poisson) {
        double inv = 1 / Math.sqrt(noiseVariance);
        for (int i = 0; i < m; i++) {
            scale[i] = poisson ? inv / Math.sqrt(Math.max(y[i], 1)) : inv;
            double xp = 1;
            for (int j = 0; j < nBase; j++) {
                jac[(firstBase + j) * m + i] = xp * scale[i];
                xp *= x[i];
            }
        }
        // The residuals of a model that is exactly 0 (zero baseline and amplitudes), written as evaluate() does.
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            double r = (y[i] - 0.0) * scale[i];
            yScaled[i] = r;
            chi2 += r * r;
        }
        chi2Counts = chi2;
        for (int j = 0; j < nBase; j++) {
            int jo = (firstBase + j) * m;
            baseGradientCounts[j] = Dot.dot(jac, jo, yScaled, 0, m);
            for (int l = j; l < nBase; l++) {
                double c = Dot.dot(jac, jo, jac, (firstBase + l) * m, m);
                baseNormal[j * nBase + l] = c;
                baseNormal[l * nBase + j] = c;
            }
        }
    }

    /**
     * Baseline and amplitudes by linear least squares at the current nonlinear parameters (held); returns the chi^2
     * after that solve (data and prior), NaN when it fails. For a linear problem the minimum is chi^2(0) - g^T delta,
     * so no second evaluation is needed.
     */
    private double initialLinear() {
        Arrays.fill(params, firstBase, n, 0);
        // The model at zero baseline and amplitudes is exactly 0, so the residuals are the scaled counts (yScaled) and
        // only the amplitude columns of the Jacobian depend on the start.
        if (!shapesAt(params, false)) {
            return Double.NaN;
        }
        Arrays.fill(jac, firstAmp * m, n * m, 0);
        for (int k = 0; k < LINES; k++) {
            int o = k * m;
            int ao = (firstAmp + ampClass[k]) * m;
            for (int i = 0; i < m; i++) {
                jac[ao + i] -= s[o + i] * scale[i];
            }
        }
        lastDataChi2 = chi2Counts;
        double chi2 = withPrior(chi2Counts, params);
        Arrays.fill(active, false);
        for (int p = firstBase; p < n; p++) {
            active[p] = true;
        }
        buildLinearNormal();
        deactivateEmpty();
        if (!solve(0)) {
            return Double.NaN;
        }
        double drop = 0;
        for (int p = firstBase; p < n; p++) {
            if (active[p]) {
                double d = solution.get(index(p), 0);
                params[p] += d;
                drop += d * gradient[p];
            }
        }
        return chi2 - drop;
    }

    /**
     * {@link #buildNormal} for the linear parameters alone (baseline and amplitudes active, the rest zero) at zero
     * baseline and amplitudes, whose residuals are {@link #yScaled}: the baseline block is the cached one.
     */
    private void buildLinearNormal() {
        Arrays.fill(normal, 0);
        Arrays.fill(gradient, 0, firstBase, 0);
        for (int j = 0; j < nBase; j++) {
            int p = firstBase + j;
            rowDots(p, firstBase, null);
            gradient[p] = baseGradientCounts[j];
        }
        for (int p = firstAmp; p < n; p++) {
            rowDots(p, p, yScaled);
        }
    }

    /** Levenberg-Marquardt with Marquardt scaling (damping lambda diag(J^T J)) over every parameter. */
    private boolean levenbergMarquardt() {
        double chi2 = evaluate(params, FULL);
        if (!Double.isFinite(chi2)) {
            return false;
        }
        double lambda = 1e-3;
        double lastDrop = Double.POSITIVE_INFINITY;
        boolean converged = false;
        int it = 0;
        while (it < settings.maxIterations() && !converged) {
            it++;
            Arrays.fill(active, true);
            buildNormal(params);
            deactivateEmpty();
            boolean accepted = false;
            for (int inner = 0; inner < 12 && !accepted; inner++) {
                if (!solve(lambda)) {
                    lambda *= 10;
                    continue;
                }
                double stepNorm = 0;
                double paramNorm = 0;
                for (int p = 0; p < n; p++) {
                    double d = active[p] ? solution.get(index(p), 0) : 0;
                    trial[p] = params[p] + d;
                    if (p < firstBase) {
                        stepNorm += d * d;
                        paramNorm += params[p] * params[p];
                    }
                }
                // The trial gets its line positions, their derivatives and the shape derivatives too (cheap next to
                // the shapes themselves), so that an accepted step only assembles its Jacobian from them.
                double chi2Trial = widthsInBounds(trial) && shapesAt(trial, true) ? residuals(trial) : Double.NaN;
                if (Double.isFinite(chi2Trial) && chi2Trial <= chi2) {
                    accepted = true;
                    double drop = chi2 - chi2Trial;
                    System.arraycopy(trial, 0, params, 0, n);
                    assembleJacobian(params);
                    lastDrop = drop;
                    converged = drop <= CHI2_TOLERANCE || Math.sqrt(stepNorm) <= 1e-9 * (Math.sqrt(paramNorm) + 1);
                    chi2 = chi2Trial;
                    lambda = Math.max(lambda * 0.3, 1e-12);
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) {
                converged = true; // no downhill step at any damping: a minimum to working precision
                evaluate(params, FULL);
            }
        }
        Arrays.fill(active, true);
        buildNormal(params);
        deactivateEmpty();
        return converged || lastDrop <= CREEP_TOLERANCE;
    }

    private boolean widthsInBounds(double[] th) {
        for (int c = 0; c < nWidth; c++) {
            double w = th[firstWidth + c];
            if (!(w > 0.5 * settings.minFwhmMhz() && w < 2 * settings.maxFwhmMhz())) {
                return false;
            }
        }
        return true;
    }

    /** {@link #evaluate} modes: residuals only; and every Jacobian column. */
    private static final int NONE = 0;
    private static final int FULL = 2;

    /**
     * Objective at th (scaled data residuals plus the prior): fills resid, model, lastDataChi2, and (mode FULL) every
     * Jacobian column, positions from the Hamiltonian's derivatives (or central differences). NaN where a line
     * position is not finite.
     */
    private double evaluate(double[] th, int mode) {
        boolean positions = mode == FULL;
        if (!shapesAt(th, positions)) {
            return Double.NaN;
        }
        double chi2 = residuals(th);
        if (positions) {
            assembleJacobian(th);
        }
        return chi2;
    }

    /**
     * The 8 line positions at th into centres and their shapes into s (with positions: also the position
     * derivatives into dCentre and the shape derivatives into dsdc, dsdw). False where a position is not finite.
     */
    private boolean shapesAt(double[] th, boolean positions) {
        if (!positions) {
            centres(th, centres);
        } else if (!analyticPositions(th)) {
            centres(th, centres);
            for (int p = 0; p < nPhys; p++) {
                double keep = th[p];
                th[p] = keep + fdStep[p];
                centres(th, plus);
                th[p] = keep - fdStep[p];
                centres(th, minus);
                th[p] = keep;
                for (int k = 0; k < LINES; k++) {
                    dCentre[k * nPhys + p] = (plus[k] - minus[k]) / (2 * fdStep[p]);
                }
            }
        }
        for (int k = 0; k < LINES; k++) {
            if (!Double.isFinite(centres[k])) {
                return false;
            }
            double w = th[firstWidth + widthClass[k]];
            if (!positions && shape == LineShape.LORENTZIAN) {
                lorentzianValues(f, m, centres[k], w, s, k * m);
            } else {
                shape.evaluate(f, m, centres[k], w, eta, s, dsdc, dsdw, k * m);
            }
        }
        return true;
    }

    /**
     * The Lorentzian s of {@link LineShape#evaluate} without its derivatives (the starts and trial residuals need
     * none): the same floating-point operations, so bit-identical values (SpectrumRefineTest checks it), at about half
     * the cost. Mutates s[out .. out + m - 1] only.
     */
    static void lorentzianValues(double[] freqMhz, int m, double centreMhz, double fwhmMhz, double[] s, int out) {
        double twoOverW = 2.0 / fwhmMhz;
        for (int i = 0; i < m; i++) {
            double u = (freqMhz[i] - centreMhz) * twoOverW;
            s[out + i] = 1.0 / (1.0 + u * u);
        }
    }

    /** Model (unscaled), scaled residuals and chi^2 (data, into lastDataChi2, plus the prior) from the shapes at th. */
    private double residuals(double[] th) {
        for (int i = 0; i < m; i++) {
            double base = 0;
            double xp = 1;
            for (int j = 0; j < nBase; j++) {
                base += th[firstBase + j] * xp;
                xp *= x[i];
            }
            model[i] = base;
        }
        for (int k = 0; k < LINES; k++) {
            double a = th[firstAmp + ampClass[k]];
            int o = k * m;
            for (int i = 0; i < m; i++) {
                model[i] -= a * s[o + i];
            }
        }
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            double r = (y[i] - model[i]) * scale[i];
            resid[i] = r;
            chi2 += r * r;
        }
        lastDataChi2 = chi2;
        return withPrior(chi2, th);
    }

    /** dataChi2 plus the prior's terms at th (shear tractions and in-plane deviator), added in parameter order. */
    private double withPrior(double dataChi2, double[] th) {
        double chi2 = dataChi2;
        for (int p = 0; p < nPhys; p++) {
            if (hasPrior[p]) {
                double r = th[p] * priorWeight;
                chi2 += r * r;
            }
        }
        return chi2;
    }

    /**
     * Every Jacobian column but the (constant) baseline ones from the shapes and position derivatives at th
     * ({@link #shapesAt} with positions).
     */
    private void assembleJacobian(double[] th) {
        Arrays.fill(jac, firstAmp * m, n * m, 0);
        Arrays.fill(jac, firstWidth * m, firstBase * m, 0);
        for (int k = 0; k < LINES; k++) {
            double a = th[firstAmp + ampClass[k]];
            int o = k * m;
            int ao = (firstAmp + ampClass[k]) * m;
            for (int i = 0; i < m; i++) {
                jac[ao + i] -= s[o + i] * scale[i];
            }
            int wo = (firstWidth + widthClass[k]) * m;
            for (int i = 0; i < m; i++) {
                jac[wo + i] -= a * dsdw[o + i] * scale[i];
                work[o + i] = a * dsdc[o + i] * scale[i];
            }
        }
        // Position columns: column p is 0 - sum over the lines k (in order) of work_k dcentre_k/dp, each point's sum
        // formed in a register in one pass (the same operations, in the same order, as updating the column line by
        // line); a line whose centre does not move with p (derivative exactly 0) is skipped, as it adds nothing.
        for (int p = 0; p < nPhys; p++) {
            int po = p * m;
            boolean all = true;
            for (int k = 0; k < LINES; k++) {
                all &= dCentre[k * nPhys + p] != 0;
            }
            if (all) {
                positionColumn8(po, p);
                continue;
            }
            Arrays.fill(jac, po, po + m, 0);
            for (int k = 0; k < LINES; k++) {
                double dcdp = dCentre[k * nPhys + p];
                if (dcdp == 0) {
                    continue;
                }
                int o = k * m;
                for (int i = 0; i < m; i++) {
                    jac[po + i] -= work[o + i] * dcdp;
                }
            }
        }
    }

    /** Position column p (at jac[po]) when every one of the 8 lines moves with p (see {@link #assembleJacobian}). */
    private void positionColumn8(int po, int p) {
        double c0 = dCentre[p];
        double c1 = dCentre[nPhys + p];
        double c2 = dCentre[2 * nPhys + p];
        double c3 = dCentre[3 * nPhys + p];
        double c4 = dCentre[4 * nPhys + p];
        double c5 = dCentre[5 * nPhys + p];
        double c6 = dCentre[6 * nPhys + p];
        double c7 = dCentre[7 * nPhys + p];
        int o1 = m;
        int o2 = 2 * m;
        int o3 = 3 * m;
        int o4 = 4 * m;
        int o5 = 5 * m;
        int o6 = 6 * m;
        int o7 = 7 * m;
        for (int i = 0; i < m; i++) {
            double acc = 0.0;
            acc -= work[i] * c0;
            acc -= work[o1 + i] * c1;
            acc -= work[o2 + i] * c2;
            acc -= work[o3 + i] * c3;
            acc -= work[o4 + i] * c4;
            acc -= work[o5 + i] * c5;
            acc -= work[o6 + i] * c6;
            acc -= work[o7 + i] * c7;
            jac[po + i] = acc;
        }
    }

    /**
     * The 8 transitions at th into centres and their derivatives into dCentre from the Hellmann-Feynman derivatives of
     * {@link NvHamiltonian#groupTransitionsAndDerivatives} (d/db = u . grad_B); false where a group has (near-)degenerate
     * levels, whose derivatives are then taken by central differences instead.
     */
    private boolean analyticPositions(double[] th) {
        toPhysical(th, phys);
        fillSigma9();
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            if (!hamiltonian.groupTransitionsAndDerivatives(g, phys[BX], phys[BY], phys[BZ], sigma9, d0, centres, 2 * g,
                lineDerivatives, 2 * g * NvHamiltonian.DERIVATIVE_PARAMETERS)) {
                return false;
            }
        }
        for (int k = 0; k < LINES; k++) {
            int o = k * NvHamiltonian.DERIVATIVE_PARAMETERS;
            for (int p = 0; p < nPhys; p++) {
                dCentre[k * nPhys + p] = physKind[p] < 0
                    ? u[0] * lineDerivatives[o + BX] + u[1] * lineDerivatives[o + BY] + u[2] * lineDerivatives[o + BZ]
                    : lineDerivatives[o + physKind[p]];
            }
        }
        return true;
    }

    private void fillSigma9() {
        InversionResult.labStressTensor(phys, sigma9);
    }

    /** The 8 exact transitions at th (physical parameters) into out (mutated). */
    private void centres(double[] th, double[] out) {
        toPhysical(th, phys);
        fillSigma9();
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            hamiltonian.groupTransitions(g, phys[BX], phys[BY], phys[BZ], sigma9, d0, out, 2 * g);
        }
    }

    private void toPhysical(double[] th, double[] out9) {
        Arrays.fill(out9, 0);
        out9[BX] = th[0] * u[0];
        out9[BY] = th[0] * u[1];
        out9[BZ] = th[0] * u[2];
        for (int p = 1; p < nPhys; p++) {
            out9[physKind[p]] = th[p];
        }
    }

    /**
     * Normal matrix J^T J (+ prior) and gradient J^T r (- prior) over the active parameters' full index range; the
     * baseline block is the cached one ({@link #setScale}).
     */
    private void buildNormal(double[] th) {
        for (int p = 0; p < n; p++) {
            if (!active[p]) {
                gradient[p] = 0;
                for (int q = 0; q < n; q++) {
                    normal[p * n + q] = 0;
                    normal[q * n + p] = 0;
                }
            }
        }
        for (int p = 0; p < n; p++) {
            if (!active[p]) {
                continue;
            }
            rowDots(p, p, resid);
            if (hasPrior[p]) {
                normal[p * n + p] += priorWeight * priorWeight;
                gradient[p] -= th[p] * priorWeight * priorWeight;
            }
        }
    }

    /**
     * Row p of the normal matrix from column qFrom on (active columns; baseline pairs from the cache, mirrored below
     * the diagonal) and gradient[p] = J_p . r (r null: gradient[p] left alone). The dot products go four at a time through {@link Dot#dot4} (each
     * bit-identical to {@link Dot#dot}). Mutates normal, gradient, rowTarget, rowDots.
     */
    private void rowDots(int p, int qFrom, double[] r) {
        int po = p * m;
        boolean baseRow = p >= firstBase && p < firstAmp;
        int t = 0;
        if (r != null) {
            rowTarget[t++] = -1; // the gradient
        }
        for (int q = qFrom; q < n; q++) {
            if (!active[q]) {
                continue;
            }
            if (baseRow && q >= firstBase && q < firstAmp) {
                double c = baseNormal[(p - firstBase) * nBase + q - firstBase];
                normal[p * n + q] = c;
                normal[q * n + p] = c;
            } else {
                rowTarget[t++] = q;
            }
        }
        int j = 0;
        for (; j + 3 < t; j += 4) {
            int q0 = rowTarget[j];
            int q1 = rowTarget[j + 1];
            int q2 = rowTarget[j + 2];
            int q3 = rowTarget[j + 3];
            Dot.dot4(jac, po, q0 < 0 ? r : jac, q0 < 0 ? 0 : q0 * m, jac, q1 * m, jac, q2 * m, jac, q3 * m, m,
                rowDots, j);
        }
        for (; j < t; j++) {
            int q = rowTarget[j];
            rowDots[j] = q < 0 ? Dot.dot(jac, po, r, 0, m) : Dot.dot(jac, po, jac, q * m, m);
        }
        for (j = 0; j < t; j++) {
            int q = rowTarget[j];
            if (q < 0) {
                gradient[p] = rowDots[j];
            } else {
                normal[p * n + q] = rowDots[j];
                normal[q * n + p] = rowDots[j];
            }
        }
    }

    /** Parameters whose column is empty (an amplitude class with no dip in the window) are held. */
    private void deactivateEmpty() {
        double max = 0;
        for (int p = 0; p < n; p++) {
            max = Math.max(max, normal[p * n + p]);
        }
        for (int p = 0; p < n; p++) {
            if (!(normal[p * n + p] > 1e-14 * max)) {
                active[p] = false;
            }
        }
    }

    private int activeCount() {
        int c = 0;
        for (int p = 0; p < n; p++) {
            c += active[p] ? 1 : 0;
        }
        return c;
    }

    /** Position of parameter p among the active ones. */
    private int index(int p) {
        int k = 0;
        for (int q = 0; q < p; q++) {
            k += active[q] ? 1 : 0;
        }
        return k;
    }

    /** Solves (N + lambda diag N) delta = g over the active parameters into solution. */
    private boolean solve(double lambda) {
        int k = loadActiveSystem(lambda);
        rhs.reshape(k, 1);
        solution.reshape(k, 1);
        int a = 0;
        for (int p = 0; p < n; p++) {
            if (active[p]) {
                rhs.set(a++, 0, gradient[p]);
            }
        }
        if (!cholesky.setA(system)) {
            return false;
        }
        cholesky.solve(rhs, solution);
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(solution.get(i, 0))) {
                return false;
            }
        }
        return true;
    }

    /** The active block of N with its diagonal times (1 + lambda) into system; returns its size. */
    private int loadActiveSystem(double lambda) {
        int k = activeCount();
        system.reshape(k, k);
        int a = 0;
        for (int p = 0; p < n; p++) {
            if (!active[p]) {
                continue;
            }
            int b = 0;
            for (int q = 0; q < n; q++) {
                if (active[q]) {
                    double v = normal[p * n + q];
                    system.set(a, b++, p == q ? v * (1 + lambda) : v);
                }
            }
            a++;
        }
        return k;
    }

    /** Writes the refined field and stress, with covariance (N^-1 of the physical block), into inv. */
    private boolean report(InversionResult inv) {
        for (int p = 0; p < nPhys; p++) {
            if (!active[p]) {
                return false;
            }
        }
        int k = loadActiveSystem(0);
        if (!cholesky.setA(system)) {
            return false;
        }
        inverse.reshape(k, k);
        cholesky.invert(inverse);
        // The physics parameters are the first nPhys active ones.
        for (int p = 0; p < nPhys; p++) {
            for (int q = 0; q < nPhys; q++) {
                covPhys[p * nPhys + q] = inverse.get(p, q);
            }
        }
        toPhysical(params, phys);
        double szz = phys[SIGMA_ZZ];
        double sp = phys[SIGMA_PERP];
        double sxz = phys[SIGMA_XZ];
        double syz = phys[SIGMA_YZ];
        double tauInt = Math.hypot(sxz, syz);
        double tauSign = szz - sp >= 0 ? 1 : -1;
        boolean anyUnidentified = false;
        for (int q = 0; q < QUANTITIES; q++) {
            inv.value[q] = q < PHYS ? phys[q] : q == TAU_MAX ? 0.5 * Math.abs(szz - sp) : tauInt;
        }
        for (int q = 0; q < QUANTITIES; q++) {
            boolean free = gradientRow(q, tauSign, sxz, syz, tauInt, grad);
            for (int r = 0; r <= q; r++) {
                double c = covariance(grad, q, r, tauSign, sxz, syz, tauInt);
                inv.covariance[q * QUANTITIES + r] = c;
                inv.covariance[r * QUANTITIES + q] = c;
            }
            if (!free) {
                inv.state[q] = ComponentState.FIXED_BY_MODEL;
                continue;
            }
            double sd = Math.sqrt(Math.max(0, inv.covariance[q * QUANTITIES + q]));
            double limit = q <= BZ ? inversion.maxSigmaGauss() : inversion.maxSigmaGpa();
            inv.state[q] = sd <= limit ? ComponentState.FITTED : ComponentState.UNIDENTIFIED;
            anyUnidentified |= inv.state[q] == ComponentState.UNIDENTIFIED;
        }
        inv.maskUnidentifiedAndSetSigmas();
        System.arraycopy(phys, 0, inv.solutionParameters, 0, PHYS);
        centres(params, centres);
        System.arraycopy(centres, 0, inv.modelLinesMhz, 0, LINES);
        inv.bAlongBiasGauss = params[0];
        inv.bAlongBiasSigmaGauss = Math.sqrt(Math.max(0, covPhys[0]));
        inv.status = anyUnidentified ? InversionStatus.PARTIAL : InversionStatus.OK;
        inv.spectrumRefined = true;
        inv.spectrumVarianceRatio = lastVarianceRatio;
        for (int c = 0; c < inv.spectrumFwhmMhz.length; c++) {
            inv.spectrumFwhmMhz[c] = c < nWidth ? params[firstWidth + c] : Double.NaN;
        }
        return true;
    }

    /** d quantity q / d physics parameter p into out (length nPhys); returns whether q depends on any of them. */
    private boolean gradientRow(int q, double tauSign, double sxz, double syz, double tauInt, double[] out) {
        boolean any = false;
        for (int p = 0; p < nPhys; p++) {
            out[p] = d(q, p, tauSign, sxz, syz, tauInt);
            any |= out[p] != 0 || (q <= BZ && physKind[p] < 0); // as the inverter: B . u is fitted, so is each B_i
        }
        return any;
    }

    private double covariance(double[] gq, int q, int r, double tauSign, double sxz, double syz, double tauInt) {
        double c = 0;
        for (int p = 0; p < nPhys; p++) {
            if (gq[p] == 0) {
                continue;
            }
            for (int t = 0; t < nPhys; t++) {
                c += gq[p] * covPhys[p * nPhys + t] * d(r, t, tauSign, sxz, syz, tauInt);
            }
        }
        return c;
    }

    /** d quantity q / d physics parameter p ({@link InversionResult#quantityDerivative}; kind -1 = b along u). */
    private double d(int q, int p, double tauSign, double sxz, double syz, double tauInt) {
        return InversionResult.quantityDerivative(q, physKind[p], u, tauSign, sxz, syz, tauInt);
    }
}
