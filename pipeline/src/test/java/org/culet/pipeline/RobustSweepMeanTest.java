package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The per-pixel mean over sweeps ({@link RobustSweepMean}), on hand-computed values. */
class RobustSweepMeanTest {
    final RobustSweepMean mean = new RobustSweepMean();

    /** Three whole-spectrum values of 1-sigma 0.03 that agree: independent, error 0.03 / sqrt(3). */
    @Test
    void wholeSpectrumSweepsAverageAsIndependentMeasurements() {
        mean.clear(4);
        mean.add(5.00, 0.03, true);
        mean.add(5.01, 0.03, true);
        mean.add(4.99, 0.03, true);
        assertThat(mean.mean()).isCloseTo(5.00, within(1e-12));
        // scatter 0.01 < 0.03: reduced chi^2 = 0.0002 / 0.0009 / 2 < 1, no inflation
        assertThat(mean.error()).isCloseTo(0.03 / Math.sqrt(3), within(1e-12));
    }

    /** One line-centre value among them: the shared blending error floors the result at the median single error. */
    @Test
    void lineCentreStressKeepsTheSingleSweepFloor() {
        mean.clear(4);
        mean.add(5.00, 0.03, true);
        mean.add(5.01, 0.03, false);
        mean.add(4.99, 0.03, true);
        assertThat(mean.mean()).isCloseTo(5.00, within(1e-12));
        assertThat(mean.error()).isCloseTo(0.03, within(1e-12));
    }

    /** A misassigned sweep 2 GPa off is left out; scatter beyond the errors inflates the error by sqrt(chi^2_red). */
    @Test
    void outlierIsDroppedAndExcessScatterInflatesTheError() {
        mean.clear(5);
        mean.add(5.0, 0.01, true);
        mean.add(5.1, 0.01, true);
        mean.add(7.0, 0.01, true);
        mean.add(4.9, 0.01, true);
        // median 5.05, MAD 0.1 x 1.4826: 7.0 lies 1.95 away > 4 x 0.148; kept 5.0, 5.1, 4.9 -> mean 5.0
        assertThat(mean.mean()).isCloseTo(5.0, within(1e-12));
        // chi^2 = (0 + 100 + 100) / 2 = 100 -> error 0.01 / sqrt(3) x 10
        assertThat(mean.error()).isCloseTo(0.1 / Math.sqrt(3), within(1e-12));
    }

    @Test
    void nothingUsableGivesNaN() {
        mean.clear(3);
        mean.add(Double.NaN, 0.1, true);
        mean.add(5.0, 0.0, true);
        assertThat(mean.mean()).isNaN();
        assertThat(mean.error()).isNaN();
    }
}
