package org.culet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.culet.acquisition.GroundTruth;
import org.culet.acquisition.SyntheticAcquisitionWriter;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.sim.SimulationSpec;
import org.culet.kernel.sim.SyntheticAcquisition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code culet simulate}: writes a synthetic acquisition whose truth is known. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Writes a synthetic acquisition whose truth is known (preset tiny, demo or bench).",
        "The folder holds acquisition.conf, sweeps.csv, HDF5 sweeps, EDX maps and reference images (README",
        "'Acquisition layout') plus the ground truth in truth/. The same --seed and configuration give",
        "byte-identical files."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--preset", defaultValue = "demo", description = "tiny, demo or bench (culet.simulate.presets.*; default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output acquisition folder.")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: culet.simulate.threads; 0 = all processors).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace an existing synthetic acquisition in DIR.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        CuletConfig config = configOptions.load("simulate");
        run(config, preset, seed, out, threads, overwrite, spec.commandLine().getOut());
        return 0;
    }

    /** Shared by simulate and demo: validates the output folder, generates, prints the summary. */
    static SyntheticAcquisitionWriter.Summary run(CuletConfig config, String preset, long seed, Path out, Integer threads,
                                                  boolean overwrite, PrintWriter console) throws IOException {
        SimulationSpec sim;
        try {
            sim = SimulationSpec.fromConfig(config.culet().getConfig("simulate"), config.culet().getConfig("instrument"),
                preset, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), "--preset " + preset,
                "use --preset tiny, demo or bench (or define culet.simulate.presets." + preset + " in --config)");
        }
        prepareOutput(out, overwrite);
        int nThreads = threads != null ? threads : config.culet().getInt("simulate.threads");
        if (nThreads <= 0) {
            nThreads = Runtime.getRuntime().availableProcessors();
        }
        SyntheticAcquisition acq = new SyntheticAcquisition(sim,
            NvConstants.fromConfig(config.culet().getConfig("physics")),
            D0Model.fromConfig(config.culet().getConfig("physics")));
        console.printf(Locale.ROOT, "simulating preset %s (seed %d): %d sweeps of %d x %d px x %d points on %d thread(s) -> %s%n",
            preset, seed, sim.sweeps().size(), sim.heightPx(), sim.widthPx(), sim.frequencyPoints(), nThreads, out);
        console.flush();
        long t0 = System.nanoTime();
        int total = sim.sweeps().size();
        int every = Math.max(1, total / 10);
        SyntheticAcquisitionWriter.Summary s = SyntheticAcquisitionWriter.write(acq, out, nThreads, (done, n) -> {
            if (total >= 20 && (done % every == 0 || done == n)) {
                double el = (System.nanoTime() - t0) / 1e9;
                synchronized (console) {
                    console.printf(Locale.ROOT, "  %d/%d sweeps written, %.1f s elapsed, ETA %.0f s%n", done, n, el,
                        el / done * (n - done));
                    console.flush();
                }
            }
        });
        Path cfg = config.saveNextTo(out);
        console.printf(Locale.ROOT, "wrote %s%n", out);
        console.printf(Locale.ROOT, "  sweeps: %d (sweeps/*.h5, manifest sweeps.csv)%n", s.sweeps());
        console.printf(Locale.ROOT, "  pixels: %d x %d = %d per frame (%d on the sample, %d superconducting at low T)%n",
            s.height(), s.width(), s.height() * s.width(), s.onSamplePixels(), s.superconductingPixels());
        console.printf(Locale.ROOT, "  points: %d frequencies per sweep, %d values in total%n", s.frequencyPoints(), s.points());
        console.printf(Locale.ROOT, "  lines: %.1f to %.1f MHz inside the %.1f-%.1f MHz window (%d pixel-sweeps within %.0f MHz of an edge)%n",
            s.minLineMhz(), s.maxLineMhz(), sim.frequencyStartMhz(), sim.frequencyStopMhz(),
            s.pixelSweepsWithLineNearEdge(), sim.spectrum().windowMarginMhz());
        console.printf(Locale.ROOT, "  bytes: %d (%.1f MiB) including ground truth in %s/%n", s.bytes(), s.bytes() / 1048576.0,
            GroundTruth.DIR);
        console.printf(Locale.ROOT, "  seconds: %.1f on %d thread(s)%n", s.seconds(), s.threads());
        console.printf(Locale.ROOT, "  effective configuration: %s%n", cfg);
        console.flush();
        return s;
    }

    /** Refuses to write into a non-empty folder unless it is replacing an acquisition with --overwrite. */
    static void prepareOutput(Path out, boolean overwrite) throws IOException {
        if (Files.isRegularFile(out)) {
            throw new UserException("the output path is a file", out.toString(), "give a folder for --out");
        }
        if (!Files.isDirectory(out)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(out)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        boolean synthetic = Files.isRegularFile(out.resolve(GroundTruth.DIR).resolve(GroundTruth.INFO_FILE))
            || Files.isRegularFile(out.resolve(GroundTruth.DIR).resolve(GroundTruth.MAPS_FILE));
        if (!overwrite) {
            throw new UserException("the output folder is not empty", out.toString(),
                "choose a new --out folder, or add --overwrite to replace a synthetic acquisition there");
        }
        if (!synthetic) {
            throw new UserException("the output folder is not empty and does not hold a synthetic acquisition "
                + "(no truth/truth.h5); culet will not delete it", out.toString(), "choose a new --out folder");
        }
        deleteRecursively(out);
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
