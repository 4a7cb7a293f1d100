package org.culet.kernel.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Oracle: an independent, slow implementation (commons-math3 LevenbergMarquardtOptimizer on the full parameter
 * vector, no variable projection, its own analytic model and Jacobian written here) reaches the same minimum as
 * SpectrumFitter on random noisy spectra. The oracle starts from the truth offset by a few MHz; SpectrumFitter
 * from its own peak-finder seeds.
 */
class FitOracleTest {

    @ParameterizedTest
    @EnumSource(value = LineShape.class, names = {"LORENTZIAN", "GAUSSIAN"})
    void sameMinimumAsCommonsMathLevenbergMarquardt(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2720, 3020, 180);
        int nLines = 3;
        SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(nLines, shape, Baseline.LINEAR),
            FitSettings.DEFAULT);
        SplittableRandom rnd = new SplittableRandom(shape.ordinal() + 77);
        FitResult r = new FitResult();
        double fMid = 0.5 * (f[0] + f[f.length - 1]);
        for (int trial = 0; trial < 30; trial++) {
            double[] c = new double[nLines];
            do {
                for (int q = 0; q < nLines; q++) {
                    c[q] = SyntheticSpectra.uniform(rnd, 2760, 2980);
                }
                Arrays.sort(c);
            } while (c[1] - c[0] < 35 || c[2] - c[1] < 35);
            double[] w = new double[nLines];
            double[] k = new double[nLines];
            for (int q = 0; q < nLines; q++) {
                w[q] = SyntheticSpectra.uniform(rnd, 8, 20);
                k[q] = SyntheticSpectra.uniform(rnd, 0.005, 0.015);
            }
            double slope = SyntheticSpectra.uniform(rnd, -2e-5, 2e-5);
            double[] y = SyntheticSpectra.clean(shape, 0, f, 1.0, slope, c, w, k);
            SyntheticSpectra.addNoise(y, 0.001, rnd);

            fitter.fit(f, y, 0, null, r);
            assertThat(r.status()).isEqualTo(FitStatus.OK);

            // oracle: parameters [b0, b1, (c, w, A) x nLines], model b0 + b1 (f - fMid) - sum A s(f; c, w)
            double[] start = new double[2 + 3 * nLines];
            start[0] = 1.0;
            start[1] = 0;
            for (int q = 0; q < nLines; q++) {
                start[2 + 3 * q] = c[q] + SyntheticSpectra.uniform(rnd, -2, 2);
                start[3 + 3 * q] = w[q] * 1.2;
                start[4 + 3 * q] = k[q] * 0.8;
            }
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-14).withParameterRelativeTolerance(1e-12)
                .optimize(new LeastSquaresBuilder()
                    .model(point -> oracleModel(shape, f, fMid, point))
                    .target(y)
                    .start(start)
                    .maxEvaluations(10000)
                    .maxIterations(10000)
                    .build());
            double chi2Oracle = opt.getCost() * opt.getCost();
            double[] p = opt.getPoint().toArray();
            double[] oc = new double[nLines];
            double[] ow = new double[nLines];
            for (int q = 0; q < nLines; q++) {
                oc[q] = p[2 + 3 * q];
                ow[q] = p[3 + 3 * q];
            }
            assertThat(r.chi2()).as("trial %d chi2", trial)
                .isCloseTo(chi2Oracle, org.assertj.core.data.Offset.offset(1e-6 * chi2Oracle));
            for (int q = 0; q < nLines; q++) {
                assertThat(Math.abs(r.centreMhz(q) - oc[q])).as("trial %d centre %d", trial, q)
                    .isLessThan(0.01 * r.centreErrMhz(q));
                assertThat(Math.abs(r.fwhmMhz(q) - ow[q])).as("trial %d fwhm %d", trial, q)
                    .isLessThan(0.01 * r.fwhmErrMhz(q));
            }
            assertThat(r.baseline(1)).isCloseTo(p[1], org.assertj.core.data.Offset.offset(0.01 * r.baselineErr(1)));
        }
    }

    /** Independent model and analytic Jacobian (not the kernel's code). */
    private static Pair<RealVector, org.apache.commons.math3.linear.RealMatrix> oracleModel(
        LineShape shape, double[] f, double fMid, RealVector point) {
        double[] p = point.toArray();
        int n = (p.length - 2) / 3;
        double[] value = new double[f.length];
        double[][] jac = new double[f.length][p.length];
        double k4 = 4 * Math.log(2);
        for (int i = 0; i < f.length; i++) {
            double v = p[0] + p[1] * (f[i] - fMid);
            jac[i][0] = 1;
            jac[i][1] = f[i] - fMid;
            for (int q = 0; q < n; q++) {
                double c = p[2 + 3 * q];
                double w = p[3 + 3 * q];
                double a = p[4 + 3 * q];
                double d = f[i] - c;
                double s;
                double dsdc;
                double dsdw;
                if (shape == LineShape.LORENTZIAN) {
                    double den = w * w + 4 * d * d; // s = w^2 / (w^2 + 4 d^2)
                    s = w * w / den;
                    dsdc = 8 * d * w * w / (den * den);
                    dsdw = 8 * w * d * d / (den * den);
                } else {
                    s = Math.exp(-k4 * d * d / (w * w));
                    dsdc = s * 2 * k4 * d / (w * w);
                    dsdw = s * 2 * k4 * d * d / (w * w * w);
                }
                v -= a * s;
                jac[i][2 + 3 * q] = -a * dsdc;
                jac[i][3 + 3 * q] = -a * dsdw;
                jac[i][4 + 3 * q] = -s;
            }
            value[i] = v;
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
    }
}
