package org.culet.acquisition;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.culet.kernel.sim.SampleMaps;
import org.culet.kernel.sim.SimulationSpec;
import org.culet.kernel.sim.SweepDefinition;
import org.culet.kernel.sim.SweepSynthesizer;
import org.culet.kernel.sim.SyntheticAcquisition;

/**
 * Writes a synthetic acquisition folder (the layout of the README) plus its ground truth. Sweeps are generated
 * in parallel on a fixed thread pool; each worker holds one sweep's frames at a time and writes them to disk
 * as soon as they are done, so memory is bounded by the thread count, not the number of sweeps. The output
 * is byte-identical for the same preset, configuration and seed, whatever the thread count.
 */
public final class SyntheticAcquisitionWriter {
    public static final String SWEEPS_DIR = "sweeps";
    public static final String EDX_FILE = "edx/edx.h5";
    public static final String REFERENCE_FILE = "reference/odmr_reference.h5";

    /** What was written. */
    public record Summary(Path dir, int sweeps, int height, int width, int frequencyPoints, long bytes,
                          double seconds, int threads, long pixelSweepsWithLineNearEdge, double minLineMhz,
                          double maxLineMhz, int onSamplePixels, int superconductingPixels) {
        public long points() {
            return (long) sweeps * height * width * frequencyPoints;
        }
    }

    /** Called after each sweep is on disk (from worker threads; implementations must be thread-safe). */
    public interface Progress {
        void sweepWritten(int done, int total);
    }

    private SyntheticAcquisitionWriter() {
    }

    /** The sweeps.csv rows of a synthetic acquisition. */
    public static List<SweepEntry> entries(SimulationSpec spec) {
        List<SweepEntry> rows = new ArrayList<>();
        int line = 2;
        for (SweepDefinition s : spec.sweeps()) {
            double gPerA = spec.coilGaussPerAmp();
            rows.add(new SweepEntry(s.id(), SWEEPS_DIR + "/" + s.id() + ".h5", s.temperatureK(), s.coilCurrentA(),
                s.coilCurrentA() * gPerA, s.coolingCurrentA() * gPerA, Protocol.valueOf(s.protocol().name()),
                spec.pressureGpa(), FrequencyAxis.IN_FILE, line++));
        }
        return rows;
    }

    /** The acquisition.conf of a synthetic acquisition. */
    public static AcquisitionSpec acquisitionSpec(SimulationSpec spec) {
        Config extra = ConfigFactory.empty()
            .withValue("synthetic", ConfigValueFactory.fromAnyRef(true))
            .withValue("preset", ConfigValueFactory.fromAnyRef(spec.preset()))
            .withValue("seed", ConfigValueFactory.fromAnyRef(spec.seed()))
            .withValue("truth", ConfigValueFactory.fromAnyRef(GroundTruth.DIR));
        return new AcquisitionSpec(AcquisitionSpec.FORMAT_VERSION, spec.sampleId(), spec.material(), spec.pressureGpa(),
            spec.culet(), spec.pixelSizeUm(), spec.coilGaussPerAmp(), spec.biasDirection(), SweepCatalog.FILE_NAME,
            EDX_FILE, spec.edx().pixelSizeUm(), REFERENCE_FILE, extra);
    }

    /**
     * Writes everything into {@code out} (created if needed; existing files of the same names are replaced).
     *
     * @param threads worker threads (>= 1)
     */
    public static Summary write(SyntheticAcquisition acq, Path out, int threads, Progress progress) throws IOException {
        long start = System.nanoTime();
        SimulationSpec spec = acq.spec();
        Files.createDirectories(out.resolve(SWEEPS_DIR));
        Path conf = acquisitionSpec(spec).save(out);
        // The cell geometry of the magnetization reconstruction, as an experimenter records it for a real cell (the
        // NV layer depth and the measured sample thickness; optional keys, culet.magnetization gives the defaults).
        Files.writeString(conf, String.format(java.util.Locale.ROOT,
            "# NV layer to sample distance and sample thickness, um (magnetization reconstruction)%n"
                + "nv-depth-um = %s%nsample-thickness-um = %s%n", spec.screening().nvDepthUm(),
            spec.screening().sampleThicknessUm()), java.nio.file.StandardOpenOption.APPEND);
        SweepCatalog.write(out, entries(spec));
        double[][][] edx = acq.edxMaps();
        new EdxMaps(edx[0], edx[1], edx[2], spec.edx().pixelSizeUm()).save(out.resolve(EDX_FILE));
        new ReferenceImage(acq.odmrReferenceImage(), spec.pixelSizeUm()).save(out.resolve(REFERENCE_FILE));
        SampleMaps maps = acq.maps();
        GroundTruth.saveMaps(out, maps, acq.edxToOdmrAffine());

        double[] freqMhz = spec.frequenciesMhz();
        double[] freqHz = new double[freqMhz.length];
        for (int i = 0; i < freqHz.length; i++) {
            freqHz[i] = freqMhz[i] * 1e6;
        }
        int nf = freqMhz.length;
        int ny = spec.heightPx();
        int nx = spec.widthPx();
        ThreadLocal<SweepSynthesizer> synth = ThreadLocal.withInitial(acq::newSynthesizer);
        ThreadLocal<int[][][]> frames = ThreadLocal.withInitial(() -> new int[nf][ny][nx]);
        ThreadLocal<float[][][]> bTruth = ThreadLocal.withInitial(() -> new float[3][ny][nx]);
        ThreadLocal<float[][][]> linesTruth = ThreadLocal.withInitial(() -> new float[8][ny][nx]);
        List<SweepDefinition> sweeps = spec.sweeps();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "culet-simulate");
            t.setDaemon(true);
            return t;
        });
        long nearEdge = 0;
        double minLine = Double.POSITIVE_INFINITY;
        double maxLine = Double.NEGATIVE_INFINITY;
        try {
            ExecutorCompletionService<SweepSynthesizer.Stats> done = new ExecutorCompletionService<>(pool);
            for (SweepDefinition s : sweeps) {
                done.submit(() -> {
                    int[][][] f = frames.get();
                    float[][][] b = bTruth.get();
                    float[][][] l = linesTruth.get();
                    SweepSynthesizer.Stats stats = synth.get().synthesize(s, f, b, l);
                    try {
                        SweepFiles.write(out.resolve(SWEEPS_DIR).resolve(s.id() + ".h5"), f, freqHz, s.id(),
                            spec.exposureS(), spec.averages());
                        GroundTruth.saveSweep(out, s.id(), b, l, acq.d0Model().d0Mhz(s.temperatureK()),
                            s.temperatureK(), s.protocol().name());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return stats;
                });
            }
            for (int k = 1; k <= sweeps.size(); k++) {
                Future<SweepSynthesizer.Stats> f = done.take();
                SweepSynthesizer.Stats st = f.get();
                nearEdge += st.pixelsWithLineNearEdge();
                minLine = Math.min(minLine, st.minLineMhz());
                maxLine = Math.max(maxLine, st.maxLineMhz());
                if (progress != null) {
                    progress.sweepWritten(k, sweeps.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating sweeps", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
        int onSample = 0;
        int superconducting = 0;
        for (int i = 0; i < maps.pixels(); i++) {
            onSample += maps.onSample()[i] ? 1 : 0;
            superconducting += maps.tcK()[i] > 0 ? 1 : 0;
        }
        writeInfo(out, acq, nearEdge, minLine, maxLine);
        long bytes;
        try (Stream<Path> files = Files.walk(out)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Summary(out, sweeps.size(), ny, nx, nf, bytes, seconds, Math.max(1, threads), nearEdge, minLine,
            maxLine, onSample, superconducting);
    }

    private static void writeInfo(Path out, SyntheticAcquisition acq, long nearEdge, double minLine, double maxLine)
        throws IOException {
        SimulationSpec spec = acq.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", spec.preset());
        m.put("seed", spec.seed());
        m.put("culet", spec.culet().label());
        m.put("pixel-size-um", spec.pixelSizeUm());
        m.put("width-px", spec.widthPx());
        m.put("height-px", spec.heightPx());
        double[] a = acq.edxToOdmrAffine();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("affine", List.of(a[0], a[1], a[2], a[3], a[4], a[5]));
        t.put("rotation-deg", spec.edx().rotationDeg());
        t.put("scale", spec.edx().pixelSizeUm() / spec.pixelSizeUm());
        t.put("shift-x-um", spec.edx().shiftXUm());
        t.put("shift-y-um", spec.edx().shiftYUm());
        m.put("edx-to-odmr", t);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("sigma-zz-onset-gpa", spec.tcRule().sigmaZzOnsetGpa());
        rule.put("sigma-zz-saturation-gpa", spec.tcRule().sigmaZzSaturationGpa());
        rule.put("tc-at-onset-k", spec.tcRule().tcAtOnsetK());
        rule.put("tc-max-k", spec.tcRule().tcMaxK());
        rule.put("critical-shear-gpa", spec.tcRule().criticalShearGpa());
        rule.put("shear-measure", spec.tcRule().shearMeasure().name().toLowerCase(java.util.Locale.ROOT));
        rule.put("la-ni-tolerance", spec.tcRule().laNiTolerance());
        m.put("tc-rule", rule);
        m.put("line-shape", spec.spectrum().lineShape().name().toLowerCase(java.util.Locale.ROOT));
        m.put("pseudo-voigt-eta", spec.spectrum().pseudoVoigtEta());
        m.put("frequency-start-mhz", spec.frequencyStartMhz());
        m.put("frequency-stop-mhz", spec.frequencyStopMhz());
        m.put("line-min-mhz", minLine);
        m.put("line-max-mhz", maxLine);
        m.put("pixel-sweeps-with-line-within-margin-of-window-edge", nearEdge);
        String text = "# ground truth of a culet synthetic acquisition (README 'Ground truth')\n"
            + ConfigValueFactory.fromMap(m).render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setComments(false).setJson(false).setFormatted(true)) + "\n";
        Files.writeString(out.resolve(GroundTruth.DIR).resolve(GroundTruth.INFO_FILE), text, StandardCharsets.UTF_8);
    }
}
