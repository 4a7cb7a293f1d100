package org.culet.kernel.nv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The NV forward model against the published numbers of physics.md Sections 3 and 4. */
class NvHamiltonianTest {
    private static final double D0 = 2870.0;
    private final NvHamiltonian h111 = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
    private final NvHamiltonian h100 = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C100);

    /** [Mz, |M_perp|] in MHz for one group. */
    private double[] response(NvHamiltonian h, int group, StressTensor s) {
        double[] m = new double[3];
        h.stressCouplings(group, s, m);
        return new double[] {m[0], Math.hypot(m[1], m[2])};
    }

    @Test
    void sigmaZzResponseTableOf111Culet() {
        StressTensor szz = new StressTensor(0, 0, 1, 0, 0, 0);
        assertThat(response(h111, 0, szz)).containsExactly(new double[] {-2.54, 0}, within(0.01));
        for (int g = 1; g < 4; g++) {
            assertThat(response(h111, g, szz)).containsExactly(new double[] {7.33, 4.67}, within(0.01));
        }
    }

    @Test
    void shearTractionResponseOfOnAxisGroup() {
        assertThat(response(h111, 0, new StressTensor(0, 0, 0, 0, 1, 0))).containsExactly(new double[] {0, 11.46}, within(0.01));
        assertThat(response(h111, 0, new StressTensor(0, 0, 0, 1, 0, 0))).containsExactly(new double[] {0, 11.46}, within(0.01));
    }

    @Test
    void hydrostaticGivesThreeA1OnEveryGroupOfBothCulets() {
        for (NvHamiltonian h : new NvHamiltonian[] {h111, h100}) {
            for (int g = 0; g < 4; g++) {
                assertThat(response(h, g, StressTensor.hydrostatic(1))).containsExactly(new double[] {14.58, 0}, within(0.01));
            }
        }
    }

    @Test
    void axisymmetricInPlaceStressResponse() {
        StressTensor sPerp = new StressTensor(1, 1, 0, 0, 0, 0);
        assertThat(response(h111, 0, sPerp)).containsExactly(new double[] {17.12, 0}, within(0.01));
        for (int g = 1; g < 4; g++) {
            assertThat(response(h111, g, sPerp)).containsExactly(new double[] {7.25, 4.67}, within(0.01));
        }
    }

    @Test
    void offAxisGroupsSeeOneThirdOfAnAxialField() {
        double[] b = new double[3];
        for (int g = 1; g < 4; g++) {
            h111.frames().toNvFrame(g, 0, 0, 100, b);
            assertThat(b[2]).isCloseTo(-100.0 / 3, within(1e-9));
            assertThat(Math.hypot(b[0], b[1])).isCloseTo(94.28, within(0.01));
        }
    }

    @Test
    void hydrostaticPressureShiftsEveryLineBy14point58MhzPerGpa() {
        double[] zero = new double[8];
        double[] pressed = new double[8];
        h111.transitions(0, 0, 0, StressTensor.ZERO, D0, zero);
        h111.transitions(0, 0, 0, StressTensor.hydrostatic(10), D0, pressed);
        for (int i = 0; i < 8; i++) {
            assertThat(pressed[i] - zero[i]).isCloseTo(145.8, within(0.01));
        }
        assertThat(zero[0]).isCloseTo(D0, within(1e-6));
    }

    @Test
    void onAxisLinesAreExactlyFirstOrderWhenTheFieldIsAlongTheAxis() {
        double[] exact = new double[8];
        double[] first = new double[2];
        StressTensor s = new StressTensor(12, 11, 15, 0.8, -0.6, 0.3);
        h111.transitions(0, 0, 150, s, D0, exact);
        h111.firstOrderGroupTransitions(0, 0, 0, 150, s, D0, first);
        assertThat(exact[0]).isCloseTo(first[0], within(1e-6));
        assertThat(exact[1]).isCloseTo(first[1], within(1e-6));
        // On-axis frame = lab frame: Mx = 1.20 (sXX - sYY) - 11.46 sXZ, My = -2.40 sXY - 11.46 sYZ (physics.md Section 3).
        double mx = 1.20 * (12 - 11) - 11.455 * (-0.6);
        double my = -2.40 * 0.3 - 11.455 * 0.8;
        assertThat(exact[1] - exact[0]).isCloseTo(2 * Math.sqrt(Math.pow(2.8025 * 150, 2) + mx * mx + my * my), within(0.02));
    }

    @Test
    void firstOrderIsTheSmallPerpendicularFieldLimitForOffAxisGroups() {
        // Second-order shift of the centre is ~ (gamma B_perp)^2 / D: tiny for 1 G, large for 100 G.
        double[] exact = new double[8];
        double[] first = new double[2];
        StressTensor s = new StressTensor(0.2, 0.1, 0.3, 0.05, 0.02, 0.01);
        h111.transitions(0, 0, 1.0, s, D0, exact);
        h111.firstOrderGroupTransitions(1, 0, 0, 1.0, s, D0, first);
        assertThat(exact[2]).isCloseTo(first[0], within(0.01));
        assertThat(exact[3]).isCloseTo(first[1], within(0.01));
        h111.transitions(0, 0, 100, s, D0, exact);
        h111.firstOrderGroupTransitions(1, 0, 0, 100, s, D0, first);
        double centreShift = 0.5 * (exact[2] + exact[3]) - 0.5 * (first[0] + first[1]);
        double gbPerp = 2.8025 * 94.28;
        assertThat(centreShift).isCloseTo(1.5 * gbPerp * gbPerp / D0, within(0.1 * 1.5 * gbPerp * gbPerp / D0));
    }

    @Test
    void spectrumIsInvariantUnderTheThreeFoldRotationOfThe111Culet() {
        SplittableRandom random = new SplittableRandom(7);
        double c = Math.cos(2 * Math.PI / 3);
        double sn = Math.sin(2 * Math.PI / 3);
        double[][] r = {{c, -sn, 0}, {sn, c, 0}, {0, 0, 1}};
        for (int trial = 0; trial < 20; trial++) {
            double[] b = {random.nextDouble(-50, 50), random.nextDouble(-50, 50), random.nextDouble(20, 150)};
            StressTensor s = randomStress(random);
            assertThat(sortedLines(h111, b, s)).containsExactly(sortedLines(h111, rotate(r, b), rotate(r, s)), within(1e-7));
        }
    }

    @Test
    void spectrumIsInvariantUnderTheFourFoldRotationOfThe100Culet() {
        // A 90-degree rotation about Z maps the (100)-culet NV axes onto +-each other.
        SplittableRandom random = new SplittableRandom(11);
        double[][] r = {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}};
        for (int trial = 0; trial < 20; trial++) {
            double[] b = {random.nextDouble(-50, 50), random.nextDouble(-50, 50), random.nextDouble(20, 150)};
            StressTensor s = randomStress(random);
            assertThat(sortedLines(h100, b, s)).containsExactly(sortedLines(h100, rotate(r, b), rotate(r, s)), within(1e-7));
        }
    }

    @Test
    void closedFormAndEjmlEigenSolversAgree() {
        NvHamiltonian ejml = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111, NvHamiltonian.Solver.EJML);
        SplittableRandom random = new SplittableRandom(3);
        double[] a = new double[8];
        double[] b = new double[8];
        for (int trial = 0; trial < 200; trial++) {
            double[] field = {random.nextDouble(-300, 300), random.nextDouble(-300, 300), random.nextDouble(-300, 300)};
            StressTensor s = randomStress(random);
            h111.transitions(field[0], field[1], field[2], s, D0, a);
            ejml.transitions(field[0], field[1], field[2], s, D0, b);
            assertThat(a).containsExactly(b, within(1e-6));
        }
        // Exactly degenerate case: zero field and zero stress.
        h111.transitions(0, 0, 0, StressTensor.ZERO, D0, a);
        ejml.transitions(0, 0, 0, StressTensor.ZERO, D0, b);
        assertThat(a).containsExactly(b, within(1e-6));
        assertThat(a).containsOnly(D0);
    }

    @Test
    void d0ModelMatchesThePhysicsReferenceFigures() {
        D0Model m = D0Model.DEFAULT;
        assertThat(m.d0Mhz(300)).isCloseTo(2870.0, within(0.05));
        double slope = (m.d0Mhz(301) - m.d0Mhz(299)) / 2;
        assertThat(slope).isCloseTo(-0.070, within(0.003));
        assertThat(m.d0Mhz(0) - m.d0Mhz(120)).isBetween(0.0, 0.25);
    }

    private static StressTensor randomStress(SplittableRandom random) {
        return new StressTensor(random.nextDouble(0, 25), random.nextDouble(0, 25), random.nextDouble(0, 25),
            random.nextDouble(-3, 3), random.nextDouble(-3, 3), random.nextDouble(-3, 3));
    }

    private static double[] sortedLines(NvHamiltonian h, double[] b, StressTensor s) {
        double[] out = new double[8];
        h.transitions(b[0], b[1], b[2], s, D0, out);
        Arrays.sort(out);
        return out;
    }

    private static double[] rotate(double[][] r, double[] v) {
        double[] o = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                o[i] += r[i][k] * v[k];
            }
        }
        return o;
    }

    private static StressTensor rotate(double[][] r, StressTensor s) {
        double[] m = new double[9];
        s.toMatrix(m);
        double[] o = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        v += r[i][k] * m[3 * k + l] * r[j][l];
                    }
                }
                o[3 * i + j] = v;
            }
        }
        return new StressTensor(o[0], o[4], o[8], o[5], o[2], o[1]);
    }
}
