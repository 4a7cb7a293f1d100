package org.culet.kernel.nv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Hellmann-Feynman derivatives of {@link NvHamiltonian#groupTransitionsAndDerivatives} against central finite
 * differences of {@link NvHamiltonian#transitions} (the public forward model, an independent oracle: it never forms
 * an eigenvector), here through the EJML solver so that the oracle shares no eigenvalue code with the closed form.
 *
 * <p>Tolerance: the oracle is the five-point central difference with steps h_B = 1e-3 G and h_sigma = 1e-4 GPa.
 * Its rounding error is ~ eps_E |E| / h with the EJML eigenvalues' relative error eps_E ~ 1e-14 and |E| ~ 3000 MHz:
 * ~3e-8 MHz/G and ~3e-7 MHz/GPa (the plain 3-point difference showed ~1e-7 at h / 10, its rounding floor). Its
 * truncation error (h^4) is negligible even where the upper pair of a group is a few MHz apart (the 3-point
 * difference's h^2 term reached 5e-7 MHz/GPa at a 2.7 MHz gap and vanished at h / 10, so the analytic value was
 * the accurate one). The largest difference seen over 800 points is 4e-8 MHz per unit; the tolerance 1e-6 MHz per
 * unit (against derivatives of order 1-10 MHz per G or GPa, ~1e-7 relative)
 * leaves a factor 25 for the oracle's noise at other points, while a wrong sign, frame, factor sqrt2 or coupling (errors of
 * order 0.1-10 MHz per unit) fails by five orders of magnitude or more.
 */
class NvHamiltonianDerivativeTest {
    private static final double D0 = 2870.0;
    private static final double H_GAUSS = 1e-3;
    private static final double H_GPA = 1e-4;
    private static final double TOLERANCE_MHZ_PER_UNIT = 1e-6;

    /** The 8 transitions from the 9 physical parameters (Bx, By, Bz, sZZ, sPerp, sXZ, sYZ, sDev, sXY). */
    private static void transitions(NvHamiltonian h, double[] p9, double[] out8) {
        StressTensor s = new StressTensor(p9[4] + p9[7], p9[4] - p9[7], p9[3], p9[6], p9[5], p9[8]);
        h.transitions(p9[0], p9[1], p9[2], s, D0, out8);
    }

    private static double[] lab9(double[] p9) {
        return new double[] {p9[4] + p9[7], p9[8], p9[5], p9[8], p9[4] - p9[7], p9[6], p9[5], p9[6], p9[3]};
    }

    /**
     * Five-point central-difference derivatives fd[8][9] of the 8 transitions:
     * (-f(x + 2h) + 8 f(x + h) - 8 f(x - h) + f(x - 2h)) / 12h, truncation error h^4 |f^(5)| / 30.
     */
    private static double[][] centralDifferences(NvHamiltonian oracle, double[] p9) {
        double[][] fd = new double[8][9];
        double[][] at = new double[4][8];
        double[] offsets = {2, 1, -1, -2};
        double[] q = p9.clone();
        for (int p = 0; p < 9; p++) {
            double h = p < 3 ? H_GAUSS : H_GPA;
            for (int s = 0; s < 4; s++) {
                q[p] = p9[p] + offsets[s] * h;
                transitions(oracle, q, at[s]);
            }
            q[p] = p9[p];
            for (int k = 0; k < 8; k++) {
                fd[k][p] = (-at[0][k] + 8 * at[1][k] - 8 * at[2][k] + at[3][k]) / (12 * h);
            }
        }
        return fd;
    }

    private static double[] randomPoint(SplittableRandom rnd) {
        double b = 300 * rnd.nextDouble();
        double cosT = 2 * rnd.nextDouble() - 1;
        double sinT = Math.sqrt(1 - cosT * cosT);
        double phi = 2 * Math.PI * rnd.nextDouble();
        double[] p9 = new double[9];
        p9[0] = b * sinT * Math.cos(phi);
        p9[1] = b * sinT * Math.sin(phi);
        p9[2] = b * cosT;
        p9[3] = -5 + 25 * rnd.nextDouble(); // sigma_ZZ
        p9[4] = -5 + 25 * rnd.nextDouble(); // sigma_perp
        for (int i = 5; i < 9; i++) {
            p9[i] = -3 + 6 * rnd.nextDouble(); // shear and in-plane deviator
        }
        return p9;
    }

    @Test
    void analyticDerivativesMatchCentralDifferencesAtRandomFieldsAndStresses() {
        SplittableRandom rnd = new SplittableRandom(20240611);
        double[] f = new double[8];
        double[] d = new double[18];
        double[] reference = new double[8];
        for (CuletOrientation orientation : CuletOrientation.values()) {
            NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, orientation);
            NvHamiltonian oracle = new NvHamiltonian(NvConstants.DEFAULT, orientation, NvHamiltonian.Solver.EJML);
            double worst = 0;
            for (int trial = 0; trial < 400; trial++) {
                double[] p9 = randomPoint(rnd);
                double[] sigma = lab9(p9);
                double[][] fd = centralDifferences(oracle, p9);
                transitions(h, p9, reference);
                for (int g = 0; g < NvFrames.GROUPS; g++) {
                    boolean ok = h.groupTransitionsAndDerivatives(g, p9[0], p9[1], p9[2], sigma, D0, f, 2 * g, d, 0);
                    assertThat(ok).as("%s group %d at %s", orientation, g, java.util.Arrays.toString(p9)).isTrue();
                    // the transitions are those of the forward model, bit for bit
                    assertThat(f[2 * g]).isEqualTo(reference[2 * g]);
                    assertThat(f[2 * g + 1]).isEqualTo(reference[2 * g + 1]);
                    for (int t = 0; t < 2; t++) {
                        for (int p = 0; p < 9; p++) {
                            double err = Math.abs(d[9 * t + p] - fd[2 * g + t][p]);
                            worst = Math.max(worst, err);
                            assertThat(err).as("%s group %d transition %d parameter %d at %s: analytic %s, fd %s",
                                orientation, g, t, p, java.util.Arrays.toString(p9), d[9 * t + p], fd[2 * g + t][p])
                                .isLessThan(TOLERANCE_MHZ_PER_UNIT);
                        }
                    }
                }
            }
            System.out.printf("NvHamiltonianDerivativeTest %s: largest |analytic - central fd| %.2e MHz per unit%n",
                orientation, worst);
        }
    }

    /**
     * A sanity check that does not rest on finite differences: on the axis with no transverse stress, f+/- =
     * D0 + Mz +/- gamma B_z exactly, so d f+/- / dB_z = +/- gamma and d f / d sigma_ZZ = dMz / d sigma_ZZ.
     */
    @Test
    void onAxisFieldGivesGammaExactly() {
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        double[] f = new double[2];
        double[] d = new double[18];
        double[] sigma = {3, 0, 0, 0, 3, 0, 0, 0, 10};
        assertThat(h.groupTransitionsAndDerivatives(0, 0, 0, 50, sigma, D0, f, 0, d, 0)).isTrue();
        double gamma = NvConstants.DEFAULT.gammaMhzPerGauss();
        assertThat(d[2]).isCloseTo(-gamma, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d[9 + 2]).isCloseTo(gamma, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d[3]).isCloseTo(NvConstants.DEFAULT.mzAxialCoefficient(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d[9 + 4]).isCloseTo(2 * NvConstants.DEFAULT.mzPerpCoefficient(), org.assertj.core.api.Assertions.within(1e-12));
    }

    /**
     * Zero field and no transverse stress: the upper two levels coincide, Hellmann-Feynman is undefined and the
     * method says so (false, NaN derivatives) while the transitions are still the forward model's.
     */
    @Test
    void degenerateLevelsAreReported() {
        for (CuletOrientation orientation : CuletOrientation.values()) {
            NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, orientation);
            double[] f = new double[8];
            double[] d = new double[18];
            double[] reference = new double[8];
            h.transitions(0, 0, 0, StressTensor.hydrostatic(5), D0, reference);
            double[] sigma = {5, 0, 0, 0, 5, 0, 0, 0, 5};
            for (int g = 0; g < NvFrames.GROUPS; g++) {
                assertThat(h.groupTransitionsAndDerivatives(g, 0, 0, 0, sigma, D0, f, 2 * g, d, 0)).isFalse();
                assertThat(java.util.Arrays.stream(d).allMatch(Double::isNaN)).isTrue();
                assertThat(f[2 * g]).isEqualTo(reference[2 * g]);
                assertThat(f[2 * g + 1]).isEqualTo(reference[2 * g + 1]);
            }
        }
    }

    /**
     * Just above the degeneracy threshold (upper-pair splittings from 0.3 to 10 MHz: fields of 0.06 to 2 G along
     * the axis of each group, no transverse stress) the analytic derivatives still match central differences whose
     * step is scaled to the gap (h = 1e-4 gap / gamma, where the truncation error stays ~1e-8 of the derivative).
     */
    @Test
    void nearDegenerateLevelsStillGiveAccurateDerivatives() {
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        NvHamiltonian oracle = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111, NvHamiltonian.Solver.EJML);
        double gamma = NvConstants.DEFAULT.gammaMhzPerGauss();
        double[] f = new double[8];
        double[] d = new double[18];
        double[] plus = new double[8];
        double[] minus = new double[8];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            double gap = 0.3 * Math.pow(10 / 0.3, rnd.nextDouble()); // MHz
            double b = gap / (2 * gamma);
            double phi = 2 * Math.PI * rnd.nextDouble();
            // a small tilt off the z axis so that every group has a transverse field component
            double[] p9 = {0.2 * b * Math.cos(phi), 0.2 * b * Math.sin(phi), b, 5, 5, 0, 0, 0, 0};
            double[] sigma = lab9(p9);
            assertThat(h.groupTransitionsAndDerivatives(0, p9[0], p9[1], p9[2], sigma, D0, f, 0, d, 0)).isTrue();
            double step = 1e-4 * gap / gamma;
            for (int p = 0; p < 3; p++) {
                double[] q = p9.clone();
                q[p] += step;
                transitions(oracle, q, plus);
                q[p] = p9[p] - step;
                transitions(oracle, q, minus);
                for (int t = 0; t < 2; t++) {
                    double fd = (plus[t] - minus[t]) / (2 * step);
                    assertThat(Math.abs(d[9 * t + p] - fd)).as("gap %.3f MHz parameter %d transition %d", gap, p, t)
                        .isLessThan(1e-5 * gamma);
                }
            }
        }
    }
    /**
     * {@link NvHamiltonian#secondDerivativesAlong} (second-order perturbation theory) against the five-point second
     * difference (-f(x + 2hw) + 16 f(x + hw) - 30 f(x) + 16 f(x - hw) - f(x - 2hw)) / 12 h^2 of the EJML forward model
     * along random directions w (field components up to 1 G, stress components up to 1 GPa per unit), h = 0.01.
     * Oracle error: rounding ~ 5 eps_E |E| / h^2 ~ 2e-5 MHz with eps_E ~ 1e-14, truncation O(h^4) (the 3-point
     * difference's h^2 term reached 1.5e-4 relative at a field of 1 G, where f'' varies on the scale of 1 G). Tolerance 1e-4 MHz + 1e-4 relative, above that
     * rounding estimate (the largest error seen is 1e-3 of it): these terms only set the inverter's forward-difference
     * slope emulation (h / 2) f'' with h ~ 1e-3, where such errors are ~1e-7 of the slope; a wrong energy denominator,
     * factor 2 or matrix element fails by order 1.
     */
    @Test
    void secondDerivativesMatchSecondDifferences() {
        SplittableRandom rnd = new SplittableRandom(99);
        double h = 1e-2;
        double[] f = new double[8];
        double[] d = new double[18];
        double[] d2 = new double[2];
        double worst = 0;
        for (CuletOrientation orientation : CuletOrientation.values()) {
            NvHamiltonian ham = new NvHamiltonian(NvConstants.DEFAULT, orientation);
            NvHamiltonian oracle = new NvHamiltonian(NvConstants.DEFAULT, orientation, NvHamiltonian.Solver.EJML);
            for (int trial = 0; trial < 200; trial++) {
                double[] p9 = randomPoint(rnd);
                double[] w = new double[9];
                for (int i = 0; i < 9; i++) {
                    w[i] = 2 * rnd.nextDouble() - 1;
                }
                if (trial % 3 == 0) {
                    java.util.Arrays.fill(w, 3, 9, 0); // field-only directions (the along-bias magnitude)
                }
                double[][] at = new double[5][8];
                for (int s = 0; s < 5; s++) {
                    double[] q = p9.clone();
                    for (int i = 0; i < 9; i++) {
                        q[i] = p9[i] + (s - 2) * h * w[i];
                    }
                    transitions(oracle, q, at[s]);
                }
                double[] sigma = lab9(p9);
                for (int g = 0; g < NvFrames.GROUPS; g++) {
                    assertThat(ham.groupTransitionsAndDerivatives(g, p9[0], p9[1], p9[2], sigma, D0, f, 0, d, 0)).isTrue();
                    ham.secondDerivativesAlong(w, 0, d2, 0);
                    for (int t = 0; t < 2; t++) {
                        int k = 2 * g + t;
                        double fd = (-at[0][k] + 16 * at[1][k] - 30 * at[2][k] + 16 * at[3][k] - at[4][k]) / (12 * h * h);
                        double err = Math.abs(d2[t] - fd);
                        double tolerance = 1e-4 + 1e-4 * Math.abs(fd);
                        worst = Math.max(worst, err / tolerance);
                        assertThat(err).as("%s group %d transition %d at %s along %s: analytic %s, fd %s", orientation,
                            g, t, java.util.Arrays.toString(p9), java.util.Arrays.toString(w), d2[t], fd)
                            .isLessThan(tolerance);
                    }
                }
            }
        }
        System.out.printf("NvHamiltonianDerivativeTest second derivatives: largest error / tolerance %.3f%n", worst);
    }

    @Test
    void secondDerivativesNeedANonDegenerateFirstCall() {
        NvHamiltonian ham = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        double[] f = new double[2];
        double[] d = new double[18];
        double[] sigma = {5, 0, 0, 0, 5, 0, 0, 0, 5};
        assertThat(ham.groupTransitionsAndDerivatives(0, 0, 0, 0, sigma, D0, f, 0, d, 0)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ham.secondDerivativesAlong(new double[9], 0, f, 0))
            .isInstanceOf(IllegalStateException.class);
    }
}
