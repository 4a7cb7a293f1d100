package org.culet.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.io.SpectraFiles;
import org.culet.kernel.fit.Baseline;
import org.culet.kernel.fit.FitResult;
import org.culet.kernel.fit.FitSettings;
import org.culet.kernel.fit.FitStatus;
import org.culet.kernel.fit.LineShape;
import org.culet.kernel.fit.SpectrumFitter;
import org.culet.kernel.fit.SpectrumModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code culet fit-spectra}: fits spectra from a file without Spark (issue 2's command-line contract):
 * <pre>culet fit-spectra --spectra FILE --freqs FILE --lines N [--shape lorentzian|gaussian|voigt]
 *     [--baseline constant|linear|quadratic] [--threads T] --out FILE.csv</pre>
 * Every spectrum is fitted independently from peak-finder seeds (rows of a file need not be neighbours).
 * The last line on standard output is {@code fitted <n> spectra in <s> s: <x> fits/s per thread (<T> threads)},
 * timing the fits only (not JVM start, reading or writing).
 */
@Command(name = "fit-spectra", mixinStandardHelpOptions = true,
    description = {"Fits ODMR spectra (one per row of a .npy or CSV file) with N dips on a baseline and writes",
        "one CSV row per spectrum: index,status,chi2,iterations, then per line (sorted by centre)",
        "line{k}_center_mhz,line{k}_center_err_mhz,line{k}_fwhm_mhz,line{k}_contrast, then baseline_c0.."})
public final class FitSpectraCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--spectra", required = true, paramLabel = "FILE",
        description = "Spectra, one per row: NumPy .npy 2-D float array (C order) or CSV.")
    Path spectraFile;

    @Option(names = "--freqs", required = true, paramLabel = "FILE",
        description = "Frequency axis in Hz: .npy 1-D array or a one-row CSV.")
    Path freqsFile;

    @Option(names = "--lines", required = true, paramLabel = "N", description = "Number of lines (dips) to fit, 1..8.")
    int lines;

    @Option(names = "--shape", defaultValue = "lorentzian", paramLabel = "SHAPE",
        description = "Line shape: lorentzian, gaussian or voigt (pseudo-Voigt, eta = culet.fit.voigt-eta); default ${DEFAULT-VALUE}.")
    String shape;

    @Option(names = "--baseline", defaultValue = "constant", paramLabel = "KIND",
        description = "Baseline polynomial in (f - f_mid): constant, linear or quadratic; default ${DEFAULT-VALUE}.")
    String baseline;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T", description = "Fitting threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CuletConfig config = configOptions.load("fit-spectra");
        if (lines < 1 || lines > SpectrumModel.MAX_LINES) {
            throw new UserException("--lines must be 1.." + SpectrumModel.MAX_LINES + ", got " + lines, "--lines",
                "give the number of dips in each spectrum (an NV ensemble shows up to 8)");
        }
        LineShape lineShape = LineShape.parse(shape);
        if (lineShape == null) {
            throw new UserException("unknown --shape '" + shape + "'", "--shape", "use lorentzian, gaussian or voigt");
        }
        Baseline base = Baseline.parse(baseline);
        if (base == null) {
            throw new UserException("unknown --baseline '" + baseline + "'", "--baseline",
                "use constant, linear or quadratic");
        }
        if (threads < 1) {
            throw new UserException("--threads must be >= 1, got " + threads, "--threads", "give a positive number");
        }
        FitSettings settings = FitSettings.fromConfig(config.culet().getConfig("fit"));

        double[] freqsHz = SpectraFiles.readAxis(freqsFile);
        SpectraFiles.Table spectra = SpectraFiles.readSpectra(spectraFile);
        int m = freqsHz.length;
        if (spectra.columns() != m) {
            throw new UserException("the spectra have " + spectra.columns() + " points per row but the frequency axis has "
                + m, spectraFile + " and " + freqsFile,
                "give the frequency axis of exactly these spectra (one frequency in Hz per spectrum column)");
        }
        double[] freqsMhz = new double[m];
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(freqsHz[i])) {
                throw new UserException("frequency " + (i + 1) + " is not a finite number", freqsFile.toString(),
                    "the frequency axis must be finite values in Hz");
            }
            if (i > 0 && !(freqsHz[i] > freqsHz[i - 1])) {
                throw new UserException("the frequency axis is not strictly increasing at value " + (i + 1) + " ("
                    + freqsHz[i - 1] + " then " + freqsHz[i] + " Hz)", freqsFile.toString(),
                    "sort the sweep by frequency (and the spectra columns with it)");
            }
            freqsMhz[i] = freqsHz[i] * 1e-6;
        }
        if (freqsHz[m - 1] < 1e6) {
            throw new UserException("the frequency axis ends at " + freqsHz[m - 1] + " Hz, which looks like MHz or GHz",
                freqsFile.toString(), "--freqs must be in Hz (e.g. 2.87e9 for 2870 MHz)");
        }
        SpectrumModel model = SpectrumModel.of(lines, lineShape, base);
        if (m <= model.parameterCount()) {
            throw new UserException("spectra of " + m + " points cannot constrain " + model.parameterCount()
                + " parameters", spectraFile.toString(), "use fewer --lines or a simpler --baseline");
        }

        int n = spectra.rows();
        int cols = 4 * lines + base.terms;
        int[] status = new int[n];
        int[] iterations = new int[n];
        double[] chi2 = new double[n];
        double[] values = new double[n * cols];
        int t = Math.min(threads, Math.max(1, n));
        long start = System.nanoTime();
        runFits(t, n, m, model, settings, freqsMhz, spectra.data(), status, iterations, chi2, values, cols);
        double seconds = (System.nanoTime() - start) * 1e-9;

        writeCsv(n, cols, base.terms, status, iterations, chi2, values);
        config.saveNextTo(out.toAbsolutePath().getParent());

        PrintWriter stdout = spec.commandLine().getOut();
        Map<FitStatus, Integer> counts = new EnumMap<>(FitStatus.class);
        for (int s : status) {
            counts.merge(FitStatus.values()[s], 1, Integer::sum);
        }
        stdout.println("wrote " + out + " (" + n + " rows); statuses: " + counts);
        stdout.printf(Locale.ROOT, "fitted %d spectra in %.3f s: %.0f fits/s per thread (%d threads)%n", n, seconds,
            n / Math.max(seconds, 1e-9) / threads, threads);
        stdout.flush();
        return 0;
    }

    private static void runFits(int t, int n, int m, SpectrumModel model, FitSettings settings, double[] freqsMhz,
                                double[] data, int[] status, int[] iterations, double[] chi2, double[] values,
                                int cols) throws InterruptedException, ExecutionException {
        AtomicInteger next = new AtomicInteger();
        int chunk = 32;
        Callable<Void> worker = () -> {
            SpectrumFitter fitter = new SpectrumFitter(m, model, settings);
            FitResult r = new FitResult();
            int lines = model.nLines();
            int nb = model.baseline().terms;
            while (true) {
                int from = next.getAndAdd(chunk);
                if (from >= n) {
                    return null;
                }
                int to = Math.min(n, from + chunk);
                for (int i = from; i < to; i++) {
                    fitter.fit(freqsMhz, data, i * m, null, r);
                    status[i] = r.status().ordinal();
                    iterations[i] = r.iterations();
                    chi2[i] = r.chi2();
                    int o = i * cols;
                    for (int k = 0; k < lines; k++) {
                        values[o++] = r.centreMhz(k);
                        values[o++] = r.centreErrMhz(k);
                        values[o++] = r.fwhmMhz(k);
                        values[o++] = r.contrast(k);
                    }
                    for (int j = 0; j < nb; j++) {
                        values[o++] = r.baseline(j);
                    }
                }
            }
        };
        if (t == 1) {
            try {
                worker.call();
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < t; w++) {
                futures.add(pool.submit(worker));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeCsv(int n, int cols, int nb, int[] status, int[] iterations, double[] chi2, double[] values) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                StringBuilder sb = new StringBuilder("index,status,chi2,iterations");
                for (int k = 1; k <= lines; k++) {
                    sb.append(",line").append(k).append("_center_mhz");
                    sb.append(",line").append(k).append("_center_err_mhz");
                    sb.append(",line").append(k).append("_fwhm_mhz");
                    sb.append(",line").append(k).append("_contrast");
                }
                for (int j = 0; j < nb; j++) {
                    sb.append(",baseline_c").append(j);
                }
                w.write(sb.append('\n').toString());
                FitStatus[] statuses = FitStatus.values();
                for (int i = 0; i < n; i++) {
                    sb.setLength(0);
                    sb.append(i).append(',').append(statuses[status[i]].name()).append(',').append(chi2[i])
                        .append(',').append(iterations[i]);
                    for (int c = 0; c < cols; c++) {
                        sb.append(',').append(values[i * cols + c]);
                    }
                    w.write(sb.append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot write the output CSV: " + e.getMessage(), out.toString(),
                "check that the output folder exists or can be created and is writable", e);
        }
    }
}
