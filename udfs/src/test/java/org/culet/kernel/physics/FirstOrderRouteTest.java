package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;
import org.junit.jupiter.api.Test;

/** The first-order route against the numbers of physics.md Sections 4 and 5. */
class FirstOrderRouteTest {
    final FirstOrderRoute route = new FirstOrderRoute(NvConstants.DEFAULT, CuletOrientation.C111);

    @Test
    void determinantIsAbout144() {
        assertThat(Math.abs(route.determinant())).isCloseTo(144.0, within(0.5));
    }

    @Test
    void solvesTheTableResponses() {
        // physics.md Section 4 table: on-axis D responds -2.54 (s_ZZ) and 17.12 (s_perp); off-axis 7.33 and 7.25 MHz/GPa.
        double[] out = new double[2];
        route.solveStress(2870 - 2.54 * 10 + 17.12 * 12, 2870 + 7.33 * 10 + 7.25 * 12, 2870, out);
        assertThat(out[0]).isCloseTo(10, within(0.01));
        assertThat(out[1]).isCloseTo(12, within(0.01));
        // Hydrostatic 14.58 MHz/GPa on every group (Doherty 2014).
        route.solveStress(2870 + 14.58 * 8, 2870 + 14.58 * 8, 2870, out);
        assertThat(out[0]).isCloseTo(8, within(0.005));
        assertThat(out[1]).isCloseTo(8, within(0.005));
    }

    @Test
    void onAxisTransverseStressIsTheTableShearResponse() {
        // physics.md Section 4 table: s_XZ or s_YZ gives on-axis |M_perp| = 11.46 MHz/GPa.
        assertThat(route.onAxisMPerpMhz(1, 0, 0, 0)).isCloseTo(11.46, within(0.01));
        assertThat(route.onAxisMPerpMhz(0.6, 0.8, 0, 0)).isCloseTo(11.46, within(0.01));
        assertThat(route.onAxisMPerpMhz(0, 0, 1, 0)).isCloseTo(2 * 1.20, within(0.01));
    }

    @Test
    void bParFromE111() {
        double e = Math.hypot(2.8025 * 100, 20);
        assertThat(route.bParGauss(e, 20)).isCloseTo(100, within(1e-9));
        assertThat(route.bParGauss(10, 20)).isNaN();
    }

    @Test
    void correctedRouteIsExactWithoutShearWhileTheTextbookFormulaCarriesTheFieldShift() {
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111, NvHamiltonian.Solver.EJML);
        double[] f = new double[8];
        h.transitions(0, 0, 100, new StressTensor(12, 12, 15, 0, 0, 0), 2870, f);
        double[] sorted = f.clone();
        java.util.Arrays.sort(sorted);
        FittedLines lines = new FittedLines();
        for (double v : sorted) {
            lines.add(v, 0.1, 10, 0.01);
        }
        FirstOrderEstimate est = new FirstOrderEstimate();
        assertThat(route.estimate(lines, null, 0, 0, 1, 2870, 4, est)).isTrue();
        assertThat(est.e111Mhz).isCloseTo(2.8025 * 100, within(1e-6));
        assertThat(est.bParFirstOrderGauss).isCloseTo(100, within(1e-6));
        assertThat(est.bAlongBiasGauss).isCloseTo(100, within(1e-4));
        assertThat(est.sigmaZzGpa).isCloseTo(15, within(1e-3));
        assertThat(est.sigmaPerpGpa).isCloseTo(12, within(1e-3));
        // The off-axis groups see B_perp = 0.943 B: their D shifts by tens of MHz at 100 G, which the
        // textbook formula reads as several GPa.
        assertThat(Math.abs(est.sigmaZzFirstOrderGpa - 15)).isGreaterThan(1.0);
    }

    @Test
    void referenceD0FromAHydrostaticRegionWithKnownPressure() {
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        double[] f = new double[8];
        double d0 = 2872.4;
        int n = 50;
        double[] d111 = new double[n];
        boolean[] region = new boolean[n];
        java.util.Random rnd = new java.util.Random(8);
        for (int i = 0; i < n; i++) {
            region[i] = i < 30;
            double p = region[i] ? 6.0 : 15.0; // outside the region: other stress, must not count
            h.transitions(0, 0, 70, StressTensor.hydrostatic(p), d0, f);
            d111[i] = 0.5 * (f[0] + f[1]) + 0.05 * rnd.nextGaussian();
        }
        double est = D0Reference.fromRegion(d111, region, n, 6.0, NvConstants.DEFAULT, new double[n]);
        assertThat(est).isCloseTo(d0, within(0.05));
        assertThat(D0Reference.fromRegion(d111, new boolean[n], n, 6.0, NvConstants.DEFAULT, new double[n])).isNaN();
    }
}
