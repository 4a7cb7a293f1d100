package org.culet.kernel.fit;

import java.util.SplittableRandom;

/**
 * Test spectra generated here (independent of the simulator): y = b0 + b1 (f - f_mid) - b0 * sum C_k s_k(f),
 * plus Gaussian noise of sigma = noiseFraction * b0, with a fixed-seed generator.
 */
final class SyntheticSpectra {
    private SyntheticSpectra() {
    }

    static double[] axis(double fStartMhz, double fEndMhz, int m) {
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            f[i] = fStartMhz + (fEndMhz - fStartMhz) * i / (m - 1);
        }
        return f;
    }

    /** Noise-free spectrum with a constant baseline b0 and dips of given centres, FWHMs and contrasts. */
    static double[] clean(LineShape shape, double eta, double[] f, double b0, double slopePerMhz,
                          double[] centres, double[] fwhms, double[] contrasts) {
        double fMid = 0.5 * (f[0] + f[f.length - 1]);
        double[] y = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double dip = 0;
            for (int k = 0; k < centres.length; k++) {
                dip += contrasts[k] * shape.value(f[i], centres[k], fwhms[k], eta);
            }
            y[i] = b0 + slopePerMhz * (f[i] - fMid) - b0 * dip;
        }
        return y;
    }

    static void addNoise(double[] y, double sigma, SplittableRandom rnd) {
        for (int i = 0; i < y.length; i++) {
            y[i] += sigma * gaussian(rnd);
        }
    }

    static double gaussian(SplittableRandom rnd) {
        // Box-Muller (SplittableRandom has no nextGaussian on Java 17)
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static double uniform(SplittableRandom rnd, double a, double b) {
        return a + (b - a) * rnd.nextDouble();
    }

    /**
     * Eight lines like a (111) culet at ~100 G with stress: 4 nested pairs, random but separated by at least
     * minSepMhz, over [2700, 3350] MHz. Fills centres (sorted), widths in [8, 20], contrasts in [cMin, cMax].
     */
    static void eightLines(SplittableRandom rnd, double[] centres, double[] fwhms, double[] contrasts,
                           double cMin, double cMax) {
        double d0 = 2870;
        double[] e = new double[4];
        while (true) {
            double[] eCand = {uniform(rnd, 260, 330), uniform(rnd, 170, 230), uniform(rnd, 100, 150), uniform(rnd, 35, 70)};
            for (int j = 0; j < 4; j++) {
                double d = d0 + uniform(rnd, -8, 8);
                centres[j] = d - eCand[j];
                centres[7 - j] = d + eCand[j];
            }
            java.util.Arrays.sort(centres);
            boolean ok = true;
            for (int k = 1; k < 8; k++) {
                ok &= centres[k] - centres[k - 1] > 40;
            }
            if (ok) {
                break;
            }
        }
        for (int k = 0; k < 8; k++) {
            fwhms[k] = uniform(rnd, 8, 20);
            contrasts[k] = uniform(rnd, cMin, cMax);
        }
    }
}
