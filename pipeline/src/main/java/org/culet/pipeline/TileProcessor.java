package org.culet.pipeline;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.config.UserException;
import org.culet.kernel.fit.Baseline;
import org.culet.kernel.fit.FitResult;
import org.culet.kernel.fit.FitSettings;
import org.culet.kernel.fit.FitStatus;
import org.culet.kernel.fit.LineShape;
import org.culet.kernel.fit.SpectrumFitter;
import org.culet.kernel.fit.SpectrumModel;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.physics.FittedLines;
import org.culet.kernel.physics.InversionResult;
import org.culet.kernel.physics.InversionSettings;
import org.culet.kernel.physics.InversionStatus;
import org.culet.kernel.physics.LocalTcEstimator;
import org.culet.kernel.physics.MeissnerMeasures;
import org.culet.kernel.physics.MeissnerSettings;
import org.culet.kernel.physics.OnAxisBlend;
import org.culet.kernel.physics.PixelPhysicsKernel;
import org.culet.kernel.physics.SpectrumHamiltonianFitter;
import org.culet.kernel.physics.TcResult;
import org.culet.kernel.physics.TcSettings;
import org.culet.spark.QuarantineRecord;
import org.culet.spark.Stringency;
import org.culet.spark.Tile;
import org.culet.tables.Tables;

/**
 * The work of one Spark task: for each of its tiles, read the tile's window from every sweep file, fit every
 * pixel's spectrum (seeded from its left or upper neighbour, else from the tile-average spectrum), invert the
 * lines into field and stress, then build each pixel's temperature series, screening slopes and local Tc.
 * Kernels are built once per task and reused for every pixel (their workspaces are allocated once); per pixel
 * only the output rows are allocated. Spark-agnostic apart from {@link Row} and the progress accumulators.
 * Not thread-safe: one instance per task.
 */
public final class TileProcessor {
    /**
     * Meissner measure the local Tc is computed from (configuration {@code culet.pipeline.series.tc-measure}).
     * MAGNETIZATION needs whole maps ({@link MagnetizationStage}, after this stage): the tile stage then computes the
     * field-ratio Tc, and the magnetization stage overwrites the Tc columns with its susceptibility Tc.
     */
    public enum TcMeasure { FIELD_RATIO, FIELD_SHIFT, SCREENING_SLOPE, MAGNETIZATION }

    private final TaskPlan plan;
    private final Stringency stringency;
    private final SpectrumModel fitModel;
    private final FitSettings fitSettings;
    private final Map<Integer, SpectrumFitter> fitters = new HashMap<>();
    /** Refit model (more lines) for spectra the configured model leaves poorly fitted; null when disabled. */
    private final SpectrumModel refitModel;
    private final double refitChi2Factor;
    private final Map<Integer, SpectrumFitter> refitters = new HashMap<>();
    private final FitResult refit = new FitResult();
    private final FittedLines refitLines = new FittedLines();
    private final InversionResult refitInversion = new InversionResult();
    private double[] fitQuality = new double[0];
    private final PixelPhysicsKernel physics;
    /** Whole-spectrum refinement of the reference sweeps' joint fits (culet.physics.spectrum-refine). */
    private final SpectrumHamiltonianFitter refiner;
    /** Reference sweep-pixels whose stress came from the whole-spectrum fit (diagnostics). */
    long spectrumRefined;
    private final MeissnerSettings meissnerSettings;
    private final LocalTcEstimator tcEstimator;
    private final int tcConsecutivePoints;
    /** Sweep indices by ascending temperature. */
    private final int[] temperatureOrder;
    private final TcMeasure tcMeasure;
    private final String tcProtocol;
    private final String tauMeasure;
    private final double pixelSizeUm;
    private final int maxPixels;
    /**
     * Sweep processing order: the reference sweeps first (their joint field and stress fits give each pixel's
     * reference stress), then the others in catalogue order. Identity when reference sweeps are off.
     */
    private final int[] order;
    /** Number of leading entries of {@link #order} that are reference sweeps (0: joint fit for every sweep). */
    private final int referenceSweeps;
    /** Per reference sweep (position in order) and pixel: the fitted lines and the joint inversion, kept until the
     * pixel's reference stress is known (then the field is refitted at that stress and the rows are emitted). */
    private final FittedLines[][] referenceLines;
    private final InversionResult[][] referenceJoint;
    private final boolean[][] referenceFitOk;
    /** culet.pipeline.physics.warm-refine: later reference sweeps' refinements start from an earlier one's stress. */
    private final boolean warmRefine;
    /** The current tile's reference stress per pixel: sigma_ZZ, sigma_perp, sigma_XZ, sigma_YZ (GPa; NaN unknown). */
    private double[][] pixelStress = new double[4][0];
    private final InversionResult joint = new InversionResult();
    /** Sweep-pixels whose field fit at the reference stress failed (diagnostics). */
    long fieldFailures;
    /** Whether the last {@link #solvePixel} fitted at the reference stress, and whether that failed. */
    private boolean lastAtReference;
    private boolean lastSolveFailed;

    // Workspaces, allocated once per task.
    private final FitResult region = new FitResult();
    private final FitResult[] results;
    private final FittedLines lines = new FittedLines();
    private final InversionResult inversion = new InversionResult();
    private final TcResult tc = new TcResult();
    private final MeissnerMeasures.SlopeResult slope = new MeissnerMeasures.SlopeResult();
    private final double[] centres = new double[SpectrumModel.MAX_LINES];
    private final double[] centreErrs = new double[SpectrumModel.MAX_LINES];
    private final double[] fwhms = new double[SpectrumModel.MAX_LINES];
    private final double[] fwhmErrs = new double[SpectrumModel.MAX_LINES];
    private final double[] contrasts = new double[SpectrumModel.MAX_LINES];
    private final double[] contrastErrs = new double[SpectrumModel.MAX_LINES];
    private final double[] baseline = new double[3];
    private final double[] perGroupD = new double[4];
    private final double[] perGroupE = new double[4];
    private double[] window = new double[0];

    public TileProcessor(TaskPlan plan) {
        this.plan = plan;
        Config root = plan.config();
        Config culet = root.getConfig("culet");
        this.stringency = Stringency.fromConfig(culet);
        this.fitModel = fitModel(culet);
        this.fitSettings = FitSettings.fromConfig(culet.getConfig("fit"));
        Config fitConfig = culet.getConfig("pipeline.fit");
        int refitLineCount = fitConfig.hasPath("refit-lines") ? fitConfig.getInt("refit-lines") : 0;
        this.refitModel = refitLineCount > fitModel.nLines() ? SpectrumModel.of(refitLineCount, fitModel.shape(),
            fitModel.baseline()) : null;
        this.refitChi2Factor = fitConfig.hasPath("refit-reduced-chi2-factor")
            ? fitConfig.getDouble("refit-reduced-chi2-factor") : Double.POSITIVE_INFINITY;
        Config physicsConfig = culet.getConfig("physics");
        this.physics = new PixelPhysicsKernel(NvConstants.fromConfig(physicsConfig), D0Model.fromConfig(physicsConfig),
            CuletOrientation.parse(plan.culetOrientation), InversionSettings.fromConfig(root), OnAxisBlend.fromConfig(root));
        this.refiner = new SpectrumHamiltonianFitter(NvConstants.fromConfig(physicsConfig),
            CuletOrientation.parse(plan.culetOrientation), InversionSettings.fromConfig(root),
            SpectrumHamiltonianFitter.Settings.fromConfig(root), fitModel.shape(), fitSettings.voigtEta(), fitModel.baseline());
        this.meissnerSettings = MeissnerSettings.fromConfig(root);
        TcSettings tcSettings = TcSettings.fromConfig(root);
        this.tcEstimator = new LocalTcEstimator(tcSettings, Math.max(8, plan.sweepCount()));
        this.tcConsecutivePoints = tcSettings.consecutivePoints();
        this.temperatureOrder = new int[plan.sweepCount()];
        Integer[] byT = new Integer[plan.sweepCount()];
        for (int s = 0; s < byT.length; s++) {
            byT[s] = s;
        }
        Arrays.sort(byT, (a, b) -> Double.compare(plan.temperatureK[a], plan.temperatureK[b]));
        for (int s = 0; s < byT.length; s++) {
            temperatureOrder[s] = byT[s];
        }
        Config series = culet.getConfig("pipeline.series");
        this.tcMeasure = TcMeasure.valueOf(series.getString("tc-measure").toUpperCase(Locale.ROOT).replace('-', '_'));
        this.tcProtocol = series.getString("tc-protocol").toUpperCase(Locale.ROOT);
        this.tauMeasure = culet.getString("phase.tau-measure").equalsIgnoreCase("interface") ? "TAU_INTERFACE" : "TAU_MAX";
        this.pixelSizeUm = plan.pixelSizeUm;
        int tile = culet.getInt("pipeline.tile-size-px");
        this.maxPixels = tile * tile;
        this.results = new FitResult[maxPixels];
        for (int i = 0; i < maxPixels; i++) {
            results[i] = new FitResult();
        }
        int wanted = culet.hasPath("pipeline.physics.reference-sweeps") ? culet.getInt("pipeline.physics.reference-sweeps") : 0;
        this.order = processingOrder(plan, Math.max(0, wanted));
        this.referenceSweeps = wanted <= 0 ? 0 : Math.min(wanted, plan.sweepCount());
        this.warmRefine = warmRefine(culet);
        this.referenceLines = new FittedLines[referenceSweeps][];
        this.referenceJoint = new InversionResult[referenceSweeps][];
        this.referenceFitOk = new boolean[referenceSweeps][];
    }

    /** The reference sweeps' per-pixel workspaces, allocated by the first {@link #beginTile} (helpers never need them). */
    private void allocateReferenceWorkspaces() {
        for (int k = 0; k < referenceSweeps; k++) {
            if (referenceLines[k] != null) {
                continue;
            }
            referenceLines[k] = new FittedLines[maxPixels];
            referenceJoint[k] = new InversionResult[maxPixels];
            referenceFitOk[k] = new boolean[maxPixels];
            for (int i = 0; i < maxPixels; i++) {
                referenceLines[k][i] = new FittedLines();
                referenceJoint[k][i] = new InversionResult();
            }
        }
    }

    /**
     * Reference sweeps first: the warmest sweeps with an applied field of at least 1 G (normal state, lines
     * separated by the field; the zero-field and remanent sweeps last), ties by larger field then sweep id; then
     * every other sweep in catalogue order. Package-private for tests.
     */
    static int[] processingOrder(TaskPlan plan, int referenceSweeps) {
        int n = plan.sweepCount();
        Integer[] byPreference = new Integer[n];
        for (int s = 0; s < n; s++) {
            byPreference[s] = s;
        }
        Arrays.sort(byPreference, (a, b) -> {
            boolean fa = Math.abs(plan.appliedFieldGauss[a]) >= 1.0 && !"REMANENT".equals(plan.protocol[a]);
            boolean fb = Math.abs(plan.appliedFieldGauss[b]) >= 1.0 && !"REMANENT".equals(plan.protocol[b]);
            if (fa != fb) {
                return fa ? -1 : 1;
            }
            int c = Double.compare(plan.temperatureK[b], plan.temperatureK[a]);
            if (c != 0) {
                return c;
            }
            c = Double.compare(Math.abs(plan.appliedFieldGauss[b]), Math.abs(plan.appliedFieldGauss[a]));
            return c != 0 ? c : plan.sweepIds[a].compareTo(plan.sweepIds[b]);
        });
        int k = Math.min(referenceSweeps, n);
        int[] out = new int[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < k; i++) {
            out[i] = byPreference[i];
            taken[byPreference[i]] = true;
        }
        int pos = k;
        for (int s = 0; s < n; s++) {
            if (!taken[s]) {
                out[pos++] = s;
            }
        }
        return out;
    }

    private SpectrumFitter fitterFor(int nFreq) {
        return fitters.computeIfAbsent(nFreq, n -> new SpectrumFitter(n, fitModel, fitSettings));
    }

    private SpectrumFitter refitterFor(int nFreq) {
        return refitters.computeIfAbsent(nFreq, n -> new SpectrumFitter(n, refitModel, fitSettings));
    }

    /** Fit misfit per unit of baseline: reduced chi^2 / baseline counts (1 for a shot-noise-limited good fit). */
    private static double quality(FitResult r) {
        double c0 = r.baselineTermCount() > 0 ? r.baseline(0) : Double.NaN;
        return c0 > 0 ? r.reducedChi2() / c0 : Double.NaN;
    }

    /** Per-sweep, per-pixel values of one tile, indexed [sweep * pixels + pixel]; NaN where absent. */
    private static final class TileState {
        final int pixels;
        final double[] bNv;
        final double[] bNvErr;
        final double[][] stress; // [quantity][s * P + p], quantity = STRESS_COLUMNS order
        final double[][] stressErr;
        final boolean[] fitOk;
        final boolean[] hasRow;
        /** The stress of this sweep-pixel came from the whole-spectrum fit (no shared blending systematic). */
        final boolean[] stressFromSpectrum;

        TileState(int sweeps, int pixels) {
            this.pixels = pixels;
            int n = sweeps * pixels;
            bNv = nan(n);
            bNvErr = nan(n);
            stress = new double[STRESS_COLUMNS.length][];
            stressErr = new double[STRESS_COLUMNS.length][];
            for (int q = 0; q < STRESS_COLUMNS.length; q++) {
                stress[q] = nan(n);
                stressErr[q] = nan(n);
            }
            fitOk = new boolean[n];
            hasRow = new boolean[n];
            stressFromSpectrum = new boolean[n];
        }
    }

    /** pixel_table stress columns and the InversionResult quantity each comes from. */
    private static final String[] STRESS_COLUMNS = {"sigma_zz", "sigma_perp", "sigma_xz", "sigma_yz", "tau_max", "tau_interface"};
    private static final int[] STRESS_QUANTITY = {InversionResult.SIGMA_ZZ, InversionResult.SIGMA_PERP,
        InversionResult.SIGMA_XZ, InversionResult.SIGMA_YZ, InversionResult.TAU_MAX, InversionResult.TAU_INTERFACE};

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Processes whole tiles into one output (tests and small runs). Accumulators may be null. */
    public TileOutput process(List<Tile> tiles, LongAccumulator tilesDone, LongAccumulator fitsDone) {
        TileOutput out = new TileOutput();
        for (Tile tile : tiles) {
            beginTile(tile);
            for (int step = 0; step < plan.sweepCount(); step++) {
                sweep(step, out, fitsDone);
            }
            finishTile(out);
            if (tilesDone != null) {
                tilesDone.add(1);
            }
        }
        return out;
    }

    private Tile tile;
    private TileState state;

    /** Starts a tile: the per-sweep state of its pixels is kept until {@link #finishTile}. */
    public void beginTile(Tile next) {
        if (next.pixelCount() > maxPixels) {
            throw new IllegalStateException("tile " + next + " larger than the configured tile size");
        }
        allocateReferenceWorkspaces();
        this.tile = next;
        this.state = new TileState(plan.sweepCount(), next.pixelCount());
        if (pixelStress[0].length < next.pixelCount()) {
            pixelStress = new double[4][next.pixelCount()];
        }
        for (double[] a : pixelStress) {
            Arrays.fill(a, Double.NaN);
        }
        for (boolean[] ok : referenceFitOk) {
            Arrays.fill(ok, false);
        }
    }

    /**
     * Step `step` (0 .. sweepCount - 1) of the current tile: reads, fits and inverts the sweep at that position
     * of the processing order (reference sweeps first), appending its rows to out. The physics rows of the
     * reference sweeps are emitted with the last of them, once the pixels' reference stress is known. Returns the
     * number of spectra fitted (0 when the sweep's window could not be read).
     */
    public int sweep(int step, TileOutput out, LongAccumulator fitsDone) {
        int s = order[step];
        int fitted = 0;
        if (readWindow(tile, s, out)) {
            fitAndInvert(tile, s, step, state, out);
            fitted = tile.pixelCount();
            if (fitsDone != null) {
                fitsDone.add(fitted);
            }
        }
        if (step == referenceSweeps - 1) {
            referenceStress(tile.pixelCount());
            emitReferenceSweeps(out);
        }
        return fitted;
    }

    /**
     * Makes this processor work on the current tile of {@code leader}, which has begun it and (when reference sweeps
     * are on) finished its reference sweeps: the steps from {@link #referenceSweepCount()} on are then independent
     * of each other and may run on several processors at once, each writing only its own sweep's entries of the
     * shared per-tile state. The leader alone finishes the tile. Mutates this processor's tile fields only.
     */
    void joinTile(TileProcessor leader) {
        this.tile = leader.tile;
        this.state = leader.state;
        this.pixelStress = leader.pixelStress;
    }

    /** Leading steps that are reference sweeps: they run in order on one processor before any other step. */
    int referenceSweepCount() {
        return referenceSweeps;
    }

    /** Builds the series, Tc and pixel_table partial rows of the current tile, appending them to out. */
    public void finishTile(TileOutput out) {
        seriesAndPartials(tile, state, out);
        tile = null;
        state = null;
    }

    int sweepCount() {
        return plan.sweepCount();
    }

    /** Reads the tile window of sweep s into {@link #window}; false (after quarantining) when it cannot. */
    private boolean readWindow(Tile tile, int s, TileOutput out) {
        try (SweepReader reader = plan.openSweep(s)) {
            int nFreq = reader.frequencyCount();
            int need = nFreq * tile.pixelCount();
            if (window.length < need) {
                window = new double[need];
            }
            currentFreqsMhz = reader.frequenciesHz();
            for (int i = 0; i < currentFreqsMhz.length; i++) {
                currentFreqsMhz[i] *= 1e-6;
            }
            reader.readWindow(tile.y0(), tile.x0(), tile.height(), tile.width(), window);
            return true;
        } catch (UserException | IOException e) {
            QuarantineRecord record = QuarantineRecord.of("READ", "UNREADABLE_TILE", QuarantineRecord.Scope.TILE,
                    "cannot read the tile window of this sweep: " + e.getMessage(),
                    "check the file is complete and readable (culet inspect FILE), or remove the sweep from sweeps.csv")
                .withFile(plan.sweepFilesRelative[s]).withSweep(plan.sweepIds[s]).withTile(tile.tileId());
            out.quarantine.add(stringency.reject(record));
            return false;
        }
    }

    private double[] currentFreqsMhz;
    /** Pixels whose physics came from the refit (diagnostics). */
    long refitsUsed;

    private double medianOf(double[] a, int n) {
        int m = 0;
        if (medianScratch.length < n) {
            medianScratch = new double[n];
        }
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(a[i])) {
                medianScratch[m++] = a[i];
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        Arrays.sort(medianScratch, 0, m);
        return medianScratch[m / 2];
    }

    private void fitAndInvert(Tile tile, int s, int step, TileState state, TileOutput out) {
        boolean reference = step < referenceSweeps;
        int nFreq = currentFreqsMhz.length;
        SpectrumFitter fitter = fitterFor(nFreq);
        int pixels = tile.pixelCount();
        fitter.fitRegionAverage(currentFreqsMhz, window, 0, nFreq, pixels, region);
        double appliedG = plan.appliedFieldGauss[s];
        double bx = appliedG * plan.biasDirection[0];
        double by = appliedG * plan.biasDirection[1];
        double bz = appliedG * plan.biasDirection[2];
        double d0 = physics.d0Mhz(plan.temperatureK[s]);
        RowBuilder fitRow = fitRows;
        RowBuilder physRow = physicsRows;
        String[] seedSources = new String[pixels];
        if (fitQuality.length < pixels) {
            fitQuality = new double[pixels];
        }
        for (int py = 0; py < tile.height(); py++) {
            for (int px = 0; px < tile.width(); px++) {
                int p = py * tile.width() + px;
                FitResult seed = seedFor(results, region, px, py, tile.width());
                String seedSource = seed == null ? "PEAKS" : seed == region ? "TILE_AVERAGE" : "NEIGHBOUR";
                fitter.fit(currentFreqsMhz, window, p * nFreq, seed, results[p]);
                seedSources[p] = seedSource;
                fitQuality[p] = quality(results[p]);
            }
        }
        // Spectra the configured model fits much worse than the tile's typical pixel (e.g. off-axis groups split by an
        // in-plane stray field or shear into more lines than the model has) are refitted with refit-lines lines; the
        // refit is kept when its lines invert and it fits clearly better.
        double typicalQuality = refitModel == null ? Double.NaN : medianOf(fitQuality, pixels);
        for (int py = 0; py < tile.height(); py++) {
            for (int px = 0; px < tile.width(); px++) {
                int p = py * tile.width() + px;
                int y = tile.y0() + py;
                int x = tile.x0() + px;
                String seedSource = seedSources[p];
                FitResult r = results[p];
                int idx = s * state.pixels + p;
                state.hasRow[idx] = true;
                if (r.status() == FitStatus.BAD_INPUT) {
                    quarantineBadPixel(tile, s, y, x, p * nFreq, nFreq, out);
                }
                boolean fitOk = r.status() == FitStatus.OK;
                FitResult used = r;
                boolean warmKept = false; // the reference sweep's stress came from the warm-started refinement alone
                if (fitOk) {
                    lines.set(copyLines(r), centres, centreErrs, fwhms, contrasts);
                    if (reference) {
                        // Joint field and stress fit; the field is refitted at the pixel's reference stress later. The
                        // first reference sweep of a pixel searches the line assignments; later ones start from the
                        // stress an earlier one found: the whole-spectrum fit from the earlier refinement where that
                        // passes its tests (warm-refine), else the line-centre fit from that stress (one fit; the
                        // search again where that does not fit), refined as the first sweep is.
                        lastSolveFailed = false; // (set by solvePixel for the other sweeps; never carried over)
                        InversionResult warmFrom = warmRefine ? earlierRefinement(step, p) : null;
                        warmKept = warmFrom != null
                            && !(refitModel != null && fitQuality[p] > refitChi2Factor * typicalQuality)
                            && refiner.refineFrom(currentFreqsMhz, window, p * nFreq, nFreq, r.reducedChi2(),
                                fitSettings.poisson(), plan.biasDirection[0], plan.biasDirection[1], plan.biasDirection[2],
                                appliedG, d0, warmFrom, inversion);
                        int earlier = warmKept ? -1 : earlierReferenceStress(step, p);
                        if (warmKept) {
                            spectrumRefined++;
                        } else if (earlier >= 0) {
                            physics.solveFrom(lines, bx, by, bz, d0, state.stress[0][earlier], state.stress[1][earlier],
                                Double.isFinite(state.stress[2][earlier]) ? state.stress[2][earlier] : state.stress[5][earlier],
                                Double.isFinite(state.stress[3][earlier]) ? state.stress[3][earlier] : 0, inversion);
                        } else {
                            physics.solve(lines, bx, by, bz, d0, inversion);
                        }
                    } else {
                        solvePixel(lines, p, bx, by, bz, d0, inversion);
                    }
                    // Refit with more lines where the model fits much worse than the tile's typical pixel, or where the
                    // field fit at the reference stress failed (typically a line of the on-axis pair not among the
                    // fitted lines because the off-axis groups split into more dips than the model has).
                    if (!warmKept && refitModel != null
                        && (fitQuality[p] > refitChi2Factor * typicalQuality || lastSolveFailed)) {
                        refitterFor(nFreq).fit(currentFreqsMhz, window, p * nFreq, null, refit);
                        if (refit.status() == FitStatus.OK && quality(refit) < 0.8 * fitQuality[p]) {
                            refitLines.set(copyLines(refit), centres, centreErrs, fwhms, contrasts);
                            if (reference) {
                                physics.solve(refitLines, bx, by, bz, d0, refitInversion);
                            } else {
                                solvePixel(refitLines, p, bx, by, bz, d0, refitInversion);
                            }
                            if (refitInversion.status.hasValues() && refitInversion.status != InversionStatus.POOR_FIT) {
                                inversion.copyFrom(refitInversion);
                                used = refit;
                                lines.set(copyLines(refit), centres, centreErrs, fwhms, contrasts);
                                refitsUsed++;
                            }
                        }
                    }
                }
                if (fitOk && reference && !warmKept && inversion.status.hasValues()
                    && refiner.refine(currentFreqsMhz, window, p * nFreq, nFreq, used.reducedChi2(), fitSettings.poisson(),
                        lines, plan.biasDirection[0], plan.biasDirection[1], plan.biasDirection[2], appliedG, inversion)) {
                    spectrumRefined++;
                }
                int n = copyLines(used);
                setPixelKeys(fitRow, tile, y, x).set(Tables.SWEEP_ID, plan.sweepIds[s])
                    .set("n_lines", n).set("line_shape", fitModel.shape().name())
                    .setDoubles("line_center_mhz", centres, n).setDoubles("line_center_err_mhz", centreErrs, n)
                    .setDoubles("line_fwhm_mhz", fwhms, n).setDoubles("line_fwhm_err_mhz", fwhmErrs, n)
                    .setDoubles("line_contrast", contrasts, n).setDoubles("line_contrast_err", contrastErrs, n)
                    .set("baseline_model", fitModel.baseline().name())
                    .setDoubles("baseline_coefficients", baseline, used.baselineTermCount())
                    .setDouble("chi2", used.chi2()).setDouble("reduced_chi2", used.reducedChi2())
                    .set("iterations", used.iterations()).set("seed_source", used == r ? seedSource : "PEAKS")
                    .set(Tables.STATUS, used.status().name());
                out.fits.add(fitRow.buildInternal());

                state.fitOk[idx] = fitOk;
                if (reference) {
                    referenceFitOk[step][p] = fitOk;
                    if (fitOk) {
                        referenceLines[step][p].set(lines.count(), centres, centreErrs, fwhms, contrasts);
                        referenceJoint[step][p].copyFrom(inversion);
                        recordStress(inversion, state, idx);
                    }
                    continue;
                }
                emitPhysics(tile, s, y, x, idx, fitOk, inversion, null, fitOk && lastAtReference, out);
            }
        }
    }

    /**
     * The field of pixel p at its reference stress ({@link PixelPhysicsKernel#solveAtStress}), or, where the pixel has
     * no reference stress (reference sweeps off, or none of them gave sigma_ZZ), the joint field and stress fit.
     * A failed fit at the reference stress is final: the joint fit is not tried instead, because on the demo its
     * field was wrong in 405 of the 486 sweep-pixels where it was (a line of the on-axis pair missing from the
     * spectral fit, lines overlapping at zero field). A POOR_FIT at the reference stress keeps its status and
     * reports no field (the lines contradict the pixel's stress). Mutates out; sets {@link #lastAtReference} and
     * {@link #lastSolveFailed}.
     */
    private void solvePixel(FittedLines pixelLines, int p, double bx, double by, double bz, double d0, InversionResult out) {
        lastAtReference = referenceSweeps > 0 && Double.isFinite(pixelStress[0][p]);
        if (lastAtReference) {
            boolean ok = physics.solveAtStress(pixelLines, bx, by, bz, d0, pixelStress[0][p], pixelStress[1][p],
                pixelStress[2][p], pixelStress[3][p], out);
            lastSolveFailed = !ok || out.status == InversionStatus.POOR_FIT;
            if (lastSolveFailed) {
                fieldFailures++;
                // (as the joint fit: too few valid lines to assign are UNASSIGNABLE, invalid lines BAD_INPUT)
                InversionStatus status = out.status == InversionStatus.BAD_INPUT && pixelLines.isValid()
                    ? InversionStatus.UNASSIGNABLE : out.status;
                out.reset(status);
                out.d0Mhz = d0;
            }
            return;
        }
        lastSolveFailed = false;
        physics.solve(pixelLines, bx, by, bz, d0, out);
    }

    /**
     * State index (sweep * pixels + p) of the latest earlier reference sweep of pixel p whose joint fit gave sigma_ZZ
     * and sigma_perp, or -1.
     */
    private int earlierReferenceStress(int step, int p) {
        for (int k = step - 1; k >= 0; k--) {
            int idx = order[k] * state.pixels + p;
            if (Double.isFinite(state.stress[0][idx]) && Double.isFinite(state.stress[1][idx])) {
                return idx;
            }
        }
        return -1;
    }

    /** culet.pipeline.physics.warm-refine (on where absent, as in reference.conf). */
    static boolean warmRefine(Config culet) {
        return !culet.hasPath("pipeline.physics.warm-refine") || culet.getBoolean("pipeline.physics.warm-refine");
    }

    /**
     * The latest earlier reference sweep's joint inversion of pixel p that the whole-spectrum fit refined (the warm
     * start of this sweep's refinement), or null.
     */
    private InversionResult earlierRefinement(int step, int p) {
        for (int k = step - 1; k >= 0; k--) {
            if (referenceFitOk[k][p] && referenceJoint[k][p].spectrumRefined) {
                return referenceJoint[k][p];
            }
        }
        return null;
    }

    /** Keeps the stress of a joint inversion for the pixel's reference stress and pixel_table aggregate. */
    private void recordStress(InversionResult inv, TileState state, int idx) {
        if (!inv.status.hasValues()) {
            return;
        }
        state.stressFromSpectrum[idx] = inv.spectrumRefined;
        for (int q = 0; q < STRESS_QUANTITY.length; q++) {
            int k = STRESS_QUANTITY[q];
            if (identified(inv, k)) {
                state.stress[q][idx] = inv.value[k];
                state.stressErr[q][idx] = inv.sigma[k];
            }
        }
    }

    /**
     * Each pixel's reference stress from the joint fits of the reference sweeps (robust weighted mean, as for
     * pixel_table): sigma_ZZ, sigma_perp, and the shear tractions; where the shear direction is not determined
     * but tau_interface is, (tau_interface, 0) stands for (sigma_XZ, sigma_YZ) (the on-axis lines depend on the
     * magnitude only).
     */
    private void referenceStress(int pixels) {
        for (int p = 0; p < pixels; p++) {
            double szz = robustMean(state, 0, p);
            double sperp = robustMean(state, 1, p);
            double sxz = robustMean(state, 2, p);
            double syz = robustMean(state, 3, p);
            if (!Double.isFinite(sxz) || !Double.isFinite(syz)) {
                double tau = robustMean(state, 5, p);
                sxz = Double.isFinite(tau) ? tau : 0;
                syz = 0;
            }
            pixelStress[0][p] = szz;
            pixelStress[1][p] = sperp;
            pixelStress[2][p] = sxz;
            pixelStress[3][p] = syz;
        }
    }

    /** Emits the physics rows of the reference sweeps: joint stress, field refitted at the reference stress. */
    private void emitReferenceSweeps(TileOutput out) {
        for (int k = 0; k < referenceSweeps; k++) {
            int s = order[k];
            double appliedG = plan.appliedFieldGauss[s];
            double bx = appliedG * plan.biasDirection[0];
            double by = appliedG * plan.biasDirection[1];
            double bz = appliedG * plan.biasDirection[2];
            double d0 = physics.d0Mhz(plan.temperatureK[s]);
            for (int py = 0; py < tile.height(); py++) {
                for (int px = 0; px < tile.width(); px++) {
                    int p = py * tile.width() + px;
                    int idx = s * state.pixels + p;
                    if (!state.hasRow[idx]) {
                        continue; // the sweep's window could not be read (quarantined)
                    }
                    boolean fitOk = referenceFitOk[k][p];
                    InversionResult jointResult = referenceJoint[k][p];
                    if (fitOk) {
                        solvePixel(referenceLines[k][p], p, bx, by, bz, d0, inversion);
                    }
                    emitPhysics(tile, s, tile.y0() + py, tile.x0() + px, idx, fitOk, inversion, fitOk ? jointResult : null,
                        fitOk && lastAtReference, out);
                }
            }
        }
    }

    /**
     * One pixel_physics row. inv: the field (and, without a joint result, the stress) of the pixel; joint: the
     * joint fit of a reference sweep, whose stress columns are reported (null for other sweeps, whose stress
     * columns stay null: their field was fitted at the reference stress, method FIELD_AT_REFERENCE_STRESS).
     */
    private void emitPhysics(Tile tile, int s, int y, int x, int idx, boolean fitOk, InversionResult inv,
                             InversionResult jointResult, boolean atReference, TileOutput out) {
        double appliedG = plan.appliedFieldGauss[s];
        RowBuilder physRow = setPixelKeys(physicsRows, tile, y, x).set(Tables.SWEEP_ID, plan.sweepIds[s])
            .setDouble("temperature_k", plan.temperatureK[s]).setDouble("applied_field_gauss", appliedG)
            .set("protocol", plan.protocol[s]).setDouble("d0_reference_mhz", physics.d0Mhz(plan.temperatureK[s]));
        if (!fitOk) {
            physRow.set(Tables.STATUS, "FIT_FAILED");
            out.physics.add(physRow.buildInternal());
            return;
        }
        InversionStatus status = !inv.status.hasValues() && jointResult != null && jointResult.status.hasValues()
            ? jointResult.status : inv.status;
        String method = jointResult != null ? (jointResult.spectrumRefined ? "EXACT_SPECTRUM" : "EXACT")
            : atReference ? "FIELD_AT_REFERENCE_STRESS" : "EXACT";
        physRow.set(Tables.STATUS, status.name()).set("method", method)
            .setDouble("inversion_chi2", inv.chi2);
        if (inv.status.hasValues()) {
            fillPhysics(physRow, appliedG, state, idx, inv, jointResult);
        } else if (jointResult != null && jointResult.status.hasValues()) {
            fillPhysics(physRow, appliedG, state, idx, jointResult, jointResult);
        }
        out.physics.add(physRow.buildInternal());
    }

    /** Copies a fit's lines and baseline into the row scratch arrays; returns the line count. */
    private int copyLines(FitResult f) {
        int n = f.lineCount();
        for (int k = 0; k < n; k++) {
            centres[k] = f.centreMhz(k);
            centreErrs[k] = f.centreErrMhz(k);
            fwhms[k] = f.fwhmMhz(k);
            fwhmErrs[k] = f.fwhmErrMhz(k);
            contrasts[k] = f.contrast(k);
            contrastErrs[k] = f.contrastErr(k);
        }
        for (int j = 0; j < f.baselineTermCount(); j++) {
            baseline[j] = f.baseline(j);
        }
        return n;
    }

    /**
     * The seed of pixel (px, py) of a tile of the given width (results row-major, already fitted before it):
     * its left neighbour's fit when that converged OK, else its upper neighbour's, else the tile-average fit
     * (region) when usable, else null (seed from the spectrum's own peaks).
     */
    static FitResult seedFor(FitResult[] results, FitResult region, int px, int py, int width) {
        int p = py * width + px;
        if (px > 0 && results[p - 1].usableAsSeed() && results[p - 1].status() == FitStatus.OK) {
            return results[p - 1];
        }
        if (py > 0 && results[p - width].usableAsSeed() && results[p - width].status() == FitStatus.OK) {
            return results[p - width];
        }
        return region.usableAsSeed() ? region : null;
    }

    /** The spectral model of the pipeline's fit stage ({@code culet.pipeline.fit}). */
    static SpectrumModel fitModel(Config culet) {
        Config fitConfig = culet.getConfig("pipeline.fit");
        return SpectrumModel.of(fitConfig.getInt("lines"),
            LineShape.valueOf(fitConfig.getString("shape").toUpperCase(Locale.ROOT)),
            Baseline.valueOf(fitConfig.getString("baseline").toUpperCase(Locale.ROOT)));
    }

    private final RowBuilder fitRows = new RowBuilder(Tables.PIXEL_FITS);
    private final RowBuilder physicsRows = new RowBuilder(Tables.PIXEL_PHYSICS);
    private final RowBuilder seriesRows = new RowBuilder(Tables.PIXEL_SERIES);
    private final RowBuilder partialRows = new RowBuilder(Tables.PIXEL_TABLE);

    private RowBuilder setPixelKeys(RowBuilder b, Tile tile, int y, int x) {
        return b.set(Tables.SAMPLE_ID, plan.sampleId).set(Tables.PRESSURE_GPA, plan.pressureGpa)
            .set(Tables.TILE_ID, tile.tileId()).set(Tables.PIXEL_Y, y).set(Tables.PIXEL_X, x);
    }

    /** Field columns from inv, stress columns from stressSource (inv when null and inv fitted the stress). */
    private void fillPhysics(RowBuilder row, double appliedG, TileState state, int idx, InversionResult inv,
                             InversionResult stressSource) {
        InversionResult stressInv = stressSource != null ? stressSource : inv;
        for (int g = 0; g < 4; g++) {
            perGroupD[g] = 0.5 * (inv.modelLinesMhz[2 * g] + inv.modelLinesMhz[2 * g + 1]);
            perGroupE[g] = 0.5 * (inv.modelLinesMhz[2 * g + 1] - inv.modelLinesMhz[2 * g]);
        }
        row.setDoubles("d_mhz", perGroupD, 4).setDoubles("e_mhz", perGroupE, 4);
        double bNv = inv.bAlongBiasGauss;
        double bNvErr = inv.bAlongBiasSigmaGauss;
        row.setDouble("b_par_gauss", identified(inv, InversionResult.BZ) ? inv.bParGauss() : Double.NaN)
            .setDouble("b_par_err_gauss", identified(inv, InversionResult.BZ) ? inv.bParSigmaGauss() : Double.NaN);
        if (identified(inv, InversionResult.BX) && identified(inv, InversionResult.BY)
            && inv.state[InversionResult.BX] == InversionResult.ComponentState.FITTED) {
            double bPerp = Math.hypot(inv.value[InversionResult.BX], inv.value[InversionResult.BY]);
            row.setDouble("b_perp_gauss", bPerp);
            if (bPerp > 0) {
                double gx = inv.value[InversionResult.BX] / bPerp;
                double gy = inv.value[InversionResult.BY] / bPerp;
                double var = gx * gx * inv.covariance(InversionResult.BX, InversionResult.BX)
                    + gy * gy * inv.covariance(InversionResult.BY, InversionResult.BY)
                    + 2 * gx * gy * inv.covariance(InversionResult.BX, InversionResult.BY);
                row.setDouble("b_perp_err_gauss", Math.sqrt(Math.max(0, var)));
            }
        }
        String[] columns = {"sigma_zz", "sigma_perp", "sigma_xz", "sigma_yz", "tau_max", "tau_interface"};
        List<String> undetermined = new ArrayList<>();
        for (int q = 0; q < STRESS_QUANTITY.length; q++) {
            int k = STRESS_QUANTITY[q];
            if (identified(stressInv, k)) {
                row.setDouble(columns[q] + "_gpa", stressInv.value[k]).setDouble(columns[q] + "_err_gpa", stressInv.sigma[k]);
                if (referenceSweeps == 0) {
                    state.stress[q][idx] = stressInv.value[k];
                    state.stressErr[q][idx] = stressInv.sigma[k];
                }
            }
        }
        for (int k = 0; k < InversionResult.QUANTITIES; k++) {
            InversionResult source = k <= InversionResult.BZ ? inv : stressInv;
            if (source.state[k] == InversionResult.ComponentState.UNIDENTIFIED) {
                undetermined.add(InversionResult.NAMES[k]);
            }
        }
        row.set("undetermined", undetermined);
        if (Double.isFinite(bNv)) {
            state.bNv[idx] = bNv;
            state.bNvErr[idx] = bNvErr;
            row.setDouble("field_shift_gauss", MeissnerMeasures.fieldShiftGauss(bNv, appliedG))
                .setDouble("field_shift_err_gauss", bNvErr)
                .setDouble("field_ratio", MeissnerMeasures.fieldRatio(bNv, appliedG))
                .setDouble("field_ratio_err", MeissnerMeasures.fieldRatioSigma(bNvErr, appliedG));
        }
    }

    private static boolean identified(InversionResult inv, int k) {
        return inv.state[k] == InversionResult.ComponentState.FITTED && Double.isFinite(inv.value[k]);
    }

    /** A pixel whose spectrum is not numbers (NaN, infinite, saturated): quarantine (LENIENT) or stop (STRICT). */
    private void quarantineBadPixel(Tile tile, int s, int y, int x, int offset, int nFreq, TileOutput out) {
        int frame = -1;
        for (int f = 0; f < nFreq; f++) {
            if (!Double.isFinite(window[offset + f])) {
                frame = f;
                break;
            }
        }
        QuarantineRecord record = QuarantineRecord.of("FIT", frame >= 0 ? "NAN_FRAME" : "BAD_SPECTRUM",
                QuarantineRecord.Scope.PIXEL,
                frame >= 0 ? "the pixel's spectrum holds a non-finite count (NaN or infinite)"
                    : "the pixel's spectrum is unusable (saturated, constant or too short)",
                "check the camera frames of this sweep (saturation, dropped frames), or set culet.pipeline.stringency = LENIENT"
                    + " to quarantine such pixels and go on")
            .withFile(plan.sweepFilesRelative[s]).withSweep(plan.sweepIds[s]).withTile(tile.tileId()).withPixel(y, x);
        if (frame >= 0) {
            record = record.withFrame(frame);
        }
        out.quarantine.add(stringency.reject(record));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Series, Tc and the per-pixel partial row of pixel_table
    // ---------------------------------------------------------------------------------------------------------

    private void seriesAndPartials(Tile tile, TileState state, TileOutput out) {
        int sweeps = plan.sweepCount();
        Integer[] order = new Integer[sweeps];
        for (int s = 0; s < sweeps; s++) {
            order[s] = s;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(plan.temperatureK[a], plan.temperatureK[b]);
            return c != 0 ? c : plan.sweepIds[a].compareTo(plan.sweepIds[b]);
        });
        double[] tcT = new double[sweeps];
        double[] tcResponse = new double[sweeps];
        double[] tcSigma = new double[sweeps];
        double[] currents = new double[sweeps];
        double[] response = new double[sweeps];
        double[] sigma = new double[sweeps];
        for (int py = 0; py < tile.height(); py++) {
            for (int px = 0; px < tile.width(); px++) {
                int p = py * tile.width() + px;
                int y = tile.y0() + py;
                int x = tile.x0() + px;
                List<Row> meissner = new ArrayList<>();
                int rows = 0;
                int ok = 0;
                for (int s : order) {
                    int idx = s * state.pixels + p;
                    if (!state.hasRow[idx]) {
                        continue;
                    }
                    rows++;
                    ok += state.fitOk[idx] ? 1 : 0;
                    double b = state.bNv[idx];
                    double applied = plan.appliedFieldGauss[s];
                    meissner.add(RowFactory.create(plan.sweepIds[s], plan.temperatureK[s], finite(applied), plan.protocol[s],
                        finite(MeissnerMeasures.fieldShiftGauss(b, applied)), finite(state.bNvErr[idx]),
                        finite(MeissnerMeasures.fieldRatio(b, applied))));
                }
                List<Row> screening = screening(state, p, order, currents, response, sigma);
                int n = tcSeries(state, p, order, tcT, tcResponse, tcSigma, screening);
                tcEstimator.estimate(tcT, tcResponse, tcSigma, n, tc);
                if (tc.status == TcResult.Status.NO_TRANSITION && !coldEndCovered(tcT, n)) {
                    // No departure among the points there are, but the coldest temperatures of the series have no field
                    // (e.g. lines inside a screening region that the spectral model cannot describe): a transition
                    // below the coldest point cannot be excluded, so the pixel is not classified rather than called
                    // non-superconducting.
                    tc.status = TcResult.Status.INSUFFICIENT_DATA;
                }
                String tcStatus = rows == 0 ? "NO_SWEEPS" : switch (tc.status) {
                    case OK -> tc.onsetAtColdEnd ? "ONSET_AT_COLD_END" : "OK";
                    case NO_TRANSITION -> "NEVER_SCREENS";
                    case INSUFFICIENT_DATA -> "TOO_FEW_POINTS";
                    case BAD_INPUT -> "NOISY";
                };
                boolean superconducting = tc.status == TcResult.Status.OK;
                boolean classified = superconducting || tc.status == TcResult.Status.NO_TRANSITION;
                double[] lowT = lowTemperatureFieldResponse(state, p, order);
                double[] trapped = trappedField(state, p, order);
                double slopeLowT = Double.NaN;
                double slopeLowTErr = Double.NaN;
                if (!screening.isEmpty()) {
                    Row first = screening.get(0);
                    slopeLowT = first.isNullAt(3) ? Double.NaN : first.getDouble(3);
                    slopeLowTErr = first.isNullAt(4) ? Double.NaN : first.getDouble(4);
                }
                setPixelKeys(seriesRows, tile, y, x).set("meissner_series", meissner).set("screening", screening)
                    .setDouble("screening_slope_ratio_low_t", slopeLowT)
                    .setDouble("screening_slope_ratio_low_t_err", slopeLowTErr)
                    .setDouble("trapped_field_gauss", trapped[0]).setDouble("trapped_field_err_gauss", trapped[1])
                    .set("tc_measure", tcMeasure.name()).setDouble("normal_state_noise", tc.noise)
                    .setDouble("tc_onset_k", superconducting ? tc.tcOnsetK : Double.NaN)
                    .setDouble("tc_onset_err_k", superconducting ? tc.tcOnsetSigmaK : Double.NaN)
                    .setDouble("tc_midpoint_k", superconducting ? tc.tcMidpointK : Double.NaN)
                    .setDouble("tc_midpoint_err_k", superconducting ? tc.tcMidpointSigmaK : Double.NaN)
                    .setDouble("tc_fit_k", superconducting ? tc.tcFitK : Double.NaN)
                    .setDouble("tc_fit_err_k", superconducting ? tc.tcFitSigmaK : Double.NaN)
                    .set("superconducting", rows == 0 || !classified ? null : superconducting)
                    .set(Tables.STATUS, tcStatus);
                out.series.add(seriesRows.buildInternal());

                RowBuilder part = setPixelKeys(partialRows, tile, y, x);
                part.setDouble("y_um", (y + 0.5) * pixelSizeUm).setDouble("x_um", (x + 0.5) * pixelSizeUm)
                    .set("n_sweeps", rows).setDouble("fit_ok_fraction", rows == 0 ? Double.NaN : (double) ok / rows);
                boolean stressOk = aggregateStress(state, p, part);
                part.setDouble("b_par_gauss", referenceField(state, p, order))
                    .setDouble("field_shift_low_t_gauss", lowT[0]).setDouble("field_ratio_low_t", lowT[1])
                    .setDouble("screening_slope_ratio_low_t", slopeLowT)
                    .setDouble("trapped_field_gauss", trapped[0])
                    .setDouble("tc_onset_k", superconducting ? tc.tcOnsetK : Double.NaN)
                    .setDouble("tc_onset_err_k", superconducting ? tc.tcOnsetSigmaK : Double.NaN)
                    .setDouble("tc_midpoint_k", superconducting ? tc.tcMidpointK : Double.NaN)
                    .setDouble("tc_midpoint_err_k", superconducting ? tc.tcMidpointSigmaK : Double.NaN)
                    .setDouble("tc_fit_k", superconducting ? tc.tcFitK : Double.NaN)
                    .setDouble("tc_fit_err_k", superconducting ? tc.tcFitSigmaK : Double.NaN)
                    .set("superconducting", rows == 0 || !classified ? null : superconducting).set("tc_status", tcStatus)
                    .set("tc_measure", tcMeasure.name())
                    .set("tau_measure", tauMeasure)
                    .set(Tables.STATUS, rows == 0 || ok == 0 ? "FIT" : !stressOk ? "PHYSICS"
                        : tc.status == TcResult.Status.BAD_INPUT || tc.status == TcResult.Status.INSUFFICIENT_DATA
                        ? "SERIES" : "OK");
                out.pixelPartials.add(partialRows.buildInternal());
            }
        }
    }

    /**
     * Whether the Tc series (temperatures ascending, n points) holds the coldest {@code consecutive-points}
     * temperatures of the Tc protocol's sweeps with an applied field: only then does "no departure" mean the pixel
     * does not screen down to the coldest sweep.
     */
    private boolean coldEndCovered(double[] seriesT, int n) {
        int need = Math.max(1, tcConsecutivePoints);
        int found = 0;
        double last = Double.NEGATIVE_INFINITY;
        for (int s : temperatureOrder) {
            if (!tcProtocol.equals(plan.protocol[s]) || !(Math.abs(plan.appliedFieldGauss[s]) > 1e-6)
                || plan.temperatureK[s] < last + 0.05) {
                continue;
            }
            last = plan.temperatureK[s];
            boolean present = false;
            for (int i = 0; i < n && !present; i++) {
                present = Math.abs(seriesT[i] - last) < 0.05;
            }
            if (!present) {
                return false;
            }
            if (++found >= need) {
                return true;
            }
        }
        return true;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Screening slopes: for every (protocol, temperature) with at least min-currents distinct coil currents, a
     * weighted linear fit of B_NV against the current, divided by the unscreened slope (the coil calibration).
     * Rows in ascending temperature (struct of {@link Tables#SCREENING_POINT}).
     */
    private List<Row> screening(TileState state, int p, Integer[] order, double[] currents, double[] response,
                                double[] sigma) {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && sameCondition(order[i], order[j])) {
                j++;
            }
            int n = 0;
            for (int k = i; k < j; k++) {
                int s = order[k];
                int idx = s * state.pixels + p;
                if (Double.isFinite(plan.coilCurrentA[s]) && Double.isFinite(state.bNv[idx])) {
                    currents[n] = plan.coilCurrentA[s];
                    response[n] = state.bNv[idx];
                    sigma[n] = state.bNvErr[idx];
                    n++;
                }
            }
            if (n >= meissnerSettings.minCurrents() && !"REMANENT".equals(plan.protocol[order[i]])) {
                MeissnerMeasures.screeningSlope(currents, response, sigma, n,
                    MeissnerMeasures.unscreenedSlopeGaussPerAmp(plan.coilGaussPerAmp), meissnerSettings, slope);
                if (slope.status == MeissnerMeasures.SlopeStatus.OK) {
                    rows.add(RowFactory.create(plan.temperatureK[order[i]], plan.protocol[order[i]], slope.points,
                        finite(slope.ratio), finite(slope.ratioSigma), finite(slope.rSquared)));
                }
            }
            i = j;
        }
        return rows;
    }

    private boolean sameCondition(int a, int b) {
        return plan.protocol[a].equals(plan.protocol[b]) && Math.abs(plan.temperatureK[a] - plan.temperatureK[b]) < 0.05;
    }

    /**
     * The temperature series the Tc comes from (sweeps of the Tc protocol with an applied field): per
     * temperature the inverse-variance weighted mean of the measure over the coil currents. Returns n.
     */
    private int tcSeries(TileState state, int p, Integer[] order, double[] t, double[] r, double[] sg, List<Row> screening) {
        int n = 0;
        if (tcMeasure == TcMeasure.SCREENING_SLOPE) {
            for (Row row : screening) {
                if (tcProtocol.equals(row.getString(1)) && !row.isNullAt(3) && !row.isNullAt(4)) {
                    t[n] = row.getDouble(0);
                    r[n] = row.getDouble(3);
                    sg[n] = row.getDouble(4);
                    n++;
                }
            }
            return n;
        }
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && sameCondition(order[i], order[j])) {
                j++;
            }
            if (tcProtocol.equals(plan.protocol[order[i]])) {
                double sw = 0;
                double swr = 0;
                for (int k = i; k < j; k++) {
                    int s = order[k];
                    int idx = s * state.pixels + p;
                    double applied = plan.appliedFieldGauss[s];
                    double b = state.bNv[idx];
                    double e = state.bNvErr[idx];
                    if (!(Math.abs(applied) > 1e-6) || !Double.isFinite(b) || !(e > 0)) {
                        continue;
                    }
                    boolean ratio = tcMeasure != TcMeasure.FIELD_SHIFT;
                    double value = ratio ? b / applied : b - applied;
                    double err = ratio ? e / Math.abs(applied) : e;
                    double w = 1 / (err * err);
                    sw += w;
                    swr += w * value;
                }
                if (sw > 0) {
                    t[n] = plan.temperatureK[order[i]];
                    r[n] = swr / sw;
                    sg[n] = 1 / Math.sqrt(sw);
                    n++;
                }
            }
            i = j;
        }
        return n;
    }

    /** {field shift, ratio} at the lowest temperature of the Tc protocol, at its largest applied field. */
    private double[] lowTemperatureFieldResponse(TileState state, int p, Integer[] order) {
        int best = -1;
        for (int s : order) {
            if (!tcProtocol.equals(plan.protocol[s]) || !Double.isFinite(state.bNv[s * state.pixels + p])) {
                continue;
            }
            if (best < 0) {
                best = s;
            } else if (Math.abs(plan.temperatureK[s] - plan.temperatureK[best]) < 0.05
                && Math.abs(plan.appliedFieldGauss[s]) > Math.abs(plan.appliedFieldGauss[best])) {
                best = s;
            }
        }
        if (best < 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double b = state.bNv[best * state.pixels + p];
        double applied = plan.appliedFieldGauss[best];
        return new double[] {MeissnerMeasures.fieldShiftGauss(b, applied), MeissnerMeasures.fieldRatio(b, applied)};
    }

    /** {B_NV, error} of the coldest REMANENT sweep (applied field removed), NaN when there is none. */
    private double[] trappedField(TileState state, int p, Integer[] order) {
        for (int s : order) {
            int idx = s * state.pixels + p;
            if ("REMANENT".equals(plan.protocol[s]) && Double.isFinite(state.bNv[idx])) {
                return new double[] {state.bNv[idx] - plan.appliedFieldGauss[s], state.bNvErr[idx]};
            }
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    /** b_par of the reference sweep: the warmest sweep (normal state) with the largest applied field. */
    private double referenceField(TileState state, int p, Integer[] order) {
        int best = -1;
        for (int k = order.length - 1; k >= 0; k--) {
            int s = order[k];
            if (!Double.isFinite(state.bNv[s * state.pixels + p])) {
                continue;
            }
            if (best < 0 || (Math.abs(plan.temperatureK[s] - plan.temperatureK[best]) < 0.05
                && Math.abs(plan.appliedFieldGauss[s]) > Math.abs(plan.appliedFieldGauss[best]))) {
                best = s;
            } else if (plan.temperatureK[s] < plan.temperatureK[best] - 0.05) {
                break;
            }
        }
        return best < 0 ? Double.NaN : state.bNv[best * state.pixels + p];
    }

    /**
     * Combines a pixel's stress over every sweep whose joint inversion gave it: the reference sweeps, or every sweep
     * when culet.pipeline.physics.reference-sweeps = 0 (the stress does not depend on field or temperature). Robust: values further than 4 x max(1.4826 MAD, own
     * 1-sigma) from the median are dropped first (a sweep whose lines were misassigned, e.g. at zero applied
     * field where the on-axis and off-axis lines overlap), then the inverse-variance weighted mean; its error is
     * 1/sqrt(sum w), scaled up by sqrt(reduced chi^2) when the sweeps scatter more than their errors say, and not
     * below the median single-sweep error where line-centre stress (errors shared by a pixel's sweeps) is among them
     * ({@link RobustSweepMean}). Returns false when sigma_ZZ could not be determined. No allocation.
     */
    private boolean aggregateStress(TileState state, int p, RowBuilder row) {
        double tauUsed = Double.NaN;
        boolean ok = false;
        for (int q = 0; q < STRESS_COLUMNS.length; q++) {
            double mean = robustMean(state, q, p);
            if (!Double.isFinite(mean)) {
                continue;
            }
            String column = STRESS_COLUMNS[q];
            row.setDouble(column + "_gpa", mean);
            if (!column.equals("sigma_xz") && !column.equals("sigma_yz")) {
                row.setDouble(column + "_err_gpa", robustMeanErr);
            }
            if (q == 0) {
                ok = true;
            }
            if (column.equals("TAU_MAX".equals(tauMeasure) ? "tau_max" : "tau_interface")) {
                tauUsed = mean;
            }
        }
        row.setDouble("tau_gpa", tauUsed);
        return ok;
    }

    /** 1-sigma of the last {@link #robustMean} (NaN when it found nothing). */
    private double robustMeanErr = Double.NaN;

    /**
     * Robust weighted mean of stress quantity q (STRESS_COLUMNS order) of pixel p over the sweeps that gave it
     * ({@link RobustSweepMean}); NaN when none did. Sets {@link #robustMeanErr}. No allocation.
     */
    private double robustMean(TileState state, int q, int p) {
        int sweeps = plan.sweepCount();
        sweepMean.clear(sweeps);
        for (int s = 0; s < sweeps; s++) {
            int idx = s * state.pixels + p;
            sweepMean.add(state.stress[q][idx], state.stressErr[q][idx], state.stressFromSpectrum[idx]);
        }
        double mean = sweepMean.mean();
        robustMeanErr = sweepMean.error();
        return mean;
    }

    private final RobustSweepMean sweepMean = new RobustSweepMean();
    /** Scratch of {@link #medianOf}. */
    private double[] medianScratch = new double[0];
}
