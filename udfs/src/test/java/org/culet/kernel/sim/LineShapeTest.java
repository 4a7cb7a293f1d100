package org.culet.kernel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LineShapeTest {
    @Test
    void everyShapeHasUnitPeakAndHalfMaximumAtHalfTheFwhm() {
        for (LineShape s : LineShape.values()) {
            assertThat(s.unitPeak(0, 12, 0.3)).as(s.name()).isCloseTo(1.0, within(1e-15));
            assertThat(s.unitPeak(6, 12, 0.3)).as(s.name()).isCloseTo(0.5, within(1e-12));
            assertThat(s.unitPeak(-6, 12, 0.3)).as(s.name()).isCloseTo(0.5, within(1e-12));
        }
    }

    @Test
    void pseudoVoigtIsTheEtaMixtureAndTailsDiffer() {
        double l = LineShape.LORENTZIAN.unitPeak(20, 10, 0);
        double g = LineShape.GAUSSIAN.unitPeak(20, 10, 0);
        // Lorentzian tail at 2 FWHM: 1/(1+16) = 0.0588; Gaussian: exp(-16 ln2) = 1.5e-5.
        assertThat(l).isCloseTo(1.0 / 17, within(1e-12));
        assertThat(g).isCloseTo(Math.pow(2, -16), within(1e-12));
        assertThat(LineShape.PSEUDO_VOIGT.unitPeak(20, 10, 0.25)).isCloseTo(0.25 * l + 0.75 * g, within(1e-15));
    }

    @Test
    void parsesConfigNames() {
        assertThat(LineShape.parse("pseudo-voigt")).isEqualTo(LineShape.PSEUDO_VOIGT);
        assertThat(LineShape.parse("Gaussian")).isEqualTo(LineShape.GAUSSIAN);
        assertThat(LineShape.parse("voigt")).isEqualTo(LineShape.PSEUDO_VOIGT);
    }
}
