package org.culet.kernel.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every line-shape model passes: analytic Jacobian equals finite differences (independent lines and
 * tied NV pairs, every baseline), parameters recovered from noiseless and noisy data, inputs not mutated, and
 * degenerate inputs give a status, never an exception.
 */
class LineShapeContractTest {
    private static final double ETA = FitSettings.DEFAULT.voigtEta();

    private static final double[] CENTRES = {2780.0, 2860.0, 2905.0};
    private static final double[] FWHMS = {12.0, 9.0, 16.0};
    private static final double[] CONTRASTS = {0.012, 0.008, 0.010};

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void jacobianMatchesCentralFiniteDifferences(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 151);
        for (SpectrumModel model : new SpectrumModel[] {
            SpectrumModel.of(3, shape, Baseline.QUADRATIC),
            SpectrumModel.nvPairs(2, shape, Baseline.LINEAR, false, false),
            SpectrumModel.nvPairs(1, shape, Baseline.CONSTANT, true, true)}) {
            SpectrumFitter fitter = new SpectrumFitter(f.length, model, FitSettings.DEFAULT);
            int nt = model.nonlinearCount();
            int nb = model.baseline().terms;
            int np = nb + model.amplitudeCount();
            double[] theta = new double[nt];
            SplittableRandom rnd = new SplittableRandom(7);
            for (int t = 0; t < nt; t++) {
                theta[t] = switch (t % (model.tiedPairs() ? (model.sharedWidth() ? 3 : 4) : 2)) {
                    case 0 -> model.tiedPairs() ? 2850 + 10 * rnd.nextDouble() : 2760 + 60 * t + 5 * rnd.nextDouble();
                    case 1 -> model.tiedPairs() ? 40 + 30 * rnd.nextDouble() : 8 + 10 * rnd.nextDouble();
                    default -> 8 + 10 * rnd.nextDouble();
                };
            }
            double[] alpha = new double[np];
            for (int j = 0; j < np; j++) {
                alpha[j] = j < nb ? 1000.0 / (j + 1) : 10 + 5 * j;
            }
            int m = f.length;
            double[] model0 = new double[m];
            double[] jac = new double[(nt + np) * m];
            fitter.modelAndJacobian(f, theta, alpha, model0, jac);
            double[] plus = new double[m];
            double[] minus = new double[m];
            double[] scratch = new double[(nt + np) * m];
            for (int col = 0; col < nt + np; col++) {
                double[] thP = theta.clone();
                double[] thM = theta.clone();
                double[] alP = alpha.clone();
                double[] alM = alpha.clone();
                double h;
                if (col < nt) {
                    h = 1e-6 * Math.max(1, Math.abs(theta[col]));
                    thP[col] += h;
                    thM[col] -= h;
                } else {
                    h = 1e-4 * Math.max(1, Math.abs(alpha[col - nt]));
                    alP[col - nt] += h;
                    alM[col - nt] -= h;
                }
                fitter.modelAndJacobian(f, thP, alP, plus, scratch);
                fitter.modelAndJacobian(f, thM, alM, minus, scratch);
                double maxAbs = 0;
                double maxErr = 0;
                for (int i = 0; i < m; i++) {
                    double fd = (plus[i] - minus[i]) / (2 * h);
                    maxAbs = Math.max(maxAbs, Math.abs(jac[col * m + i]));
                    maxErr = Math.max(maxErr, Math.abs(fd - jac[col * m + i]));
                }
                assertThat(maxAbs).as("column %d of %s is not identically zero", col, model).isGreaterThan(0);
                assertThat(maxErr / maxAbs).as("column %d of %s", col, model).isLessThan(1e-6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void recoversParametersFromNoiselessData(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 200);
        double[] y = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0.05, CENTRES, FWHMS, CONTRASTS);
        SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(3, shape, Baseline.LINEAR),
            FitSettings.DEFAULT);
        FitResult r = fitter.fit(f, y, 0, null, new FitResult());
        assertThat(r.status()).isEqualTo(FitStatus.OK);
        for (int k = 0; k < 3; k++) {
            assertThat(r.centreMhz(k)).isCloseTo(CENTRES[k], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(r.fwhmMhz(k)).isCloseTo(FWHMS[k], org.assertj.core.data.Offset.offset(1e-5));
            // generator: y = b0 + s (f - f_mid) - b0 C s(f): contrast relative to the local baseline
            double localBase = 1000.0 + 0.05 * (CENTRES[k] - 2850.0);
            assertThat(r.contrast(k)).isCloseTo(CONTRASTS[k] * 1000.0 / localBase,
                org.assertj.core.data.Offset.offset(1e-8));
        }
        assertThat(r.baseline(0)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.baseline(1)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void recoversParametersFromNoisyDataWithinReportedErrors(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 200);
        SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(3, shape, Baseline.CONSTANT),
            FitSettings.DEFAULT);
        SplittableRandom rnd = new SplittableRandom(11);
        FitResult r = new FitResult();
        int trials = 50;
        double sumSqPull = 0;
        for (int t = 0; t < trials; t++) {
            double[] y = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0, CENTRES, FWHMS, CONTRASTS);
            SyntheticSpectra.addNoise(y, 1.0, rnd); // 0.1 % of the baseline
            fitter.fit(f, y, 0, null, r);
            assertThat(r.status()).isEqualTo(FitStatus.OK);
            for (int k = 0; k < 3; k++) {
                double pull = (r.centreMhz(k) - CENTRES[k]) / r.centreErrMhz(k);
                assertThat(Math.abs(pull)).isLessThan(5.0);
                sumSqPull += pull * pull;
                assertThat(Math.abs(r.fwhmMhz(k) - FWHMS[k])).isLessThan(5 * r.fwhmErrMhz(k));
                assertThat(Math.abs(r.contrast(k) - CONTRASTS[k])).isLessThan(5 * r.contrastErr(k));
            }
        }
        // pulls have unit variance when the reported errors are honest (150 pulls: +-0.12 at 1 sigma)
        assertThat(Math.sqrt(sumSqPull / (3 * trials))).isBetween(0.75, 1.3);
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void tiedPairRecoversDAndE(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2750, 3000, 150);
        double[] c = {2823.0, 2917.0};
        double[] w = {11.0, 11.0};
        double[] k = {0.01, 0.01};
        double[] y = SyntheticSpectra.clean(shape, ETA, f, 500.0, 0, c, w, k);
        SpectrumFitter fitter = new SpectrumFitter(f.length,
            SpectrumModel.nvPairs(1, shape, Baseline.CONSTANT, true, true), FitSettings.DEFAULT);
        FitResult r = fitter.fit(f, y, 0, null, new FitResult());
        assertThat(r.status()).isEqualTo(FitStatus.OK);
        assertThat(r.centreMhz(0)).isCloseTo(2823.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(r.centreMhz(1)).isCloseTo(2917.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(r.fwhmMhz(0)).isEqualTo(r.fwhmMhz(1));
        assertThat(r.contrast(0)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void inputsAreNotMutated(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 200);
        double[] y = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0, CENTRES, FWHMS, CONTRASTS);
        SyntheticSpectra.addNoise(y, 1.0, new SplittableRandom(3));
        // pack two pixels, fit the second one with the first one's result as seed
        double[] packed = new double[2 * y.length];
        System.arraycopy(y, 0, packed, 0, y.length);
        System.arraycopy(y, 0, packed, y.length, y.length);
        double[] fCopy = f.clone();
        double[] packedCopy = packed.clone();
        SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(3, shape, Baseline.QUADRATIC),
            FitSettings.DEFAULT);
        FitResult seed = fitter.fit(f, packed, 0, null, new FitResult());
        FitResult seedCopy = new FitResult();
        seedCopy.copyFrom(seed);
        FitResult r = fitter.fit(f, packed, y.length, seed, new FitResult());
        assertThat(f).isEqualTo(fCopy);
        assertThat(packed).isEqualTo(packedCopy);
        assertThat(seed.toString()).isEqualTo(seedCopy.toString());
        assertThat(r.status()).isEqualTo(FitStatus.OK);
        assertThat(r.chi2()).isCloseTo(seed.chi2(), org.assertj.core.data.Offset.offset(1e-6 * seed.chi2()));
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void degenerateInputsGiveAStatusNotAnException(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 200);
        SpectrumModel model = SpectrumModel.of(2, shape, Baseline.LINEAR);
        SpectrumFitter fitter = new SpectrumFitter(f.length, model, FitSettings.DEFAULT);
        FitResult r = new FitResult();

        // flat spectrum (noise only): no significant line
        double[] flat = new double[f.length];
        java.util.Arrays.fill(flat, 1000.0);
        SyntheticSpectra.addNoise(flat, 1.0, new SplittableRandom(5));
        assertThatCode(() -> fitter.fit(f, flat, 0, null, r)).doesNotThrowAnyException();
        assertThat(r.status()).isNotEqualTo(FitStatus.OK);

        // exactly constant spectrum
        double[] constant = new double[f.length];
        java.util.Arrays.fill(constant, 1.0);
        assertThatCode(() -> fitter.fit(f, constant, 0, null, r)).doesNotThrowAnyException();
        assertThat(r.status()).isNotEqualTo(FitStatus.OK);

        // NaN and infinity
        double[] y = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0, new double[] {2800, 2900},
            new double[] {10, 10}, new double[] {0.01, 0.01});
        double[] withNan = y.clone();
        withNan[17] = Double.NaN;
        assertThat(fitter.fit(f, withNan, 0, null, r).status()).isEqualTo(FitStatus.BAD_INPUT);
        assertThat(r.centreMhz(0)).isNaN();
        double[] withInf = y.clone();
        withInf[3] = Double.POSITIVE_INFINITY;
        assertThat(fitter.fit(f, withInf, 0, null, r).status()).isEqualTo(FitStatus.BAD_INPUT);
        double[] fNan = f.clone();
        fNan[0] = Double.NaN;
        assertThat(fitter.fit(fNan, y, 0, null, r).status()).isEqualTo(FitStatus.BAD_INPUT);

        // saturated counts
        FitSettings sat = new FitSettings(100, 1e-7, 1e-8, 1e-3, 1, 150, 0, 1e-4, 3, 0.5, 999.9, false, 6, 3, 12,
            2870, 2, 2);
        assertThat(new SpectrumFitter(f.length, model, sat).fit(f, y, 0, null, r).status())
            .isEqualTo(FitStatus.BAD_INPUT);

        // a single point, and fewer points than parameters
        SpectrumFitter one = new SpectrumFitter(1, model, FitSettings.DEFAULT);
        assertThat(one.fit(new double[] {2870}, new double[] {1.0}, 0, null, r).status())
            .isEqualTo(FitStatus.BAD_INPUT);
        SpectrumFitter few = new SpectrumFitter(6, model, FitSettings.DEFAULT);
        assertThat(few.fit(f, y, 0, null, r).status()).isEqualTo(FitStatus.BAD_INPUT);

        // out-of-range offset
        assertThat(fitter.fit(f, y, 5, null, r).status()).isEqualTo(FitStatus.BAD_INPUT);

        // a line at the sweep edge: converges to a status with finite numbers, no exception
        double[] edge = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0, new double[] {2701, 2850},
            new double[] {12, 12}, new double[] {0.01, 0.01});
        SyntheticSpectra.addNoise(edge, 1.0, new SplittableRandom(9));
        assertThatCode(() -> fitter.fit(f, edge, 0, null, r)).doesNotThrowAnyException();
        assertThat(r.status()).isIn(FitStatus.OK, FitStatus.AT_BOUND, FitStatus.LOW_CONTRAST);
        assertThat(r.centreMhz(0)).isBetween(2700.0, 2710.0);
        assertThat(r.centreMhz(1)).isCloseTo(2850.0, org.assertj.core.data.Offset.offset(1.0));
        // a line centred outside the sweep: its centre ends on the bound
        double[] outside = SyntheticSpectra.clean(shape, ETA, f, 1000.0, 0, new double[] {2690, 2850},
            new double[] {12, 12}, new double[] {0.02, 0.01});
        fitter.fit(f, outside, 0, null, r);
        assertThat(r.status()).isIn(FitStatus.AT_BOUND, FitStatus.OK);
        assertThat(r.centreMhz(0)).isBetween(2690.0, 2702.0);
    }

    @ParameterizedTest
    @EnumSource(LineShape.class)
    void poissonEstimatorRecoversRawCounts(LineShape shape) {
        double[] f = SyntheticSpectra.axis(2700, 3000, 200);
        double b0 = 2.0e4; // counts per point: Poisson sigma 141 = 0.7 % of the baseline
        double[] mu = SyntheticSpectra.clean(shape, ETA, f, b0, 0, CENTRES, FWHMS,
            new double[] {0.05, 0.04, 0.05});
        SplittableRandom rnd = new SplittableRandom(21);
        SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(3, shape, Baseline.CONSTANT),
            FitSettings.DEFAULT.withPoisson(true));
        FitResult r = new FitResult();
        double[] y = new double[f.length];
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < f.length; i++) {
                // Poisson by normal approximation with variance mu (mu >> 1)
                y[i] = Math.rint(mu[i] + Math.sqrt(mu[i]) * SyntheticSpectra.gaussian(rnd));
            }
            fitter.fit(f, y, 0, null, r);
            assertThat(r.status()).isEqualTo(FitStatus.OK);
            // Pearson chi^2 per degree of freedom ~ 1 for Poisson data with weights 1/model
            assertThat(r.reducedChi2()).isBetween(0.7, 1.35);
            for (int k = 0; k < 3; k++) {
                assertThat(Math.abs(r.centreMhz(k) - CENTRES[k])).isLessThan(5 * r.centreErrMhz(k));
            }
        }
    }
}
