package org.culet.kernel.fit.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.culet.kernel.fit.Baseline;
import org.culet.kernel.fit.FitResult;
import org.culet.kernel.fit.FitSettings;
import org.culet.kernel.fit.LineShape;
import org.culet.kernel.fit.SpectrumFitter;
import org.culet.kernel.fit.SpectrumModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fits per second on one thread (JMH throughput, one fit per operation) for issue 2's two cases, on spectra at
 * the demo preset's noise (Gaussian, sigma = 0.1 % of the baseline; contrast 0.3-1.5 %, FWHM 8-20 MHz), each fit
 * starting from the peak finder's seeds (no seed passed), cycling through 512 pre-generated spectra:
 * (a) 8 Lorentzian lines + constant baseline, 300 points over 2500-3240 MHz;
 * (b) one NV pair (tied D/E, separate widths and contrasts) + linear baseline, 150 points over 2750-3000 MHz.
 * The tear-down prints the fraction of fits with status OK, so a fast but failing fitter shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FitBenchmark {
    private static final int SPECTRA = 512;

    @Param({"a_8lorentzian_300pt", "b_nvpair_150pt"})
    public String scenario;

    private double[] freqs;
    private double[] packed;
    private int m;
    private SpectrumFitter fitter;
    private final FitResult result = new FitResult();
    private int next;
    private long ok;
    private long total;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(2026);
        boolean a = scenario.startsWith("a");
        m = a ? 300 : 150;
        double f0 = a ? 2500 : 2750;
        double f1 = a ? 3240 : 3000;
        freqs = new double[m];
        for (int i = 0; i < m; i++) {
            freqs[i] = f0 + (f1 - f0) * i / (m - 1);
        }
        packed = new double[SPECTRA * m];
        for (int s = 0; s < SPECTRA; s++) {
            double[] c;
            if (a) {
                c = eightCentres(rnd);
            } else {
                double d = 2870 + (rnd.nextDouble() - 0.5) * 10;
                double e = 30 + 70 * rnd.nextDouble();
                c = new double[] {d - e, d + e};
            }
            double slope = a ? 0 : (rnd.nextDouble() - 0.5) * 4e-4; // per MHz, fraction of the baseline
            double fMid = 0.5 * (f0 + f1);
            double[] w = new double[c.length];
            double[] k = new double[c.length];
            for (int q = 0; q < c.length; q++) {
                w[q] = 8 + 12 * rnd.nextDouble();
                k[q] = 0.003 + 0.012 * rnd.nextDouble();
            }
            for (int i = 0; i < m; i++) {
                double dip = 0;
                for (int q = 0; q < c.length; q++) {
                    double u = 2 * (freqs[i] - c[q]) / w[q];
                    dip += k[q] / (1 + u * u);
                }
                double base = 1.0 + slope * (freqs[i] - fMid);
                double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
                packed[s * m + i] = base - dip + 0.001 * g;
            }
        }
        SpectrumModel model = a ? SpectrumModel.of(8, LineShape.LORENTZIAN, Baseline.CONSTANT)
            : SpectrumModel.nvPairs(1, LineShape.LORENTZIAN, Baseline.LINEAR, false, false);
        fitter = new SpectrumFitter(m, model, FitSettings.DEFAULT);
    }

    private static double[] eightCentres(SplittableRandom rnd) {
        double[] c = new double[8];
        while (true) {
            double[] e = {260 + 70 * rnd.nextDouble(), 170 + 60 * rnd.nextDouble(), 100 + 50 * rnd.nextDouble(),
                35 + 35 * rnd.nextDouble()};
            for (int j = 0; j < 4; j++) {
                double d = 2870 + (rnd.nextDouble() - 0.5) * 16;
                c[j] = d - e[j];
                c[7 - j] = d + e[j];
            }
            java.util.Arrays.sort(c);
            boolean sep = true;
            for (int q = 1; q < 8; q++) {
                sep &= c[q] - c[q - 1] > 40;
            }
            if (sep) {
                return c;
            }
        }
    }

    @Benchmark
    public double fitOneSpectrum() {
        int s = next;
        next = (s + 1) % SPECTRA;
        fitter.fit(freqs, packed, s * m, null, result);
        total++;
        if (result.status() == org.culet.kernel.fit.FitStatus.OK) {
            ok++;
        }
        return result.centreMhz(0);
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    private long cpuStartNs;
    private long fitsAtStart;

    /** Thread CPU time per iteration: fits per CPU-second, robust when other processes share the cores. */
    @Setup(Level.Iteration)
    public void startIteration() {
        cpuStartNs = MX.getCurrentThreadCpuTime();
        fitsAtStart = total;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        double cpuS = (MX.getCurrentThreadCpuTime() - cpuStartNs) * 1e-9;
        System.out.printf(" [fits per CPU-second of the benchmark thread: %.0f]", (total - fitsAtStart) / cpuS);
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n[%s] fits with status OK: %.2f %% of %d%n", scenario, 100.0 * ok / Math.max(1, total),
            total);
    }
}
