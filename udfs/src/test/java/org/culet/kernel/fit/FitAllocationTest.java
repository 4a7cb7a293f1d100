package org.culet.kernel.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hot loop allocates nothing: after warm-up, fitting spectra (with and without a neighbour seed) allocates no
 * bytes on the fitting thread (HotSpot's per-thread allocation counter, com.sun.management.ThreadMXBean).
 */
class FitAllocationTest {
    @Test
    void fitAllocatesNothingPerSpectrum() {
        double[] f = SyntheticSpectra.axis(2500, 3240, 300);
        int n = 24;
        double[] packed = new double[n * f.length];
        SplittableRandom rnd = new SplittableRandom(12);
        double[] c = new double[8];
        double[] w = new double[8];
        double[] k = new double[8];
        for (int s = 0; s < n; s++) {
            SyntheticSpectra.eightLines(rnd, c, w, k, 0.003, 0.015);
            double[] y = SyntheticSpectra.clean(LineShape.LORENTZIAN, 0, f, 1.0, 0, c, w, k);
            SyntheticSpectra.addNoise(y, 0.001, rnd);
            System.arraycopy(y, 0, packed, s * f.length, f.length);
        }
        for (SpectrumModel model : new SpectrumModel[] {SpectrumModel.of(8, LineShape.LORENTZIAN, Baseline.CONSTANT),
            SpectrumModel.nvPairs(4, LineShape.GAUSSIAN, Baseline.QUADRATIC, true, false)}) {
            SpectrumFitter fitter = new SpectrumFitter(f.length, model, FitSettings.DEFAULT);
            FitResult r = new FitResult();
            FitResult prev = new FitResult();
            Runnable pass = () -> {
                for (int s = 0; s < n; s++) {
                    fitter.fit(f, packed, s * f.length, s % 2 == 0 ? null : prev, r);
                    prev.copyFrom(r);
                }
            };
            long allocated = org.culet.kernel.AllocationProbe.fewestBytesPerPass(pass);
            assertThat(allocated).as("bytes allocated by %d fits of %s", n, model).isLessThan(1024);
        }
    }
}
