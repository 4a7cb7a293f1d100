package org.culet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.acquisition.AcquisitionValidator.ValidatedAcquisition;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.pipeline.CuletJob;
import org.culet.pipeline.HeapMonitor;
import org.culet.pipeline.KernelBenchmark;
import org.culet.spark.Tile;
import org.culet.spark.TilePlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code culet bench}: the pipeline's throughput against the single-thread kernel rate, measured in one
 * process one after the other (compare the ratio, not the absolute figures, on a busy machine), with the
 * time per stage and the heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures throughput: the single-thread rate of the fit and inversion kernels (no Spark, no I/O),",
        "then culet run on Spark (default local[2]) over a region of the bench acquisition, and prints fits/s, their",
        "ratio (target: pipeline >= 0.70 x 2 x kernel), the time per stage and the heap (peak, and live after GC).",
        "The bench acquisition is simulated into --work when --acquisition is not given (4 GiB, several minutes)."})
public final class BenchCommand implements Callable<Integer> {
    /** The target: the pipeline keeps at least this fraction of 2 cores x the kernel rate. */
    static final double TARGET_EFFICIENCY = 0.70;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--acquisition", paramLabel = "DIR",
        description = "Acquisition to measure on (default: WORK/acquisition, simulated with --preset bench when missing).")
    Path acquisition;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "culet-bench",
        description = "Folder for the simulated acquisition, derived acquisitions, the warehouse and bench-result.json (default ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--preset", defaultValue = "bench", description = "Preset simulated when there is no acquisition (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--roi", paramLabel = "Y0,X0,H,W",
        description = "Region processed by the pipeline run (default: the central 64 x 64 px; 'all' = the whole frame).")
    String roi;

    @Option(names = "--sweeps", paramLabel = "N",
        description = "Run on N sweeps: the catalogue is cut or repeated (repeats re-read the same files under new sweep ids) to measure how memory grows with sweeps.")
    Integer sweeps;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master of the pipeline run (default ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--kernel-sweeps", defaultValue = "8", description = "Sweeps (spread over the catalogue, each on the next region tile) the kernel measurement fits (default ${DEFAULT-VALUE}).")
    int kernelSweeps;

    @Option(names = "--kernel-seconds", defaultValue = "20", description = "Least timed seconds of the kernel measurement (default ${DEFAULT-VALUE}).")
    double kernelSeconds;

    @Option(names = "--kernel-only", description = "Measure the kernels only (no pipeline run).")
    boolean kernelOnly;

    @Override
    public Integer call() throws IOException {
        configOptions.overrides.put("culet.spark.master", master);
        CuletConfig config = configOptions.load("bench");
        PrintWriter out = spec.commandLine().getOut();
        Path acq = acquisition != null ? acquisition : work.resolve("acquisition");
        if (acquisition == null && !Files.isRegularFile(acq.resolve(AcquisitionSpec.FILE_NAME))) {
            out.printf(Locale.ROOT, "bench: no acquisition in %s: simulating preset %s first%n", acq, preset);
            out.flush();
            SimulateCommand.run(config, preset, 1, acq, null, false, out);
        }
        if (sweeps != null) {
            acq = withSweepCount(acq, sweeps, work.resolve("acquisition-" + sweeps + "-sweeps"));
        }
        ValidatedAcquisition validated = AcquisitionValidator.validate(acq);
        int[] region = region(roi, validated.height(), validated.width());
        if (region != null) {
            configOptions.overrides.put("culet.pipeline.roi-px", "[" + region[0] + ", " + region[1] + ", " + region[2] + ", " + region[3] + "]");
            config = configOptions.load("bench");
        }
        TilePlanner planner = TilePlanner.fromConfig(config.culet(), validated.height(), validated.width());
        List<Tile> tiles = planner.tiles(config.culet());
        int frequencies = validated.catalog().entries().isEmpty() ? 0 : frequencyCount(validated);
        out.printf(Locale.ROOT, "bench: acquisition %s (%d sweeps, %d x %d px, %d frequency points); region %s (%d tiles, %d px)%n",
            acq, validated.catalog().entries().size(), validated.height(), validated.width(), frequencies,
            region == null ? "whole frame" : String.format(Locale.ROOT, "[%d, %d, %d, %d]", region[0], region[1], region[2], region[3]),
            tiles.size(), tiles.stream().mapToLong(Tile::pixelCount).sum());
        out.flush();

        KernelBenchmark.Rates kernel = KernelBenchmark.measure(config, validated, tiles, kernelSweeps, kernelSeconds);
        out.printf(Locale.ROOT, "bench: kernel, 1 thread, no Spark, no I/O: fit %.0f fits/s, inversion %.0f pixels/s, "
                + "fit + inversion %.0f spectra/s (%d sweeps on %d region tiles, %d timed passes; CPU/wall %.2f)%n",
            kernel.fitsPerSecond(), kernel.physicsPerSecond(), kernel.spectraPerSecond(), kernel.sweeps(), kernel.tiles(),
            kernel.passes(), (kernel.fitCpuSeconds() + kernel.physicsCpuSeconds()) / (kernel.fitSeconds() + kernel.physicsSeconds()));
        out.printf(Locale.ROOT, "bench: kernel inversions: joint field + stress with assignment search %.0f pixels/s, started from "
                + "the pixel's stress %.0f pixels/s, whole-spectrum refinement %.0f pixels/s, field at the pixel's stress %.0f "
                + "pixels/s; the pipeline's mix gives the joint fit and its refinement to %.1f %% of the sweeps "
                + "(culet.pipeline.physics.reference-sweeps, the first of them with the search)%n",
            kernel.physicsPerSecond(), kernel.warmPerSecond(), kernel.refinePerSecond(), kernel.fieldPerSecond(),
            100 * kernel.referenceFraction());
        KernelBenchmark.ReferenceStage reference = kernel.reference();
        if (reference != null) {
            out.printf(Locale.ROOT, "bench: kernel reference stage (joint fits + refinements of the reference sweeps, as the "
                    + "pipeline runs them, %d tiles): %.2f ms per reference spectrum; refinements cold %.0f /s, warm-started "
                    + "%.0f /s (%.1f %% kept the warm fit; culet.pipeline.physics.warm-refine)%n",
                reference.tiles(), 1e3 * kernel.referenceSecondsPerSpectrum(), reference.coldPerSecond(),
                reference.warmPerSecond(), 100 * reference.warmKeptFraction());
        }
        out.flush();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("acquisition", acq.toAbsolutePath().toString());
        json.put("sweeps", validated.catalog().entries().size());
        json.put("height_px", validated.height());
        json.put("width_px", validated.width());
        json.put("frequency_points", frequencies);
        json.put("kernel_fits_per_s", kernel.fitsPerSecond());
        json.put("kernel_inversions_per_s", kernel.physicsPerSecond());
        json.put("kernel_field_at_stress_per_s", kernel.fieldPerSecond());
        json.put("kernel_joint_from_stress_per_s", kernel.warmPerSecond());
        json.put("kernel_spectrum_refinements_per_s", kernel.refinePerSecond());
        json.put("kernel_reference_fraction", kernel.referenceFraction());
        json.put("kernel_reference_seconds_per_spectrum", kernel.referenceSecondsPerSpectrum());
        if (reference != null) {
            json.put("kernel_cold_refinements_per_s", reference.coldPerSecond());
            json.put("kernel_warm_refinements_per_s", reference.warmPerSecond());
            json.put("kernel_warm_refinements_kept", reference.warmKeptFraction());
        }
        json.put("kernel_spectra_per_s", kernel.spectraPerSecond());
        // The same kernel measurement on as many threads at once as the master has cores: how far this machine's cores
        // scale on pure kernel work (shared caches, memory bandwidth, virtual CPUs), which no pipeline can beat.
        int kernelThreads = master.equals("local") || master.startsWith("local[") ? parallelism(master) : 1;
        double parallelFitRate = Double.NaN;
        double parallelSpectraRate = Double.NaN;
        if (kernelThreads > 1) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(kernelThreads);
            try {
                List<java.util.concurrent.Future<KernelBenchmark.Rates>> futures = new java.util.ArrayList<>();
                CuletConfig kernelConfig = config;
                ValidatedAcquisition kernelAcquisition = validated;
                List<Tile> kernelTiles = tiles;
                int sweepsPerThread = kernelSweeps;
                double secondsPerThread = kernelSeconds;
                for (int t = 0; t < kernelThreads; t++) {
                    futures.add(pool.submit(() -> KernelBenchmark.measure(kernelConfig, kernelAcquisition, kernelTiles,
                        sweepsPerThread, secondsPerThread)));
                }
                parallelFitRate = 0;
                parallelSpectraRate = 0;
                for (java.util.concurrent.Future<KernelBenchmark.Rates> f : futures) {
                    KernelBenchmark.Rates r = f.get();
                    parallelFitRate += r.fitsPerSecond();
                    parallelSpectraRate += r.spectraPerSecond();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the kernels on " + kernelThreads + " threads", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the kernel measurement on " + kernelThreads + " threads failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
            out.printf(Locale.ROOT, "bench: kernel on %d threads at once: fit %.0f fits/s, fit + inversion %.0f spectra/s "
                    + "(scaling %.2f of %d x one thread: what this machine's cores give to pure kernel work)%n",
                kernelThreads, parallelFitRate, parallelSpectraRate, parallelSpectraRate / (kernelThreads * kernel.spectraPerSecond()),
                kernelThreads);
            out.flush();
            json.put("kernel_threads", kernelThreads);
            json.put("kernel_parallel_fits_per_s", parallelFitRate);
            json.put("kernel_parallel_spectra_per_s", parallelSpectraRate);
        }
        if (kernelOnly) {
            writeJson(json);
            return 0;
        }

        Path warehouse = work.resolve("warehouse");
        CuletJob.Result result;
        long t0 = System.nanoTime();
        long peakUsed;
        long peakLive;
        try (HeapMonitor heap = HeapMonitor.start(50)) {
            result = RunCommand.run(config, acq, warehouse.toString(), true, "RUN");
            peakUsed = heap.peakUsedBytes();
            peakLive = heap.peakLiveBytes();
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        long fits = result.rowCounts().getOrDefault("pixel_fits", 0L);
        double fitStageS = result.stageTimesS().getOrDefault("fit", Double.NaN);
        double pipelineRate = fits / fitStageS;
        int cores = parallelism(master);
        double efficiency = pipelineRate / (cores * kernel.spectraPerSecond());
        double fitOnlyEfficiency = pipelineRate / (cores * kernel.fitsPerSecond());
        out.printf(Locale.ROOT, "bench: pipeline on %s: %d fits in %.1f s of fit stage = %.0f fits/s (fit, inversion, series and Spark/I/O)%n",
            master, fits, fitStageS, pipelineRate);
        out.printf(Locale.ROOT, "bench: efficiency = pipeline / (%d x kernel fit + inversion) = %.2f (target >= %.2f: %s)%n",
            cores, efficiency, TARGET_EFFICIENCY, efficiency >= TARGET_EFFICIENCY ? "met" : "NOT met");
        out.printf(Locale.ROOT, "bench: pipeline / (%d x kernel fit only) = %.2f (the inversion is per-pixel kernel work too)%n",
            cores, fitOnlyEfficiency);
        if (Double.isFinite(parallelSpectraRate)) {
            out.printf(Locale.ROOT, "bench: pipeline / kernel fit + inversion on %d threads at once = %.2f (Spark and I/O "
                + "overhead alone, the machine's core scaling factored out)%n", kernelThreads, pipelineRate / parallelSpectraRate);
            json.put("efficiency_vs_parallel_kernel", pipelineRate / parallelSpectraRate);
        }
        StringBuilder stages = new StringBuilder();
        for (Map.Entry<String, Double> e : result.stageTimesS().entrySet()) {
            stages.append(stages.length() == 0 ? "" : ", ").append(e.getKey())
                .append(String.format(Locale.ROOT, " %.1f s", e.getValue()));
        }
        out.printf(Locale.ROOT, "bench: wall %.1f s; stages: %s%n", wallS, stages);
        boolean sharedJvm = master.equals("local") || master.startsWith("local[");
        out.printf(Locale.ROOT, "bench: heap: peak in use %s, peak live after GC %s, max %s (%s)%n",
            mib(peakUsed), mib(peakLive), mib(HeapMonitor.maxHeapBytes()),
            sharedJvm ? "driver and local executors share this JVM" : "driver only: executors run in their own JVMs");
        out.flush();
        json.put("master", master);
        json.put("pipeline_fits", fits);
        json.put("pipeline_fit_stage_s", fitStageS);
        json.put("pipeline_fits_per_s", pipelineRate);
        json.put("efficiency", efficiency);
        json.put("efficiency_fit_only", fitOnlyEfficiency);
        json.put("wall_s", wallS);
        json.put("stage_times_s", result.stageTimesS());
        json.put("heap_peak_used_bytes", peakUsed);
        json.put("heap_peak_live_bytes", peakLive);
        json.put("heap_max_bytes", HeapMonitor.maxHeapBytes());
        writeJson(json);
        return 0;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    private void writeJson(Map<String, Object> json) throws IOException {
        Files.createDirectories(work);
        Path file = work.resolve("bench-result.json");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(json), StandardCharsets.UTF_8);
        spec.commandLine().getOut().printf(Locale.ROOT, "bench: figures written to %s%n", file);
        spec.commandLine().getOut().flush();
    }

    private static int frequencyCount(ValidatedAcquisition a) {
        org.culet.acquisition.SweepEntry first = a.catalog().entries().get(0);
        String file = first.file();
        try (org.culet.acquisition.SweepReader r = org.culet.acquisition.SweepReaders.open(
                a.location().resolve(file), first.format(a.spec()),
                first.frequencyAxis().inFile() ? null : first.frequencyAxis().valuesHz())) {
            return r.frequencyCount();
        } catch (IOException e) {
            throw new UserException("cannot open " + file + ": " + e.getMessage(), file, "check the acquisition");
        }
    }

    /** Cores of a local master (local[N], local[*], local); 2 otherwise (compare with --master local[2]). */
    static int parallelism(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (m.matches()) {
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        }
        return master.equals("local") ? 1 : 2;
    }

    /** The region from --roi: null for 'all', the central 64 x 64 px (or the frame if smaller) by default. */
    static int[] region(String roi, int height, int width) {
        if (roi == null) {
            int h = Math.min(64, height);
            int w = Math.min(64, width);
            return new int[] {(height - h) / 2, (width - w) / 2, h, w};
        }
        if (roi.equalsIgnoreCase("all")) {
            return null;
        }
        String[] parts = roi.split(",");
        if (parts.length != 4) {
            throw new UserException("--roi needs 4 numbers, got '" + roi + "'", "--roi", "give Y0,X0,H,W in pixels, or all");
        }
        int[] r = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                r[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserException("--roi has a non-integer '" + parts[i] + "'", "--roi", "give Y0,X0,H,W in pixels, or all");
            }
        }
        return r;
    }

    /**
     * An acquisition folder next to {@code out} that lists {@code count} sweeps of {@code source}: the first
     * count rows, or all rows repeated with sweep ids suffixed "-rK" (absolute file paths, so the sweep files
     * are shared, not copied). The acquisition.conf is copied; edx/, reference/ and truth/ are linked.
     */
    static Path withSweepCount(Path source, int count, Path out) throws IOException {
        if (count < 1) {
            throw new UserException("--sweeps must be at least 1, got " + count, "--sweeps", "give a positive number");
        }
        ValidatedAcquisition a = AcquisitionValidator.validate(source);
        Path csv = source.resolve(a.spec().sweepsCsv());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String header = lines.get(0);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        rows.removeIf(String::isBlank);
        List<String> columns = List.of(header.split(",", -1));
        int idCol = columns.indexOf("sweep_id");
        int fileCol = columns.indexOf("file");
        if (idCol < 0 || fileCol < 0 || rows.isEmpty()) {
            throw new UserException("cannot derive a " + count + "-sweep acquisition from " + csv, csv.toString(),
                "sweeps.csv needs sweep_id and file columns and at least one row");
        }
        List<String> derived = new ArrayList<>();
        derived.add(header);
        for (int i = 0; i < count; i++) {
            String[] cells = rows.get(i % rows.size()).split(",", -1);
            int repeat = i / rows.size();
            if (repeat > 0) {
                cells[idCol] = cells[idCol] + "-r" + repeat;
            }
            cells[fileCol] = AcquisitionSpec.resolve(source.toAbsolutePath(), cells[fileCol]).toString();
            derived.add(String.join(",", cells));
        }
        Files.createDirectories(out);
        Files.copy(source.resolve(AcquisitionSpec.FILE_NAME), out.resolve(AcquisitionSpec.FILE_NAME),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(out.resolve(a.spec().sweepsCsv()), derived, StandardCharsets.UTF_8);
        for (String dir : List.of("edx", "reference", "truth")) {
            Path link = out.resolve(dir);
            if (Files.isDirectory(source.resolve(dir)) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, source.resolve(dir).toAbsolutePath());
            }
        }
        return out;
    }
}
