package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The blend uncertainty of on-axis lines ({@link OnAxisBlend}), on hand-made 4-line fits of a 111 culet. */
class OnAxisBlendTest {
    final OnAxisBlend blend = OnAxisBlend.DEFAULT; // area ratio 2, separation 1 FWHM, 0.25 FWHM added

    /** On-axis pair = fitted lines 0 and 3 (model lines 0 and 1 of group 1), the off-axis branches 1 and 2. */
    static LineAssignment onAxisOuter() {
        LineAssignment a = new LineAssignment();
        Arrays.fill(a.fittedIndex, -1);
        a.fittedIndex[0] = 0;
        a.fittedIndex[1] = 3;
        return a;
    }

    static FittedLines lines(double[] centres, double[] widths, double[] contrasts) {
        FittedLines l = new FittedLines();
        for (int i = 0; i < centres.length; i++) {
            l.add(centres[i], 0.2, widths[i], contrasts[i]);
        }
        return l;
    }

    @Test
    void cleanOnAxisPairIsLeftAlone() {
        FittedLines in = lines(new double[] {2750, 2900, 2980, 3120}, new double[] {10, 14, 14, 10},
            new double[] {0.010, 0.020, 0.020, 0.011});
        FittedLines out = new FittedLines();
        assertThat(blend.apply(in, onAxisOuter(), out)).isZero();
        for (int j = 0; j < 4; j++) {
            assertThat(out.centreErrMhz(j)).isEqualTo(0.2);
            assertThat(out.centreMhz(j)).isEqualTo(in.centreMhz(j));
        }
    }

    /** The upper on-axis line has 2.4 times the lower one's area: it covers more than its transition. */
    @Test
    void onAxisLineWithTwiceTheAreaOfItsPartnerGetsAQuarterFwhm() {
        FittedLines in = lines(new double[] {2750, 2900, 2980, 3120}, new double[] {10, 14, 14, 16},
            new double[] {0.010, 0.020, 0.020, 0.015});
        FittedLines out = new FittedLines();
        assertThat(blend.apply(in, onAxisOuter(), out)).isEqualTo(1);
        assertThat(out.centreErrMhz(0)).isEqualTo(0.2);
        assertThat(out.centreErrMhz(3)).isCloseTo(Math.hypot(0.2, 0.25 * 16), within(1e-12));
        assertThat(out.centreErrMhz(1)).isEqualTo(0.2);
    }

    /** An off-axis line 9 MHz from the lower on-axis line, both 12 MHz wide: they overlap, the lower line is suspect. */
    @Test
    void offAxisLineWithinOneFwhmMakesTheOnAxisLineSuspect() {
        FittedLines in = lines(new double[] {2750, 2759, 2980, 3120}, new double[] {12, 12, 14, 12},
            new double[] {0.010, 0.010, 0.020, 0.010});
        FittedLines out = new FittedLines();
        assertThat(blend.apply(in, onAxisOuter(), out)).isEqualTo(1);
        assertThat(out.centreErrMhz(0)).isCloseTo(Math.hypot(0.2, 3.0), within(1e-12));
        assertThat(out.centreErrMhz(3)).isEqualTo(0.2);
        // 13 MHz apart with 12 MHz widths: separate lines, nothing inflated
        FittedLines apart = lines(new double[] {2750, 2763, 2980, 3120}, new double[] {12, 12, 14, 12},
            new double[] {0.010, 0.010, 0.020, 0.010});
        assertThat(blend.apply(apart, onAxisOuter(), out)).isZero();
    }

    @Test
    void disabledCopiesTheLines() {
        OnAxisBlend off = new OnAxisBlend(false, 2.0, 1.0, 0.25);
        FittedLines in = lines(new double[] {2750, 2759, 2980, 3120}, new double[] {12, 12, 14, 30},
            new double[] {0.010, 0.010, 0.020, 0.030});
        FittedLines out = new FittedLines();
        assertThat(off.apply(in, onAxisOuter(), out)).isZero();
        assertThat(out.count()).isEqualTo(4);
        assertThat(out.centreErrMhz(3)).isEqualTo(0.2);
    }
}
