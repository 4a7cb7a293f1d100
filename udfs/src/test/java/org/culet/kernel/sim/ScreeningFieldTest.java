package org.culet.kernel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The thin-slab screening model of physics.md Section 5b against the closed form for a uniformly magnetized disk. */
class ScreeningFieldTest {
    private static final int N = 96;
    private static final double PIXEL_UM = 0.25;
    private static final double D_UM = 0.1;
    private static final double T_UM = 5.0;
    private static final double R_UM = 6.0;
    private static final double H_GAUSS = 60.0;

    /** Magnetization of a screening disk (radius R, centred on pixel (N/2, N/2)): M = -chi H / 4 pi inside. */
    private static double[] disk(double chi) {
        double[] m = new double[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                double dx = (x - N / 2) * PIXEL_UM;
                double dy = (y - N / 2) * PIXEL_UM;
                if (dx * dx + dy * dy <= R_UM * R_UM) {
                    m[y * N + x] = -chi * H_GAUSS / (4 * Math.PI);
                }
            }
        }
        return m;
    }

    @Test
    void centreFieldMatchesTheUniformCylinderClosedForm() {
        ScreeningField s = new ScreeningField(N, N, PIXEL_UM, D_UM, T_UM, 2);
        double[] bx = new double[N * N];
        double[] by = new double[N * N];
        double[] bz = new double[N * N];
        s.fieldChange(disk(1.0), bx, by, bz);
        // On the axis of a cylinder (radius R, thickness t, magnetization M) at distance d below it:
        // Bz = 2 pi M [ (d + t) / sqrt((d + t)^2 + R^2) - d / sqrt(d^2 + R^2) ] (integral of R J1(kR) e^{-kz} dk).
        double m = -H_GAUSS / (4 * Math.PI);
        double expected = 2 * Math.PI * m * ((D_UM + T_UM) / Math.hypot(D_UM + T_UM, R_UM) - D_UM / Math.hypot(D_UM, R_UM));
        double centre = bz[(N / 2) * N + N / 2];
        assertThat(expected).isLessThan(-10); // a sizeable reduction of the 60 G applied field
        // Pixelation of the disk edge and the finite padded grid: 2 % agreement.
        assertThat(centre).isCloseTo(expected, within(0.02 * Math.abs(expected)));
    }

    @Test
    void reducedOverTheDiskEnhancedJustOutsideAndLinearInChi() {
        ScreeningField s = new ScreeningField(N, N, PIXEL_UM, D_UM, T_UM, 2);
        double[] bx = new double[N * N];
        double[] by = new double[N * N];
        double[] bz = new double[N * N];
        s.fieldChange(disk(1.0), bx, by, bz);
        int row = N / 2;
        int outside = N / 2 + (int) Math.round((R_UM + 0.5) / PIXEL_UM);
        int inside = N / 2 + (int) Math.round((R_UM - 1.0) / PIXEL_UM);
        assertThat(bz[row * N + N / 2]).isNegative();
        assertThat(bz[row * N + inside]).isNegative();
        assertThat(bz[row * N + outside]).isPositive();
        // Far away (17 um from the centre) the return flux of the -z dipole sheet is positive and small: the dipole
        // estimate |m| (1 - 3 cos^2) / r^3 with m = M pi R^2 t gives +0.50 G; finite-size terms add ~30 %.
        assertThat(bz[0]).isPositive().isLessThan(0.1 * Math.abs(bz[row * N + N / 2])).isCloseTo(0.5, within(0.2));
        // A diamagnetic disk is a -z dipole sheet: below it the in-plane field points outward near the rim,
        // and Bx is odd about the centre.
        int rimRight = N / 2 + (int) Math.round(R_UM / PIXEL_UM);
        int rimLeft = N / 2 - (int) Math.round(R_UM / PIXEL_UM);
        assertThat(bx[row * N + rimRight]).isPositive();
        assertThat(bx[row * N + rimLeft]).isCloseTo(-bx[row * N + rimRight], within(1e-9));

        double[] bx2 = new double[N * N];
        double[] by2 = new double[N * N];
        double[] bz2 = new double[N * N];
        s.fieldChange(disk(0.3), bx2, by2, bz2);
        for (int i = 0; i < N * N; i += 37) {
            assertThat(bz2[i]).isCloseTo(0.3 * bz[i], within(1e-9));
            assertThat(bx2[i]).isCloseTo(0.3 * bx[i], within(1e-9));
        }
    }

    @Test
    void zeroMagnetizationGivesZeroField() {
        ScreeningField s = new ScreeningField(16, 20, 0.5, D_UM, T_UM, 2);
        double[] bx = new double[320];
        double[] by = new double[320];
        double[] bz = new double[320];
        s.fieldChange(new double[320], bx, by, bz);
        for (int i = 0; i < 320; i++) {
            assertThat(bz[i]).isZero();
            assertThat(bx[i]).isZero();
        }
    }
}
