package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class MeissnerMeasuresTest {
    static final MeissnerSettings SETTINGS = MeissnerSettings.fromConfig(ConfigFactory.defaultReference());

    @Test
    void settingsFromReferenceConf() {
        assertThat(SETTINGS).isEqualTo(MeissnerSettings.DEFAULT);
    }

    @Test
    void unscreenedE111SlopeIsThePublishedFigure() {
        // physics.md Section 5: 24.11 G/A gives 67.57 MHz/A in E111 units.
        assertThat(MeissnerMeasures.unscreenedSlopeE111MhzPerAmp(2.8025, 24.11)).isCloseTo(67.57, within(0.005));
    }

    @Test
    void fieldShiftAndRatio() {
        assertThat(MeissnerMeasures.fieldShiftGauss(72.0, 80.0)).isEqualTo(-8.0);
        assertThat(MeissnerMeasures.fieldRatio(72.0, 80.0)).isCloseTo(0.9, within(1e-12));
        assertThat(MeissnerMeasures.fieldRatioSigma(0.4, -80.0)).isCloseTo(0.005, within(1e-12));
        assertThat(MeissnerMeasures.fieldRatio(1.0, 0.0)).isNaN();
    }

    @Test
    void screeningSlopeOfExactLineAndStatuses() {
        double[] i = {0.5, 1, 2, 3, 4};
        double[] b = new double[5];
        double[] s = {0.1, 0.1, 0.1, 0.1, 0.1};
        for (int k = 0; k < 5; k++) {
            b[k] = 5 + 0.6 * 24.11 * i[k];
        }
        MeissnerMeasures.SlopeResult out = new MeissnerMeasures.SlopeResult();
        MeissnerMeasures.screeningSlope(i, b, s, 5, 24.11, SETTINGS, out);
        assertThat(out.status).isEqualTo(MeissnerMeasures.SlopeStatus.OK);
        assertThat(out.ratio).isCloseTo(0.6, within(1e-12));
        assertThat(out.intercept).isCloseTo(5, within(1e-10));
        assertThat(out.rSquared).isCloseTo(1, within(1e-12));
        assertThat(out.screening).isTrue();
        MeissnerMeasures.screeningSlope(i, b, s, 2, 24.11, SETTINGS, out);
        assertThat(out.status).isEqualTo(MeissnerMeasures.SlopeStatus.TOO_FEW_POINTS);
        MeissnerMeasures.screeningSlope(new double[] {2, 2, 2}, b, s, 3, 24.11, SETTINGS, out);
        assertThat(out.status).isEqualTo(MeissnerMeasures.SlopeStatus.DEGENERATE_CURRENTS);
    }

    /** Against commons-math SimpleRegression (unweighted oracle) and the observed scatter of the slope. */
    @Test
    void slopeMatchesOracleAndItsUncertaintyIsHonest() {
        Random rnd = new Random(11);
        double[] i = {-2, -1, 0, 1, 2, 3};
        double[] b = new double[6];
        double[] s = new double[6];
        MeissnerMeasures.SlopeResult out = new MeissnerMeasures.SlopeResult();
        double zsq = 0;
        int trials = 2000;
        for (int k = 0; k < trials; k++) {
            SimpleRegression oracle = new SimpleRegression();
            for (int j = 0; j < 6; j++) {
                s[j] = 0.3;
                b[j] = 2 + 0.8 * 24.11 * i[j] + 0.3 * rnd.nextGaussian();
                oracle.addData(i[j], b[j]);
            }
            MeissnerMeasures.screeningSlope(i, b, s, 6, 24.11, SETTINGS, out);
            assertThat(out.slope).isCloseTo(oracle.getSlope(), within(1e-9));
            assertThat(out.rSquared).isCloseTo(oracle.getRSquare(), within(1e-9));
            double z = (out.ratio - 0.8) / out.ratioSigma;
            zsq += z * z;
        }
        // reduced-chi2 inflation (only when > 1) makes the z-RMS a little below 1
        assertThat(Math.sqrt(zsq / trials)).isBetween(0.8, 1.1);
    }

    @Test
    void trappedFluxAgainstMedianBackground() {
        double[] bRem = {0.5, 0.4, 0.6, 3.5, 0.5, -2.0};
        double[] sig = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
        boolean[] on = {false, false, false, true, true, true};
        double[] trapped = new double[6];
        boolean[] flag = new boolean[6];
        double bg = MeissnerMeasures.trappedFlux(bRem, sig, on, 6, Double.NaN, SETTINGS, trapped, flag, new double[6]);
        assertThat(bg).isCloseTo(0.5, within(1e-12));
        assertThat(trapped[3]).isCloseTo(3.0, within(1e-12));
        assertThat(flag).containsExactly(false, false, false, true, false, true);
    }
}
