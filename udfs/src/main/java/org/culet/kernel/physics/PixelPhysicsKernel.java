package org.culet.kernel.physics;

import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;

/**
 * One pixel, one sweep: fitted lines -> line assignment -> exact field and stress inversion, plus the
 * first-order route as cross-check. The entry point the pipeline calls in its loop over pixels.
 *
 * <p>111 culet with 2 to 6 inner lines: on-axis pair = outermost lines; the inner lines split at their
 * largest gap into off-axis f- and f+ lines, and every grouping of the three off-axis groups onto them
 * (onto maps; one per relabelling orbit when the field is along Z) is screened with a few LM iterations
 * from the first-order seed, and the {@code keep-candidates} best (by score) are fitted to convergence.
 * Otherwise (100 culets, 111 with the on-axis pair only), the candidates are DP matchings to predictions
 * from the zero-shear first-order seed and {@code shear-seed-directions} seeds with
 * shear tractions of {@code shear-seed-gpa} in evenly spaced directions; each distinct assignment is fitted
 * and the lowest chi^2 + (tau_interface / shear-prior-gpa)^2 wins (this picks the pairing of resolved
 * off-axis lines and the grouping of merged ones; the weak shear prior breaks the ties that merged lines
 * leave, where several groupings fit exactly but the wrong ones need 4-6 GPa of shear). A solution whose largest centre residual exceeds {@code assignment.max-residual-mhz} is
 * UNASSIGNABLE.
 *
 * <p>Not thread-safe: one instance per thread/partition, reused for every pixel; {@link #solve} allocates
 * nothing.
 */
public final class PixelPhysicsKernel {
    private final InversionSettings settings;
    private final double gammaMhzPerGauss;
    private final CuletOrientation orientation;
    private final D0Model d0Model;
    private final LineAssigner assigner;
    private final FirstOrderRoute firstOrder;
    private final FieldStressInverter inverter;
    /** Field-only fits at a known stress ({@link #solveAtStress}): the along-bias magnitude, and the vector field
     * where resolved off-axis lines determine it. */
    private final FieldStressInverter fieldInverter;
    private final FieldStressInverter fieldVectorInverter;
    /** Centre errors of on-axis lines that may cover other transitions (field at a known stress, 111 culets). */
    private final OnAxisBlend onAxisBlend;
    private final FittedLines blendLines = new FittedLines();
    private final FirstOrderEstimate seed = new FirstOrderEstimate();
    private final LineAssignment candidate = new LineAssignment();
    private final LineAssignment grouping = new LineAssignment();
    private final InversionResult trial = new InversionResult();
    private final int[][] tried;
    private final double[] predicted = new double[8];
    private final double[] start9 = new double[9];
    private final double[] topScore;
    private double appliedX;
    private double appliedY;
    private final int[] topGrouping;
    private final double[][] topStart;

    public PixelPhysicsKernel(NvConstants constants, D0Model d0Model, CuletOrientation orientation,
                              InversionSettings settings) {
        this(constants, d0Model, orientation, settings, OnAxisBlend.DEFAULT);
    }

    /** onAxisBlend: the uncertainty of on-axis lines that may cover other transitions ({@link #solveAtStress}). */
    public PixelPhysicsKernel(NvConstants constants, D0Model d0Model, CuletOrientation orientation,
                              InversionSettings settings, OnAxisBlend onAxisBlend) {
        this.settings = settings;
        this.onAxisBlend = onAxisBlend;
        this.gammaMhzPerGauss = constants.gammaMhzPerGauss();
        this.d0Model = d0Model;
        this.orientation = orientation;
        this.assigner = new LineAssigner(constants, orientation, settings);
        this.firstOrder = new FirstOrderRoute(constants, orientation);
        this.inverter = new FieldStressInverter(constants, orientation, settings);
        this.fieldInverter = new FieldStressInverter(constants, orientation,
            settings.withFieldModel(InversionSettings.FieldModel.ALONG_BIAS), true);
        this.fieldVectorInverter = new FieldStressInverter(constants, orientation,
            settings.withFieldModel(InversionSettings.FieldModel.VECTOR), true);
        this.tried = new int[1 + Math.max(0, settings.assignmentShearSeedDirections())][8];
        int keep = Math.max(1, settings.assignmentKeepCandidates());
        this.topScore = new double[keep];
        this.topGrouping = new int[keep];
        this.topStart = new double[keep][9];
    }

    /**
     * Builds the kernel from the root configuration: {@code culet.physics.nv} (constants),
     * {@code culet.physics.d0} (D0(T)) and {@code culet.physics.inversion}.
     */
    public static PixelPhysicsKernel fromConfig(com.typesafe.config.Config root, CuletOrientation orientation) {
        com.typesafe.config.Config physics = root.getConfig("culet.physics");
        return new PixelPhysicsKernel(NvConstants.fromConfig(physics), D0Model.fromConfig(physics), orientation,
            InversionSettings.fromConfig(root), OnAxisBlend.fromConfig(root));
    }

    public InversionSettings settings() {
        return settings;
    }

    /** D0 in MHz for a sweep at temperatureK: the configured D0(T) model or the configured reference. */
    public double d0Mhz(double temperatureK) {
        return settings.d0Source() == InversionSettings.D0Source.REFERENCE
            ? settings.d0ReferenceMhz() : d0Model.d0Mhz(temperatureK);
    }

    /**
     * Assigns and inverts the lines of one pixel. (bx, by, bz): the applied field in G (its direction is
     * the axis of the along-bias field model; the Z component checks the on-axis splitting); d0Mhz: the
     * zero-field splitting (e.g. {@link #d0Mhz(double)}). Mutates out only.
     */
    public void solve(FittedLines lines, double bxGauss, double byGauss, double bzGauss, double d0Mhz,
                      InversionResult out) {
        out.reset(InversionStatus.BAD_INPUT);
        out.d0Mhz = d0Mhz;
        out.candidatesTried = 0;
        out.firstOrder.reset();
        if (!assigner.precheck(lines, out.assignment) || !Double.isFinite(d0Mhz)) {
            if (lines.isValid()) {
                out.status = Double.isFinite(d0Mhz) ? InversionStatus.UNASSIGNABLE : InversionStatus.BAD_INPUT;
            }
            return;
        }
        appliedX = bxGauss;
        appliedY = byGauss;
        double norm = Math.sqrt(bxGauss * bxGauss + byGauss * byGauss + bzGauss * bzGauss);
        double ux = norm > 1e-9 ? bxGauss / norm : 0;
        double uy = norm > 1e-9 ? byGauss / norm : 0;
        double uz = norm > 1e-9 ? bzGauss / norm : 1;
        if (!firstOrder.estimate(lines, null, ux, uy, uz, d0Mhz, 3, seed)
            || !assigner.fieldRatioPlausible(lines, bzGauss)) {
            out.assignment.reset(lines.count(), AssignmentStatus.UNASSIGNABLE);
            out.status = InversionStatus.UNASSIGNABLE;
            out.firstOrder.copyFrom(seed);
            return;
        }
        double b = seed.bAlongBiasGauss;
        int lower = orientation == CuletOrientation.C111 ? LineAssigner.lowerInnerLines(lines) : 0;
        int distinct = 0;
        boolean have = false;
        if (lower > 0) {
            // 111 with 2..6 inner lines: every grouping of the off-axis branches consistent with the line
            // order (modulo the relabelling symmetry when the field is along Z), each fitted from the seed.
            boolean symmetric = Math.abs(ux) < 1e-6 && Math.abs(uy) < 1e-6;
            int count = LineAssigner.groupingCount(lower, lines.count() - 2 - lower, symmetric);
            // Fast path: the order-preserving matching to the zero-shear prediction, fitted to convergence;
            // accepted outright when it leaves at least 2 degrees of freedom and a reduced chi^2 at or below
            // restart-reduced-chi2 (a wrong pairing of resolved lines does not fit that well).
            assigner.predict(b * ux, b * uy, b * uz, seed.sigmaZzGpa, seed.sigmaPerpGpa, 0, 0, d0Mhz, predicted);
            assigner.assignFromPrediction(lines, predicted, candidate);
            if (candidate.status().usable()) {
                have |= fitCandidate(lines, b, ux, uy, uz, 0, 0, d0Mhz, have, out);
                distinct++;
            }
            boolean accepted = have && out.status == InversionStatus.OK && out.dof >= 2
                && out.reducedChi2 <= settings.restartReducedChi2();
            // With a single grouping that the fast path already fitted from the same zero-shear start,
            // screening and refining it again would repeat that fit (the common case of merged off-axis lines).
            // (A fast-path fit that did not converge is retried: the screened restart resets the damping.)
            boolean onlyGroupingFitted = have && count == 1 && out.status.hasValues()
                && sameAsGrouping(lines, lower, symmetric, 0);
            if (!accepted && !onlyGroupingFitted) {
                distinct += screenGroupings(lines, lower, symmetric, count, 0, b, ux, uy, uz, d0Mhz);
                have |= refineTop(lines, lower, symmetric, ux, uy, uz, d0Mhz, have, out);
            }
            // Merged off-axis lines can leave a shear direction with zero first-order effect at zero shear,
            // where Gauss-Newton cannot leave the seed although second-order terms fix it; and with at most
            // one degree of freedom several groupings fit exactly, so the weak shear prior decides and each
            // grouping must reach its own least-shear solution: then restart every grouping from shear
            // seeds in several directions.
            boolean good = out.status.hasValues() && out.status != InversionStatus.POOR_FIT
                && (out.dof > 0 ? out.reducedChi2 <= settings.restartReducedChi2() : out.chi2 <= settings.restartReducedChi2());
            // (A single grouping that already fits needs no tie-break between groupings.)
            if (!accepted && (!good || (out.dof <= 1 && count > 1))) {
                int dirs = Math.max(0, settings.assignmentShearSeedDirections());
                distinct += screenGroupings(lines, lower, symmetric, count, dirs, b, ux, uy, uz, d0Mhz);
                have |= refineTop(lines, lower, symmetric, ux, uy, uz, d0Mhz, have, out);
            }
        } else {
            int candidates = 1 + Math.max(0, settings.assignmentShearSeedDirections());
            for (int c = 0; c < candidates; c++) {
                double sxz = 0;
                double syz = 0;
                if (c > 0) {
                    double angle = 2 * Math.PI * (c - 1) / (candidates - 1);
                    sxz = settings.assignmentShearSeedGpa() * Math.cos(angle);
                    syz = settings.assignmentShearSeedGpa() * Math.sin(angle);
                }
                assigner.predict(b * ux, b * uy, b * uz, seed.sigmaZzGpa, seed.sigmaPerpGpa, sxz, syz, d0Mhz, predicted);
                assigner.assignFromPrediction(lines, predicted, candidate);
                if (!candidate.status().usable() || seen(distinct)) {
                    continue;
                }
                System.arraycopy(candidate.fittedIndex, 0, tried[distinct++], 0, 8);
                have |= fitCandidate(lines, b, ux, uy, uz, sxz, syz, d0Mhz, have, out);
            }
        }
        out.candidatesTried = distinct;
        out.d0Mhz = d0Mhz;
        if (!have) {
            out.assignment.reset(lines.count(), AssignmentStatus.UNASSIGNABLE);
            out.status = InversionStatus.UNASSIGNABLE;
            out.firstOrder.copyFrom(seed);
            return;
        }
        firstOrder.estimate(lines, out.assignment, ux, uy, uz, d0Mhz, 3, out.firstOrder);
        if (out.status.hasValues() && out.maxResidualMhz > settings.assignmentMaxResidualMhz()) {
            out.status = InversionStatus.UNASSIGNABLE;
            out.assignment.status = AssignmentStatus.UNASSIGNABLE;
        }
    }

    /**
     * The joint field and stress fit started from a known approximate stress (the pixel's stress from another sweep):
     * the lines are assigned by matching them to the lines predicted from that stress and the first-order field, and
     * that one assignment is fitted (all field and stress parameters free). Accepted when it converges with a reduced
     * chi^2 (chi^2 at zero degrees of freedom) at or below {@code restart-reduced-chi2} and its sigma_ZZ stays within
     * 1 GPa of the start; otherwise the full candidate search of {@link #solve} runs. The same answer as
     * {@link #solve} where the start is right, at the cost of one fit instead of a search over groupings and shear
     * seeds. Mutates out only.
     */
    public void solveFrom(FittedLines lines, double bxGauss, double byGauss, double bzGauss, double d0Mhz,
                          double sigmaZzGpa, double sigmaPerpGpa, double sigmaXzGpa, double sigmaYzGpa, InversionResult out) {
        out.reset(InversionStatus.BAD_INPUT);
        out.d0Mhz = d0Mhz;
        out.candidatesTried = 0;
        out.firstOrder.reset();
        if (Double.isFinite(sigmaZzGpa) && Double.isFinite(sigmaPerpGpa) && assigner.precheck(lines, out.assignment)
            && Double.isFinite(d0Mhz) && assigner.fieldRatioPlausible(lines, bzGauss)) {
            double norm = Math.sqrt(bxGauss * bxGauss + byGauss * byGauss + bzGauss * bzGauss);
            double ux = norm > 1e-9 ? bxGauss / norm : 0;
            double uy = norm > 1e-9 ? byGauss / norm : 0;
            double uz = norm > 1e-9 ? bzGauss / norm : 1;
            if (firstOrder.estimate(lines, null, ux, uy, uz, d0Mhz, 3, seed) && Double.isFinite(seed.bAlongBiasGauss)) {
                double b = seed.bAlongBiasGauss;
                double sxz = Double.isFinite(sigmaXzGpa) ? sigmaXzGpa : 0;
                double syz = Double.isFinite(sigmaYzGpa) ? sigmaYzGpa : 0;
                assigner.predict(b * ux, b * uy, b * uz, sigmaZzGpa, sigmaPerpGpa, sxz, syz, d0Mhz, predicted);
                assigner.assignFromPrediction(lines, predicted, candidate);
                if (candidate.status().usable()) {
                    fillStart(b, ux, uy, uz, sigmaZzGpa, sigmaPerpGpa, sxz, syz);
                    appliedX = bxGauss;
                    appliedY = byGauss;
                    inverter.invert(lines, candidate, ux, uy, uz, start9, d0Mhz, out);
                    out.assignment.copyFrom(candidate);
                    out.candidatesTried = 1;
                    out.d0Mhz = d0Mhz;
                    boolean fits = out.status.hasValues() && out.status != InversionStatus.POOR_FIT
                        && (out.dof > 0 ? out.reducedChi2 <= settings.restartReducedChi2() : out.chi2 <= settings.restartReducedChi2())
                        && out.maxResidualMhz <= settings.assignmentMaxResidualMhz()
                        && Math.abs(out.solutionParameters[InversionResult.SIGMA_ZZ] - sigmaZzGpa) <= 1.0;
                    if (fits) {
                        firstOrder.estimate(lines, out.assignment, ux, uy, uz, d0Mhz, 3, out.firstOrder);
                        return;
                    }
                }
            }
        }
        solve(lines, bxGauss, byGauss, bzGauss, d0Mhz, out);
    }

    /**
     * The field of one pixel in one sweep when its stress is known (the pixel's reference stress from the joint
     * fits of its reference sweeps; the stress of a pixel does not change with field or temperature at one
     * pressure). The lines are assigned by matching them to the exact lines predicted from that stress and the
     * first-order field of the outermost pair (or the applied field where that route fails), then the field
     * alone is fitted to the lines that carry one transition ({@link FieldStressInverter}, field-only mode). One
     * assignment and a 1- or 3-parameter fit instead of the joint fit's candidate search: the cheap route for
     * every sweep of a pixel after its reference sweeps. On-axis lines that may cover other transitions carry their
     * blend uncertainty ({@link OnAxisBlend}). Stress quantities of out are FIXED_BY_MODEL (the given
     * values). (bx, by, bz): applied field, G; stress in GPa (compressive positive): sigma_ZZ, sigma_perp,
     * sigma_XZ, sigma_YZ. Mutates out only. Returns whether out holds values (else the caller may fall back to
     * {@link #solve}).
     */
    public boolean solveAtStress(FittedLines lines, double bxGauss, double byGauss, double bzGauss, double d0Mhz,
                                 double sigmaZzGpa, double sigmaPerpGpa, double sigmaXzGpa, double sigmaYzGpa,
                                 InversionResult out) {
        out.reset(InversionStatus.BAD_INPUT);
        out.d0Mhz = d0Mhz;
        out.candidatesTried = 0;
        out.firstOrder.reset();
        if (!assigner.precheck(lines, out.assignment) || !Double.isFinite(d0Mhz) || !Double.isFinite(sigmaZzGpa)
            || !Double.isFinite(sigmaPerpGpa)) {
            return false;
        }
        double norm = Math.sqrt(bxGauss * bxGauss + byGauss * byGauss + bzGauss * bzGauss);
        double ux = norm > 1e-9 ? bxGauss / norm : 0;
        double uy = norm > 1e-9 ? byGauss / norm : 0;
        double uz = norm > 1e-9 ? bzGauss / norm : 1;
        if (!assigner.fieldRatioPlausible(lines, bzGauss)) {
            out.status = InversionStatus.UNASSIGNABLE;
            return false;
        }
        double b = firstOrder.estimate(lines, null, ux, uy, uz, d0Mhz, 3, seed) && Double.isFinite(seed.bAlongBiasGauss)
            ? seed.bAlongBiasGauss : norm;
        double sxz = Double.isFinite(sigmaXzGpa) ? sigmaXzGpa : 0;
        double syz = Double.isFinite(sigmaYzGpa) ? sigmaYzGpa : 0;
        fillStart(b, ux, uy, uz, sigmaZzGpa, sigmaPerpGpa, sxz, syz);
        int lower = orientation == CuletOrientation.C111 ? LineAssigner.lowerInnerLines(lines) : 0;
        if (lower > 0 && lines.count() > 4) {
            // Resolved off-axis lines (more than one per branch): an in-plane field (stray field of screening
            // currents) or shear has split the groups, and which line belongs to which group is not known. Every
            // grouping gets the field fit at the known stress to convergence (at a fixed stress the groupings are not
            // equivalent by symmetry; a few iterations from zero in-plane field do not rank them reliably, and with
            // 1 or 3 field parameters a full fit is cheap); the lowest chi^2 wins.
            // A large in-plane field puts the right grouping's minimum far from zero in-plane field: when no grouping
            // fits from there, each is restarted from in-plane seeds in 6 directions at the magnitude the off-axis
            // splittings imply (sum over the off-axis groups of (B . n_i)^2 = B_z^2 / 3 + 4 B_perp^2 / 3).
            int count = LineAssigner.groupingCount(lower, lines.count() - 2 - lower, false);
            double bestChi2 = Double.POSITIVE_INFINITY;
            int best = -1;
            double bz0 = start9[2];
            for (int round = 0; round < 2 && (best < 0 || out.status == InversionStatus.POOR_FIT); round++) {
                int starts = round == 0 ? 1 : 6;
                for (int c = 0; c < count; c++) {
                    assigner.assignGrouping(lines, lower, false, c, grouping);
                    double bPerp = round == 0 ? 0 : inPlaneFieldEstimate(lines, grouping, bz0);
                    for (int d = 0; d < starts; d++) {
                        double angle = 2 * Math.PI * d / starts;
                        start9[0] = b * ux + bPerp * Math.cos(angle);
                        start9[1] = b * uy + bPerp * Math.sin(angle);
                        fieldInverterFor(grouping).invert(lines, grouping, ux, uy, uz, start9, d0Mhz, trial);
                        if (trial.status.hasValues() && Double.isFinite(trial.chi2) && trial.chi2 < bestChi2) {
                            bestChi2 = trial.chi2;
                            best = c;
                            out.copyFrom(trial);
                            candidate.copyFrom(grouping);
                        }
                    }
                }
            }
            if (best < 0) {
                out.status = InversionStatus.UNASSIGNABLE;
                return false;
            }
            out.candidatesTried = count;
        } else {
            assigner.predict(b * ux, b * uy, b * uz, sigmaZzGpa, sigmaPerpGpa, sxz, syz, d0Mhz, predicted);
            assigner.assignFromPrediction(lines, predicted, candidate);
            if (!candidate.status().usable()) {
                out.status = InversionStatus.UNASSIGNABLE;
                return false;
            }
            fieldInverterFor(candidate).invert(lines, candidate, ux, uy, uz, start9, d0Mhz, out);
            // On-axis lines that may cover other transitions: the field is refitted with their blend uncertainty
            // (OnAxisBlend) for its covariance. The status stays that of the fit with the spectral fit's errors, so a
            // blend does not turn lines that contradict the pixel's stress (POOR_FIT) into an accepted field.
            if (out.status == InversionStatus.OK || out.status == InversionStatus.PARTIAL) {
                if (orientation == CuletOrientation.C111 && onAxisBlend.apply(lines, candidate, blendLines) > 0) {
                    InversionStatus status = out.status;
                    fieldInverterFor(candidate).invert(blendLines, candidate, ux, uy, uz, start9, d0Mhz, out);
                    if (out.status.hasValues()) {
                        out.status = status;
                    }
                }
            }
            out.candidatesTried = 1;
        }
        out.assignment.copyFrom(candidate);
        out.d0Mhz = d0Mhz;
        if (!out.status.hasValues()) {
            return false;
        }
        firstOrder.estimate(lines, out.assignment, ux, uy, uz, d0Mhz, 3, out.firstOrder);
        if (out.maxResidualMhz > settings.assignmentMaxResidualMhz()) {
            out.status = InversionStatus.UNASSIGNABLE;
            out.assignment.status = AssignmentStatus.UNASSIGNABLE;
            return false;
        }
        return true;
    }

    /**
     * In-plane field magnitude (G) implied by the off-axis splittings of an assignment, first order (stress
     * ignored): 2 E_i = f+ - f- of off-axis group i gives |B . n_i| = E_i / gamma, and over the three off-axis axes
     * of a 111 culet sum (B . n_i)^2 = B_z^2 / 3 + 4 B_perp^2 / 3. 0 when the groups are not all assigned.
     */
    private double inPlaneFieldEstimate(FittedLines lines, LineAssignment a, double bzGauss) {
        double gamma = gammaMhzPerGauss;
        double sum = 0;
        for (int g = 1; g < 4; g++) {
            int lo = a.fittedIndex(2 * g);
            int hi = a.fittedIndex(2 * g + 1);
            if (lo < 0 || hi < 0) {
                return 0;
            }
            double e = 0.5 * (lines.centreMhz(hi) - lines.centreMhz(lo)) / gamma;
            sum += e * e;
        }
        double perp2 = 0.75 * (sum - bzGauss * bzGauss / 3);
        return perp2 > 0 ? Math.sqrt(perp2) : 0;
    }

    /**
     * The field-only inverter for an assignment: the vector field when at least four lines carry one transition
     * each (the on-axis pair and at least one resolved off-axis pair determine the in-plane field), else the
     * magnitude along the applied direction.
     */
    private FieldStressInverter fieldInverterFor(LineAssignment a) {
        int single = 0;
        for (int j = 0; j < a.lineCount(); j++) {
            single += a.multiplicity(j) == 1 ? 1 : 0;
        }
        return single >= 4 ? fieldVectorInverter : fieldInverter;
    }

    /**
     * Stage 1: every grouping (from zero shear when dirs = 0, else from shear seeds in dirs directions)
     * fitted for a few iterations only; the best {@code keep} by score are remembered with their end
     * points. Returns the number of fits.
     */
    private int screenGroupings(FittedLines lines, int lower, boolean symmetric, int count, int dirs, double b,
                                double ux, double uy, double uz, double d0Mhz) {
        java.util.Arrays.fill(topScore, Double.POSITIVE_INFINITY);
        int fits = 0;
        int starts = Math.max(1, dirs);
        for (int c = 0; c < count; c++) {
            assigner.assignGrouping(lines, lower, symmetric, c, candidate);
            for (int d = 0; d < starts; d++) {
                double sxz = 0;
                double syz = 0;
                if (dirs > 0) {
                    double angle = 2 * Math.PI * d / dirs;
                    sxz = settings.assignmentShearSeedGpa() * Math.cos(angle);
                    syz = settings.assignmentShearSeedGpa() * Math.sin(angle);
                }
                fillStart(b, ux, uy, uz, sxz, syz);
                inverter.invert(lines, candidate, ux, uy, uz, start9, d0Mhz, settings.assignmentQuickIterations(), trial);
                fits++;
                double sc = trial.status == InversionStatus.BAD_INPUT || trial.status == InversionStatus.UNASSIGNABLE
                    || Double.isNaN(trial.solutionParameters[0]) ? Double.POSITIVE_INFINITY : score(trial);
                insertTop(c, sc, trial.solutionParameters);
            }
        }
        return fits;
    }

    /** Keeps the best-scoring screened candidates (insertion into a short sorted list). */
    private void insertTop(int grouping, double sc, double[] params9) {
        int k = topScore.length;
        if (!(sc < topScore[k - 1])) {
            return;
        }
        int pos = k - 1;
        while (pos > 0 && topScore[pos - 1] > sc) {
            topScore[pos] = topScore[pos - 1];
            topGrouping[pos] = topGrouping[pos - 1];
            System.arraycopy(topStart[pos - 1], 0, topStart[pos], 0, 9);
            pos--;
        }
        topScore[pos] = sc;
        topGrouping[pos] = grouping;
        System.arraycopy(params9, 0, topStart[pos], 0, 9);
    }

    /** Stage 2: the remembered candidates fitted to convergence from their screening end points. */
    private boolean refineTop(FittedLines lines, int lower, boolean symmetric, double ux, double uy, double uz,
                              double d0Mhz, boolean have, InversionResult out) {
        boolean any = have;
        for (int k = 0; k < topScore.length; k++) {
            if (!Double.isFinite(topScore[k])) {
                continue;
            }
            assigner.assignGrouping(lines, lower, symmetric, topGrouping[k], candidate);
            inverter.invert(lines, candidate, ux, uy, uz, topStart[k], d0Mhz, trial);
            trial.assignment.copyFrom(candidate);
            if (!any || better(trial, out)) {
                out.copyFrom(trial);
                any = true;
            }
        }
        return any;
    }

    private void fillStart(double b, double ux, double uy, double uz, double sxz, double syz) {
        fillStart(b, ux, uy, uz, seed.sigmaZzGpa, seed.sigmaPerpGpa, sxz, syz);
    }

    /** start9 = field b along (ux, uy, uz), the given stress (GPa), no in-plane deviator. Mutates start9 only. */
    private void fillStart(double b, double ux, double uy, double uz, double szz, double sperp, double sxz, double syz) {
        start9[0] = b * ux;
        start9[1] = b * uy;
        start9[2] = b * uz;
        start9[3] = szz;
        start9[4] = sperp;
        start9[5] = sxz;
        start9[6] = syz;
        start9[7] = 0;
        start9[8] = 0;
    }

    /** Fits the current candidate assignment; copies it into out when it beats out. Returns true. */
    private boolean fitCandidate(FittedLines lines, double b, double ux, double uy, double uz, double sxz,
                                 double syz, double d0Mhz, boolean have, InversionResult out) {
        fillStart(b, ux, uy, uz, sxz, syz);
        inverter.invert(lines, candidate, ux, uy, uz, start9, d0Mhz, trial);
        trial.assignment.copyFrom(candidate);
        if (!have || better(trial, out)) {
            out.copyFrom(trial);
        }
        return true;
    }

    /** Whether {@link #candidate} (the fast path's assignment) is grouping {@code index}; uses {@link #grouping}. */
    private boolean sameAsGrouping(FittedLines lines, int lower, boolean symmetric, int index) {
        assigner.assignGrouping(lines, lower, symmetric, index, grouping);
        return java.util.Arrays.equals(grouping.fittedIndex, candidate.fittedIndex);
    }

    private boolean seen(int distinct) {
        for (int i = 0; i < distinct; i++) {
            if (java.util.Arrays.equals(tried[i], candidate.fittedIndex)) {
                return true;
            }
        }
        return false;
    }

    private boolean better(InversionResult a, InversionResult b) {
        int ar = rank(a.status);
        int br = rank(b.status);
        if (ar != br) {
            return ar < br;
        }
        double sa = score(a);
        double sb = score(b);
        return sa < sb * (1 - 1e-9) - 1e-12;
    }

    /** Converged fits first (OK, PARTIAL, POOR_FIT ranked by score), then NOT_CONVERGED, then the rest. */
    private static int rank(InversionStatus s) {
        return s.hasValues() ? 0 : s == InversionStatus.NOT_CONVERGED ? 1 : 2;
    }

    /**
     * chi^2 plus the weak shear prior (tau_interface / shear-prior-gpa)^2 and, in the vector field model, the
     * weak field prior |B_perp - B_applied,perp|^2 / field-prior-gauss^2 (ranking only: it breaks the tie
     * between mirror-image solutions, which the lines alone cannot tell apart).
     */
    private double score(InversionResult r) {
        double sc = r.chi2;
        double prior = settings.assignmentShearPriorGpa();
        double tau = Math.hypot(r.solutionParameters[InversionResult.SIGMA_XZ], r.solutionParameters[InversionResult.SIGMA_YZ]);
        if (prior > 0 && Double.isFinite(tau)) {
            sc += (tau / prior) * (tau / prior);
        }
        double fieldPrior = settings.assignmentFieldPriorGauss();
        if (settings.fieldModel() == InversionSettings.FieldModel.VECTOR && fieldPrior > 0) {
            double dx = r.solutionParameters[InversionResult.BX] - appliedX;
            double dy = r.solutionParameters[InversionResult.BY] - appliedY;
            if (Double.isFinite(dx) && Double.isFinite(dy)) {
                sc += (dx * dx + dy * dy) / (fieldPrior * fieldPrior);
            }
        }
        return sc;
    }
}
