package org.culet.kernel.magnetization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.SplittableRandom;
import org.culet.kernel.physics.TcResult;
import org.culet.kernel.physics.TcSettings;
import org.junit.jupiter.api.Test;

class SusceptibilityTcTest {
    private static final TcSettings SETTINGS = TcSettings.fromConfig(ConfigFactory.defaultReference());
    private static final double[] TEMPERATURES = {20, 26, 32, 38, 44, 50, 56, 62, 68, 74, 80, 86, 92, 98, 104};
    private static final double[] FIELDS = {42.2, 66.3, 90.4};

    /** chi_eff(T) = 1 - (T/Tc)^4 below Tc (physics.md 5b), three coil currents per T, noise sigma_M / |H|. */
    private static int series(double tc, double offset, double noiseEmu, SplittableRandom rng, double[] t, double[] chi,
                              double[] err, boolean[] include) {
        int n = 0;
        for (double temp : TEMPERATURES) {
            for (double h : FIELDS) {
                double truth = temp < tc ? 1 - Math.pow(temp / tc, 4) : 0;
                double sigma = 4 * Math.PI * noiseEmu / h;
                t[n] = temp;
                chi[n] = truth + offset + sigma * gaussian(rng);
                err[n] = sigma;
                include[n] = true;
                n++;
            }
        }
        // A sweep of another protocol (excluded) with a wild value must not matter.
        t[n] = 20;
        chi[n] = -5;
        err[n] = 0.01;
        include[n] = false;
        return n + 1;
    }

    @Test
    void combinesCurrentsByInverseVarianceAndSortsByTemperature() {
        SusceptibilityTc tc = new SusceptibilityTc(SETTINGS, 8);
        double[] t = {50, 20, 20.01};
        double[] chi = {0.0, 0.9, 0.6};
        double[] err = {0.1, 0.1, 0.2};
        boolean[] inc = {true, true, true};
        tc.estimate(t, chi, err, inc, 3, new TcResult());
        assertThat(tc.points()).isEqualTo(2);
        assertThat(tc.temperaturesK()[0]).isEqualTo(20.0);
        // weights 100 and 25: (90 + 15) / 125 = 0.84, sigma 1/sqrt(125)
        assertThat(tc.chiEff()[0]).isCloseTo(0.84, within(1e-12));
        assertThat(tc.chiEffErr()[0]).isCloseTo(1 / Math.sqrt(125), within(1e-12));
        assertThat(tc.chiEff()[1]).isEqualTo(0.0);
    }

    @Test
    void threeOrMoreSweepsAtOneTemperatureCombineByTheirMedian() {
        SusceptibilityTc tc = new SusceptibilityTc(SETTINGS, 8);
        double[] t = {20, 20, 20, 50};
        double[] chi = {0.9, 0.92, 5.0, 0.0};
        double[] err = {0.1, 0.1, 0.1, 0.1};
        boolean[] inc = {true, true, true, true};
        tc.estimate(t, chi, err, inc, 4, new TcResult());
        // the outlier 5.0 does not pull the point: median 0.92, sigma (0.1 / sqrt 3) sqrt(pi/2)
        assertThat(tc.chiEff()[0]).isCloseTo(0.92, within(1e-12));
        assertThat(tc.chiEffErr()[0]).isCloseTo(0.1 / Math.sqrt(3) * Math.sqrt(Math.PI / 2), within(1e-12));
    }

    @Test
    void recoversTcOfScreeningPixelsAndNoneForNormalOnes() {
        SusceptibilityTc tc = new SusceptibilityTc(SETTINGS, 64);
        SplittableRandom rng = new SplittableRandom(11);
        double[] t = new double[64];
        double[] chi = new double[64];
        double[] err = new double[64];
        boolean[] inc = new boolean[64];
        TcResult out = new TcResult();
        double se = 0;
        int sc = 0;
        int pixels = 400;
        for (int p = 0; p < pixels; p++) {
            double trueTc = 40 + 40 * rng.nextDouble();
            int n = series(trueTc, 0.02 * gaussian(rng), 0.06, rng, t, chi, err, inc);
            tc.estimate(t, chi, err, inc, n, out);
            if (out.status == TcResult.Status.OK) {
                sc++;
                se += (out.tcFitK - trueTc) * (out.tcFitK - trueTc);
            }
        }
        assertThat(sc).isEqualTo(pixels);
        assertThat(Math.sqrt(se / sc)).isLessThan(1.0);
        int normal = 0;
        for (int p = 0; p < pixels; p++) {
            int n = series(Double.NaN, 0.02 * gaussian(rng), 0.06, rng, t, chi, err, inc);
            tc.estimate(t, chi, err, inc, n, out);
            normal += out.status == TcResult.Status.NO_TRANSITION ? 1 : 0;
        }
        assertThat(normal).isGreaterThanOrEqualTo(pixels - 2);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
