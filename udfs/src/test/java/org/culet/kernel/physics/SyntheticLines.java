package org.culet.kernel.physics;

import java.util.Arrays;
import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;

/** Test data: exact lines from NvHamiltonian (the independent forward model), Gaussian centre noise, optional merging. */
final class SyntheticLines {
    final NvHamiltonian hamiltonian;

    SyntheticLines(CuletOrientation orientation) {
        hamiltonian = new NvHamiltonian(NvConstants.DEFAULT, orientation, NvHamiltonian.Solver.EJML);
    }

    /** A random truth in the ranges of the brief: B 40-120 G along Z, sZZ 5-25, sPerp = sZZ +- 5, shear <= 2 GPa. */
    static double[] randomTruth(Random rnd) {
        double b = 40 + 80 * rnd.nextDouble();
        double szz = 5 + 20 * rnd.nextDouble();
        double sp = szz + 10 * (rnd.nextDouble() - 0.5);
        double tau = 2 * rnd.nextDouble();
        double phi = 2 * Math.PI * rnd.nextDouble();
        return new double[] {b, szz, sp, tau * Math.cos(phi), tau * Math.sin(phi)};
    }

    /** The 8 exact lines for truth {b, szz, sperp, sxz, syz} with B along Z. */
    double[] lines(double[] t, double d0) {
        double[] out = new double[8];
        hamiltonian.transitions(0, 0, t[0], new StressTensor(t[2], t[2], t[1], t[4], t[3], 0), d0, out);
        return out;
    }

    /**
     * Sorted noisy lines into {@code into}; lines closer than mergeMhz (after noise) are merged into one
     * line at their mean with the mean error (what a spectral fit of overlapping lines reports).
     */
    static void noisy(double[] exact, double[] sigmas, Random rnd, double mergeMhz, FittedLines into) {
        double[][] pairs = new double[exact.length][];
        for (int i = 0; i < exact.length; i++) {
            pairs[i] = new double[] {exact[i] + sigmas[i] * rnd.nextGaussian(), sigmas[i]};
        }
        Arrays.sort(pairs, (a, b) -> Double.compare(a[0], b[0]));
        into.clear();
        int i = 0;
        while (i < pairs.length) {
            int j = i;
            double sum = pairs[i][0];
            double err = pairs[i][1];
            while (j + 1 < pairs.length && pairs[j + 1][0] - pairs[j][0] < mergeMhz) {
                j++;
                sum += pairs[j][0];
                err += pairs[j][1];
            }
            int k = j - i + 1;
            into.add(sum / k, err / k, 10, 0.01);
            i = j + 1;
        }
    }
}
