package org.culet.pipeline;

import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.culet.acquisition.AcquisitionValidator.ValidatedAcquisition;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.kernel.fit.FitResult;
import org.culet.kernel.fit.FitSettings;
import org.culet.kernel.fit.FitStatus;
import org.culet.kernel.fit.SpectrumFitter;
import org.culet.kernel.fit.SpectrumModel;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.physics.FittedLines;
import org.culet.kernel.physics.InversionResult;
import org.culet.kernel.physics.PixelPhysicsKernel;
import org.culet.kernel.physics.SpectrumHamiltonianFitter;
import org.culet.spark.Tile;

/**
 * The single-thread rate of the per-pixel kernels the pipeline's tasks run (spectral fit, then field and
 * stress inversion), without Spark and without I/O: tile windows are read from a few sweeps first (the region's
 * tiles in turn),
 * then fitted (seeded exactly as {@link TileProcessor} seeds) and inverted in timed passes. {@code culet bench}
 * compares the pipeline's rate with twice this (two cores) to measure the Spark and I/O overhead.
 */
public final class KernelBenchmark {
    /** Measured single-thread rates; seconds are wall clock of the calling thread, cpu seconds its CPU time. */
    /**
     * Kernel rates. physics*: the joint field and stress fits; field*: the field fits at a known stress (the same
     * pixels, at the stress their joint fit gave). referenceFraction: the share of a pixel's sweeps that get the
     * joint fit in the pipeline (reference sweeps / sweeps; 1 when reference sweeps are off).
     */
    public record Rates(int sweeps, int tiles, int passes, long fits, double fitSeconds, double fitCpuSeconds,
                        long solves, double physicsSeconds, double physicsCpuSeconds, long fieldSolves,
                        double fieldSeconds, long warmSolves, double warmSeconds, long refines, double refineSeconds,
                        int referenceSweeps, double referenceFraction, ReferenceStage reference) {
        public double fitsPerSecond() {
            return fits / fitSeconds;
        }

        /** Joint field and stress inversions per second (pixels whose fit was OK). */
        public double physicsPerSecond() {
            return solves / physicsSeconds;
        }

        /** Joint fits started from a pixel's known stress per second (later reference sweeps). */
        public double warmPerSecond() {
            return warmSolves > 0 ? warmSolves / warmSeconds : Double.NaN;
        }

        /** Whole-spectrum refinements of a joint fit per second (reference sweeps; culet.physics.spectrum-refine). */
        public double refinePerSecond() {
            return refines > 0 ? refines / refineSeconds : Double.NaN;
        }

        /**
         * Seconds of inversion work per reference-sweep spectrum in the pipeline's reference stage, measured ({@link
         * ReferenceStage}) where it ran, else modelled from the component rates (cold refinements only).
         */
        public double referenceSecondsPerSpectrum() {
            if (reference != null && reference.spectra() > 0) {
                return reference.seconds() / reference.spectra();
            }
            double search = solves > 0 ? physicsSeconds / fits : 0; // per spectrum, as solves ~ OK fits
            double warm = warmSolves > 0 ? warmSeconds / fits : search;
            // reference sweeps: the first of a pixel searches, the others start from its stress
            double joint = referenceSweeps > 0 ? (search + (referenceSweeps - 1) * warm) / referenceSweeps : search;
            double refine = refines > 0 ? refineSeconds / fits : 0; // reference sweeps only, after their joint fit
            return joint + refine;
        }

        /** Field fits at a known stress per second. */
        public double fieldPerSecond() {
            return fieldSolves > 0 ? fieldSolves / fieldSeconds : Double.NaN;
        }

        /**
         * Spectra per second through fit and inversion in the pipeline's mix (the joint fit and its whole-spectrum
         * refinement on the reference share of the sweeps, the field at the pixel's stress on the rest): the kernel work a
         * pipeline task does per spectrum.
         */
        public double spectraPerSecond() {
            double perFit = fitSeconds / fits;
            double reference = referenceSecondsPerSpectrum();
            double field = fieldSolves > 0 ? fieldSeconds / fits : reference;
            return 1 / (perFit + referenceFraction * reference + (1 - referenceFraction) * field);
        }
    }

    /**
     * The pipeline's reference stage timed as {@link TileProcessor} runs it, on the reference sweeps of a few sampled
     * tiles: per pixel, the first reference sweep's joint fit with the assignment search and its cold whole-spectrum
     * refinement, then each later sweep: with culet.pipeline.physics.warm-refine the whole-spectrum fit from the
     * earlier refinement, and where that is not kept (or without warm-refine) the joint fit from the earlier stress
     * and its refinement. spectra: reference-sweep spectra timed (pixels x reference sweeps); seconds: their joint
     * fits and refinements (not the spectral fits); cold / warm: the refinements by start and their seconds; warmKept:
     * warm fits kept.
     */
    public record ReferenceStage(int tiles, long spectra, double seconds, long coldRefines, double coldSeconds,
                                 long warmRefines, double warmSeconds, long warmKept) {
        public double coldPerSecond() {
            return coldRefines > 0 ? coldRefines / coldSeconds : Double.NaN;
        }

        public double warmPerSecond() {
            return warmRefines > 0 ? warmRefines / warmSeconds : Double.NaN;
        }

        /** Share of the warm-started refinements that kept the warm fit. */
        public double warmKeptFraction() {
            return warmRefines > 0 ? (double) warmKept / warmRefines : Double.NaN;
        }
    }

    private KernelBenchmark() {
    }

    /**
     * One pass over the sampled pixels that have a stress from their joint fit: the joint fit started from that stress
     * (warm) or the field fit at it. With a refiner (warm passes only), each warm joint fit that has values is then
     * refined against its spectrum, as the pipeline refines its reference sweeps, and the refinements are timed alone.
     * Returns {solves, refinements, refinement nanoseconds}. Mutates lines, the scratch arrays and inversion.
     */
    private static long[] solveAtKnownStress(boolean warm, TaskPlan plan, PixelPhysicsKernel physics,
                                             SpectrumHamiltonianFitter refiner, FitSettings fitSettings, int[] sweepIndex,
                                             Tile[] tileOf, double[][] freqsMhz, double[][] windows, FitResult[][] results,
                                             double[][][] stress, FittedLines lines, double[] c, double[] ce, double[] w,
                                             double[] a, InversionResult inversion) {
        long solves = 0;
        long refines = 0;
        long refineNanos = 0;
        for (int i = 0; i < tileOf.length; i++) {
            int s = sweepIndex[i];
            double applied = plan.appliedFieldGauss[s];
            double bx = applied * plan.biasDirection[0];
            double by = applied * plan.biasDirection[1];
            double bz = applied * plan.biasDirection[2];
            double d0 = physics.d0Mhz(plan.temperatureK[s]);
            int nFreq = freqsMhz[i].length;
            for (int p = 0; p < tileOf[i].pixelCount(); p++) {
                double[] st = stress[i][p];
                if (results[i][p].status() != FitStatus.OK || st == null) {
                    continue;
                }
                setLines(results[i][p], lines, c, ce, w, a);
                if (!warm) {
                    physics.solveAtStress(lines, bx, by, bz, d0, st[0], st[1], st[2], st[3], inversion);
                    solves++;
                    continue;
                }
                physics.solveFrom(lines, bx, by, bz, d0, st[0], st[1], st[2], st[3], inversion);
                solves++;
                if (refiner != null && inversion.status.hasValues()) {
                    long t0 = System.nanoTime();
                    refiner.refine(freqsMhz[i], windows[i], p * nFreq, nFreq, results[i][p].reducedChi2(),
                        fitSettings.poisson(), lines, plan.biasDirection[0], plan.biasDirection[1], plan.biasDirection[2],
                        applied, inversion);
                    refineNanos += System.nanoTime() - t0;
                    refines++;
                }
            }
        }
        return new long[] {solves, refines, refineNanos};
    }

    /** A stride coprime with tiles, nearest to 0.618 x tiles (1 for 1 or 2 tiles). Package-private for tests. */
    static int sampleStride(int tiles) {
        if (tiles <= 2) {
            return 1;
        }
        int target = (int) Math.round(0.6180339887 * tiles);
        for (int d = 0; d < tiles; d++) {
            if (target + d < tiles && gcd(target + d, tiles) == 1) {
                return target + d;
            }
            if (target - d >= 1 && gcd(target - d, tiles) == 1) {
                return target - d;
            }
        }
        return 1;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /**
     * Reads the window of tile from sweep s into windows[slot] (frequency-major per pixel, as the pipeline's tasks read
     * it) and returns the sweep's frequency axis in MHz. A read failure is a user error naming the file.
     */
    private static double[] readWindow(TaskPlan plan, int s, Tile tile, double[][] windows, int slot) {
        try (SweepReader reader = plan.openSweep(s)) {
            double[] f = reader.frequenciesHz();
            for (int q = 0; q < f.length; q++) {
                f[q] *= 1e-6;
            }
            windows[slot] = new double[f.length * tile.pixelCount()];
            reader.readWindow(tile.y0(), tile.x0(), tile.height(), tile.width(), windows[slot]);
            return f;
        } catch (IOException e) {
            throw new UserException("cannot read tile " + tile + " of sweep " + plan.sweepIds[s] + ": " + e.getMessage(),
                plan.sweepFilesRelative[s], "check the file (culet inspect FILE)");
        }
    }

    /** The fitted lines of r into lines, through the scratch arrays c, ce, w, a (mutated). */
    private static void setLines(FitResult r, FittedLines lines, double[] c, double[] ce, double[] w, double[] a) {
        int m = r.lineCount();
        for (int j = 0; j < m; j++) {
            c[j] = r.centreMhz(j);
            ce[j] = r.centreErrMhz(j);
            w[j] = r.fwhmMhz(j);
            a[j] = r.contrast(j);
        }
        lines.set(m, c, ce, w, a);
    }

    /**
     * Measures the kernels on {@code tile} of up to {@code maxSweeps} sweeps spread evenly over the catalogue:
     * one untimed warm-up pass (JIT), then timed passes until {@code minSeconds} of work have been timed.
     */
    public static Rates measure(CuletConfig config, ValidatedAcquisition acquisition, java.util.List<Tile> regionTiles, int maxSweeps,
                                double minSeconds) {
        TaskPlan plan = new TaskPlan(config, acquisition, acquisition.catalog().entries());
        Config root = plan.config();
        Config culet = root.getConfig("culet");
        int n = plan.sweepCount();
        int k = Math.max(1, Math.min(maxSweeps, n));
        // Sample i is sweep i * n / k on tile (i * stride) mod (region tiles), the stride coprime with the tile count and
        // near its golden-ratio fraction: consecutive samples land on tiles far apart in rows and columns, and k >= tiles
        // samples visit every tile. Fit cost varies several-fold between the sample's centre and the frame's edges, so
        // a sample from some rows or columns only (e.g. every 4th tile of an 8 x 8 grid: two columns) misstates the rate.
        Tile[] tileOf = new Tile[k];
        int pixels = 0;
        int regionTileCount = regionTiles.size();
        int stride = sampleStride(regionTileCount);
        for (int i = 0; i < k; i++) {
            tileOf[i] = regionTiles.get((int) ((long) i * stride % regionTileCount));
            pixels = Math.max(pixels, tileOf[i].pixelCount());
        }
        double[][] windows = new double[k][];
        double[][] freqsMhz = new double[k][];
        int[] sweepIndex = new int[k];
        for (int i = 0; i < k; i++) {
            int s = (int) ((long) i * n / k);
            sweepIndex[i] = s;
            freqsMhz[i] = readWindow(plan, s, tileOf[i], windows, i);
        }
        SpectrumModel model = TileProcessor.fitModel(culet);
        FitSettings fitSettings = FitSettings.fromConfig(culet.getConfig("fit"));
        PixelPhysicsKernel physics = PixelPhysicsKernel.fromConfig(root, CuletOrientation.parse(plan.culetOrientation));
        SpectrumHamiltonianFitter refiner = SpectrumHamiltonianFitter.fromConfig(root,
            CuletOrientation.parse(plan.culetOrientation), model.shape(), fitSettings.voigtEta(), model.baseline());
        FitResult[][] results = new FitResult[k][pixels];
        for (FitResult[] row : results) {
            for (int p = 0; p < pixels; p++) {
                row[p] = new FitResult();
            }
        }
        SpectrumFitter[] fitters = new SpectrumFitter[k];
        for (int i = 0; i < k; i++) {
            int nFreq = freqsMhz[i].length;
            fitters[i] = i > 0 && freqsMhz[i - 1].length == nFreq ? fitters[i - 1] : new SpectrumFitter(nFreq, model, fitSettings);
        }
        FitResult region = new FitResult();
        FittedLines lines = new FittedLines();
        InversionResult inversion = new InversionResult();
        double[] c = new double[SpectrumModel.MAX_LINES];
        double[] ce = new double[SpectrumModel.MAX_LINES];
        double[] w = new double[SpectrumModel.MAX_LINES];
        double[] a = new double[SpectrumModel.MAX_LINES];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long fits = 0;
        long solves = 0;
        double fitS = 0;
        double fitCpuS = 0;
        double physS = 0;
        double physCpuS = 0;
        double fieldS = 0;
        long fieldSolves = 0;
        double warmS = 0;
        long warmSolves = 0;
        double refineS = 0;
        long refines = 0;
        int passes = 0;
        int referenceSweeps = culet.hasPath("pipeline.physics.reference-sweeps") ? culet.getInt("pipeline.physics.reference-sweeps") : 0;
        double referenceFraction = referenceSweeps <= 0 ? 1.0 : Math.min(1.0, (double) referenceSweeps / n);
        double[][][] stress = new double[k][pixels][];
        for (int pass = -1; pass < 1000 && (pass < 1 || fitS + physS < minSeconds); pass++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            long passFits = 0;
            for (int i = 0; i < k; i++) {
                int nFreq = freqsMhz[i].length;
                Tile tile = tileOf[i];
                passFits += tile.pixelCount();
                fitters[i].fitRegionAverage(freqsMhz[i], windows[i], 0, nFreq, tile.pixelCount(), region);
                for (int py = 0; py < tile.height(); py++) {
                    for (int px = 0; px < tile.width(); px++) {
                        int p = py * tile.width() + px;
                        FitResult seed = TileProcessor.seedFor(results[i], region, px, py, tile.width());
                        fitters[i].fit(freqsMhz[i], windows[i], p * nFreq, seed, results[i][p]);
                    }
                }
            }
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            long passSolves = 0;
            for (int i = 0; i < k; i++) {
                int s = sweepIndex[i];
                double applied = plan.appliedFieldGauss[s];
                double d0 = physics.d0Mhz(plan.temperatureK[s]);
                for (int p = 0; p < tileOf[i].pixelCount(); p++) {
                    FitResult r = results[i][p];
                    if (r.status() != FitStatus.OK) {
                        continue;
                    }
                    setLines(r, lines, c, ce, w, a);
                    physics.solve(lines, applied * plan.biasDirection[0], applied * plan.biasDirection[1],
                        applied * plan.biasDirection[2], d0, inversion);
                    passSolves++;
                    if (stress[i][p] == null && inversion.status.hasValues()) {
                        double tau = Double.isFinite(inversion.value[InversionResult.TAU_INTERFACE])
                            ? inversion.value[InversionResult.TAU_INTERFACE] : 0;
                        stress[i][p] = new double[] {inversion.value[InversionResult.SIGMA_ZZ],
                            inversion.value[InversionResult.SIGMA_PERP], tau, 0};
                    }
                }
            }
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            long[] field = referenceSweeps > 0 ? solveAtKnownStress(false, plan, physics, null, fitSettings, sweepIndex,
                tileOf, freqsMhz, windows, results, stress, lines, c, ce, w, a, inversion) : new long[3];
            long t3 = System.nanoTime();
            // warm joint fits (later reference sweeps) and their refinements in one loop; the refinements timed alone
            long[] warm = referenceSweeps > 0 ? solveAtKnownStress(true, plan, physics,
                refiner.settings().enabled() ? refiner : null, fitSettings, sweepIndex, tileOf, freqsMhz, windows, results,
                stress, lines, c, ce, w, a, inversion) : new long[3];
            long t4 = System.nanoTime();
            if (pass >= 0) {
                refines += warm[1];
                refineS += warm[2] * 1e-9;
                passes++;
                fits += passFits;
                solves += passSolves;
                fitS += (t1 - t0) * 1e-9;
                physS += (t2 - t1) * 1e-9;
                fitCpuS += (c1 - c0) * 1e-9;
                physCpuS += (c2 - c1) * 1e-9;
                fieldSolves += field[0];
                fieldS += (t3 - t2) * 1e-9;
                warmSolves += referenceSweeps > 1 ? warm[0] : 0;
                warmS += referenceSweeps > 1 ? (t4 - t3 - warm[2]) * 1e-9 : 0;
            }
        }
        ReferenceStage reference = null;
        if (referenceSweeps > 0 && refiner.settings().enabled()) {
            // distinct sampled tiles, in sample order (spread over the region), at most REFERENCE_TILES
            java.util.List<Tile> referenceTiles = new java.util.ArrayList<>();
            for (int i = 0; i < k && referenceTiles.size() < REFERENCE_TILES; i++) {
                if (!referenceTiles.contains(tileOf[i])) {
                    referenceTiles.add(tileOf[i]);
                }
            }
            reference = referenceStage(plan, Math.min(referenceSweeps, n), referenceTiles, model, fitSettings, physics,
                refiner, TileProcessor.warmRefine(culet));
        }
        return new Rates(k, regionTiles.size(), passes, fits, fitS, fitCpuS, solves, physS, physCpuS, fieldSolves, fieldS,
            warmSolves, warmS, refines, refineS, Math.min(Math.max(0, referenceSweeps), n), referenceFraction, reference);
    }

    /** Tiles of the sample whose reference sweeps {@link #referenceStage} times (about 1 s of work per tile). */
    private static final int REFERENCE_TILES = 4;

    /**
     * Times the reference stage ({@link ReferenceStage}) on the reference sweeps of tiles: reads and fits their windows
     * (untimed, seeded as the pipeline seeds), then runs each pixel's joint fits and refinements in the pipeline's
     * order, after an untimed warm-up on the first tile's first pixels (the warm-start path is compiled there). The
     * cold refinements are those after a line-centre inversion (first sweep, or a warm fit not kept); warm: {@link
     * SpectrumHamiltonianFitter#refineFrom} (kept or not).
     */
    private static ReferenceStage referenceStage(TaskPlan plan, int referenceSweeps, java.util.List<Tile> tiles,
                                                 SpectrumModel model, FitSettings fitSettings, PixelPhysicsKernel physics,
                                                 SpectrumHamiltonianFitter refiner, boolean warmRefine) {
        int[] refs = java.util.Arrays.copyOf(TileProcessor.processingOrder(plan, referenceSweeps), referenceSweeps);
        FittedLines lines = new FittedLines();
        double[] c = new double[SpectrumModel.MAX_LINES];
        double[] ce = new double[SpectrumModel.MAX_LINES];
        double[] w = new double[SpectrumModel.MAX_LINES];
        double[] a = new double[SpectrumModel.MAX_LINES];
        InversionResult[] steps = new InversionResult[referenceSweeps];
        for (int j = 0; j < referenceSweeps; j++) {
            steps[j] = new InversionResult();
        }
        FitResult region = new FitResult();
        long[] counts = new long[4]; // spectra, cold refines, warm refines, warm kept
        long[] nanos = new long[3]; // all, cold, warm
        for (int t = 0; t < tiles.size(); t++) {
            Tile tile = tiles.get(t);
            int pixels = tile.pixelCount();
            double[][] freqsMhz = new double[referenceSweeps][];
            double[][] windows = new double[referenceSweeps][];
            FitResult[][] results = new FitResult[referenceSweeps][pixels];
            for (int j = 0; j < referenceSweeps; j++) {
                freqsMhz[j] = readWindow(plan, refs[j], tile, windows, j);
                int nFreq = freqsMhz[j].length;
                SpectrumFitter fitter = new SpectrumFitter(nFreq, model, fitSettings);
                fitter.fitRegionAverage(freqsMhz[j], windows[j], 0, nFreq, pixels, region);
                for (int py = 0; py < tile.height(); py++) {
                    for (int px = 0; px < tile.width(); px++) {
                        int p = py * tile.width() + px;
                        results[j][p] = new FitResult();
                        fitter.fit(freqsMhz[j], windows[j], p * nFreq, TileProcessor.seedFor(results[j], region, px, py,
                            tile.width()), results[j][p]);
                    }
                }
            }
            if (t == 0) { // warm-up, untimed
                referencePixels(plan, refs, freqsMhz, windows, results, 0, Math.min(pixels, 128), physics, refiner,
                    warmRefine, fitSettings, lines, c, ce, w, a, steps, new long[4], new long[3]);
            }
            referencePixels(plan, refs, freqsMhz, windows, results, 0, pixels, physics, refiner, warmRefine, fitSettings,
                lines, c, ce, w, a, steps, counts, nanos);
        }
        return new ReferenceStage(tiles.size(), counts[0], nanos[0] * 1e-9, counts[1], nanos[1] * 1e-9, counts[2],
            nanos[2] * 1e-9, counts[3]);
    }

    /**
     * The reference stage of pixels [from, to) of one tile (see {@link #referenceStage}); adds to counts (spectra, cold
     * refinements, warm refinements, warm kept) and nanos (all, cold, warm). Mutates lines, the scratch arrays, steps.
     */
    private static void referencePixels(TaskPlan plan, int[] refs, double[][] freqsMhz, double[][] windows,
                                        FitResult[][] results, int from, int to, PixelPhysicsKernel physics,
                                        SpectrumHamiltonianFitter refiner, boolean warmRefine, FitSettings fitSettings,
                                        FittedLines lines, double[] c, double[] ce, double[] w, double[] a,
                                        InversionResult[] steps, long[] counts, long[] nanos) {
        long t0 = System.nanoTime();
        for (int p = from; p < to; p++) {
            InversionResult stressFrom = null; // latest earlier step with sigma_ZZ and sigma_perp
            InversionResult refinedFrom = null; // latest earlier step the refinement was used on
            for (int j = 0; j < refs.length; j++) {
                counts[0]++;
                FitResult r = results[j][p];
                if (r.status() != FitStatus.OK) {
                    continue;
                }
                int s = refs[j];
                double applied = plan.appliedFieldGauss[s];
                double bx = applied * plan.biasDirection[0];
                double by = applied * plan.biasDirection[1];
                double bz = applied * plan.biasDirection[2];
                double d0 = physics.d0Mhz(plan.temperatureK[s]);
                setLines(r, lines, c, ce, w, a);
                InversionResult inv = steps[j];
                boolean used;
                if (warmRefine && refinedFrom != null) {
                    long r0 = System.nanoTime();
                    used = refiner.refineFrom(freqsMhz[j], windows[j], p * freqsMhz[j].length, freqsMhz[j].length,
                        r.reducedChi2(), fitSettings.poisson(), plan.biasDirection[0], plan.biasDirection[1],
                        plan.biasDirection[2], applied, d0, refinedFrom, inv);
                    counts[2]++;
                    nanos[2] += System.nanoTime() - r0;
                    if (used) {
                        counts[3]++;
                        refinedFrom = inv;
                        stressFrom = inv;
                        continue;
                    }
                }
                if (stressFrom != null) {
                    double[] v = stressFrom.value;
                    double sxz = Double.isFinite(v[InversionResult.SIGMA_XZ]) ? v[InversionResult.SIGMA_XZ]
                        : v[InversionResult.TAU_INTERFACE];
                    double syz = v[InversionResult.SIGMA_YZ];
                    physics.solveFrom(lines, bx, by, bz, d0, v[InversionResult.SIGMA_ZZ], v[InversionResult.SIGMA_PERP],
                        sxz, Double.isFinite(syz) ? syz : 0, inv);
                } else {
                    physics.solve(lines, bx, by, bz, d0, inv);
                }
                if (inv.status.hasValues()) {
                    long r0 = System.nanoTime();
                    used = refiner.refine(freqsMhz[j], windows[j], p * freqsMhz[j].length, freqsMhz[j].length,
                        r.reducedChi2(), fitSettings.poisson(), lines, plan.biasDirection[0], plan.biasDirection[1],
                        plan.biasDirection[2], applied, inv);
                    counts[1]++;
                    nanos[1] += System.nanoTime() - r0;
                    if (used) {
                        refinedFrom = inv;
                    }
                    if (Double.isFinite(inv.value[InversionResult.SIGMA_ZZ])
                        && Double.isFinite(inv.value[InversionResult.SIGMA_PERP])) {
                        stressFrom = inv;
                    }
                }
            }
        }
        nanos[0] += System.nanoTime() - t0;
    }
}
