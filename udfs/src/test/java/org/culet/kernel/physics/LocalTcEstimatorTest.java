package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalTcEstimatorTest {
    static final TcSettings SETTINGS = TcSettings.fromConfig(ConfigFactory.defaultReference());

    @Test
    void settingsFromReferenceConf() {
        assertThat(SETTINGS).isEqualTo(TcSettings.DEFAULT);
    }

    /** Response B_NV/B_applied = 1 - a (1 - (T/Tc)^4) below Tc (physics.md 5b), i.e. decreasing. */
    static double response(double t, double tc, double a) {
        return t < tc ? 1 - a * (1 - Math.pow(t / tc, 4)) : 1;
    }

    @Test
    void noiselessStepGivesHandCheckedOnsetMidpointAndFit() {
        int n = 111;
        double[] t = new double[n];
        double[] r = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            t[n - 1 - i] = 20 + i; // 20..130 K, given in descending order to check sorting
            r[n - 1 - i] = response(20 + i, 80, 0.5);
            s[n - 1 - i] = 1e-3;
        }
        TcResult out = new TcResult();
        new LocalTcEstimator(SETTINGS, 200).estimate(t, r, s, n, out);
        assertThat(out.status).isEqualTo(TcResult.Status.OK);
        // Midpoint: 1 - (T/80)^4 = 0.5 (relative to the 20 K response, 1 - (20/80)^4 = 0.996) -> T = 80 * 0.5^0.25 * ...
        double lowResp = 0.5 * (response(20, 80, 0.5) + response(21, 80, 0.5));
        double half = 0.5 * (1 + lowResp);
        double tHalf = 80 * Math.pow(1 - (1 - half) / 0.5, 0.25);
        assertThat(out.tcMidpointK).isCloseTo(tHalf, within(0.05));
        // Onset: first point with 1 - r > 4 sigma = 0.004 -> (T/80)^4 < 1 - 0.008 -> T < 79.84: the 79 K point.
        assertThat(out.tcOnsetK).isEqualTo(79.0);
        assertThat(out.tcFitK).isCloseTo(80.0, within(0.02));
    }

    /** Classification and Tc RMS targets on synthetic step series (15 temperatures, 20-132 K). */
    @Test
    void recoversTcOnSyntheticSeries() {
        Random rnd = new Random(2024);
        LocalTcEstimator est = new LocalTcEstimator(SETTINGS, 64);
        TcResult out = new TcResult();
        int n = 15;
        double[] t = new double[n];
        double[] r = new double[n];
        double[] s = new double[n];
        int pixels = 1000;
        int correct = 0;
        double sq = 0;
        double zsq = 0;
        int both = 0;
        double midSq = 0;
        for (int p = 0; p < pixels; p++) {
            boolean sc = rnd.nextDouble() < 0.7;
            double tc = 40 + 60 * rnd.nextDouble();
            double a = 0.1 + 0.5 * rnd.nextDouble();
            double sigma = 0.005 + 0.015 * rnd.nextDouble();
            for (int i = 0; i < n; i++) {
                t[i] = 20 + 8 * i;
                r[i] = (sc ? response(t[i], tc, a) : 1) + sigma * rnd.nextGaussian();
                s[i] = sigma;
            }
            est.estimate(t, r, s, n, out);
            if (out.superconducting() == sc) {
                correct++;
            }
            if (sc && out.superconducting()) {
                double e = out.tcFitK - tc;
                sq += e * e;
                zsq += e * e / (out.tcFitSigmaK * out.tcFitSigmaK);
                double m = out.tcMidpointK - tc * Math.pow(0.5, 0.25);
                midSq += m * m;
                both++;
            }
        }
        double rms = Math.sqrt(sq / both);
        System.out.printf("Tc: classified %d/%d, fit RMS %.3f K over %d, z-RMS %.3f, midpoint-vs-0.84Tc RMS %.3f K%n",
            correct, pixels, rms, both, Math.sqrt(zsq / both), Math.sqrt(midSq / both));
        assertThat(correct).isGreaterThanOrEqualTo((int) (0.95 * pixels));
        assertThat(rms).isLessThanOrEqualTo(2.0);
        assertThat(Math.sqrt(zsq / both)).isBetween(0.6, 1.5);
    }

    /**
     * Only the coldest point of the series departs (the colder sweeps of a screening pixel gave no value): with 2
     * consecutive points required, one point at the end counts only at twice the threshold, and then the pixel screens
     * with its onset there and no midpoint or fitted Tc (not resolved).
     */
    @Test
    void coldEndOnsetNeedsTwiceTheThresholdAndResolvesNoTc() {
        double[] t = {104, 98, 92, 86, 80, 74, 68, 62, 56, 20};
        double[] s = new double[t.length];
        double[] r = new double[t.length];
        java.util.Arrays.fill(s, 0.005);
        java.util.Arrays.fill(r, 1.0);
        LocalTcEstimator est = new LocalTcEstimator(SETTINGS, 16);
        TcResult out = new TcResult();
        r[t.length - 1] = 1 - 1.5 * SETTINGS.kSigma() * 0.005 * Math.sqrt(1 + 1.0 / 9); // 1.5 x threshold: not enough
        est.estimate(t, r, s, t.length, out);
        assertThat(out.status).isEqualTo(TcResult.Status.NO_TRANSITION);
        r[t.length - 1] = 0.6; // 80 sigma
        est.estimate(t, r, s, t.length, out);
        assertThat(out.status).isEqualTo(TcResult.Status.OK);
        assertThat(out.onsetAtColdEnd).isTrue();
        assertThat(out.tcOnsetK).isEqualTo(20.0);
        assertThat(out.tcFitK).isNaN();
        assertThat(out.tcMidpointK).isNaN();
        r[t.length - 2] = 0.9; // two departing points in a row: resolved as before
        est.estimate(t, r, s, t.length, out);
        assertThat(out.onsetAtColdEnd).isFalse();
        assertThat(out.tcOnsetK).isEqualTo(56.0);
        assertThat(out.tcFitK).isFinite();
    }

    @Test
    void statusesForFlatShortAndBadSeries() {
        LocalTcEstimator est = new LocalTcEstimator(SETTINGS, 32);
        TcResult out = new TcResult();
        Random rnd = new Random(1);
        double[] t = new double[12];
        double[] r = new double[12];
        double[] s = new double[12];
        for (int i = 0; i < 12; i++) {
            t[i] = 20 + 10 * i;
            r[i] = 1 + 0.01 * rnd.nextGaussian();
            s[i] = 0.01;
        }
        est.estimate(t, r, s, 12, out);
        assertThat(out.status).isEqualTo(TcResult.Status.NO_TRANSITION);
        assertThat(out.tcOnsetK).isNaN();
        est.estimate(t, r, s, 4, out);
        assertThat(out.status).isEqualTo(TcResult.Status.INSUFFICIENT_DATA);
        double[] nan = new double[12];
        java.util.Arrays.fill(nan, Double.NaN);
        est.estimate(t, nan, s, 12, out);
        assertThat(out.status).isEqualTo(TcResult.Status.BAD_INPUT);
        est.estimate(new double[40], new double[40], new double[40], 40, out);
        assertThat(out.status).isEqualTo(TcResult.Status.BAD_INPUT);
    }
}
