package org.culet.kernel.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhaseDiagramBinnerTest {
    static final PhaseSettings SETTINGS = PhaseSettings.fromConfig(ConfigFactory.defaultReference());

    @Test
    void wilsonIntervalMatchesHandComputedValues() {
        double z = BinomialInterval.z(0.95);
        assertThat(z).isCloseTo(1.959964, within(1e-6));
        // 8 of 10: (0.4902, 0.9433); 0 of 10: (0, 0.2775) (Wilson 1927 formula by hand).
        assertThat(BinomialInterval.lower(8, 10, z)).isCloseTo(0.4902, within(1e-4));
        assertThat(BinomialInterval.upper(8, 10, z)).isCloseTo(0.9433, within(1e-4));
        assertThat(BinomialInterval.lower(0, 10, z)).isCloseTo(0.0, within(1e-12));
        assertThat(BinomialInterval.upper(0, 10, z)).isCloseTo(0.2775, within(1e-4));
        assertThat(BinomialInterval.lower(0, 0, z)).isNaN();
    }

    @Test
    void binEdges() {
        double[] e = {0, 1, 2, 4};
        assertThat(PhaseSettings.bin(e, 0)).isEqualTo(0);
        assertThat(PhaseSettings.bin(e, 1.999)).isEqualTo(1);
        assertThat(PhaseSettings.bin(e, 4)).isEqualTo(2);
        assertThat(PhaseSettings.bin(e, 4.01)).isEqualTo(-1);
        assertThat(PhaseSettings.bin(e, Double.NaN)).isEqualTo(-1);
    }

    static final double TAU_C = 1.85;

    /** The paper's rule (physics.md Section 5) with measurement noise and 3 % misclassification. */
    static PhasePixels synthetic(int n, long seed) {
        Random rnd = new Random(seed);
        double[] szz = new double[n];
        double[] tmax = new double[n];
        double[] tint = new double[n];
        double[] laNi = new double[n];
        boolean[] sc = new boolean[n];
        double[] tc = new double[n];
        boolean[] usable = new boolean[n];
        for (int p = 0; p < n; p++) {
            double zz = 5 + 20 * rnd.nextDouble();
            double tau = 4 * rnd.nextDouble();
            double ratio = rnd.nextDouble() < 0.15 ? 1.75 + 0.05 * rnd.nextGaussian() : 1.5 + 0.03 * rnd.nextGaussian();
            double pSc = 1 / (1 + Math.exp(-(zz - 12) / 2));
            boolean truth = tau < TAU_C && Math.abs(ratio - 1.5) < 0.08 && rnd.nextDouble() < pSc;
            boolean measured = rnd.nextDouble() < 0.03 ? !truth : truth;
            szz[p] = zz + 0.05 * rnd.nextGaussian();
            tmax[p] = tau + 0.1 * rnd.nextGaussian();
            tint[p] = Double.NaN;
            laNi[p] = ratio + 0.01 * rnd.nextGaussian();
            sc[p] = measured;
            tc[p] = measured ? 60 + 1.5 * (zz - 10) + 2 * rnd.nextGaussian() : Double.NaN;
            usable[p] = rnd.nextDouble() > 0.05;
        }
        return new PhasePixels(szz, tmax, tint, laNi, sc, tc, usable, null, null);
    }

    @Test
    void recoversCriticalShearAndTheRiseWithNormalStress() {
        PhasePixels px = synthetic(20000, 99);
        PhaseDiagramBinner binner = new PhaseDiagramBinner(SETTINGS);
        PhaseDiagram d = binner.bin(px);
        int stoich = 0;
        int flags = 0;
        for (int p = 0; p < px.size(); p++) {
            if (!px.usable()[p]) {
                flags++;
            } else if (!binner.stoichiometric(px.laNiRatio()[p])) {
                stoich++;
            }
        }
        assertThat(d.excludedByFlags).isEqualTo(flags);
        assertThat(d.excludedByStoichiometry).isEqualTo(stoich);
        assertThat(d.binned + d.excludedByFlags + d.excludedByStoichiometry + d.outsideEdges).isEqualTo(px.size());
        PhaseDiagramBinner.CriticalShear cs = binner.criticalShear(d);
        System.out.printf("critical shear %.3f GPa (truth %.2f), plateau %.3f, by tau %s%n", cs.tauCriticalGpa(),
            TAU_C, cs.plateauFraction(), java.util.Arrays.toString(cs.fractionByTau()));
        assertThat(cs.tauCriticalGpa()).isCloseTo(TAU_C, within(0.3));
        // Below tau_c the fraction rises with sigma_ZZ (first tau bin): lowest vs highest sigma_ZZ bins, intervals apart.
        int lo = d.index(0, 0);
        int hi = d.index(d.nZz - 1, 0);
        assertThat(d.fractionUpper[lo]).isLessThan(d.fractionLower[hi]);
        for (int i = 1; i < d.nZz; i++) {
            assertThat(d.fraction[d.index(i, 0)]).isGreaterThanOrEqualTo(d.fractionLower[d.index(i - 1, 0)]);
        }
        // Median Tc rises with sigma_ZZ: rule 60 + 1.5 (sZZ - 10).
        int b = d.index(4, 1); // sigma_ZZ 15-17.5
        assertThat(d.medianTcK[b]).isCloseTo(60 + 1.5 * (16.25 - 10), within(1.0));
        assertThat(d.tcIqrK[b]).isBetween(2.0, 6.0);
        // (T, sigma_ZZ, tau): nobody screens at 100-120 K; at 0-20 K the 2-D fraction is reproduced.
        int t0 = d.index(0, 6, 0);
        assertThat(d.fractionT[t0]).isCloseTo(d.fraction[d.index(6, 0)], within(1e-12));
        assertThat(d.fractionT[d.index(5, 6, 0)]).isEqualTo(0.0);
    }

    @Test
    void interfaceMeasureAndGivenTemperatureSeries() {
        PhaseSettings s = new PhaseSettings(new double[] {0, 10, 20}, new double[] {0, 1, 2}, new double[] {0, 50, 100},
            PhaseSettings.TauMeasure.INTERFACE, 1.5, 0.1, 0.95, 1, 0.5, 0);
        PhasePixels px = new PhasePixels(new double[] {5, 15, 15}, new double[] {9, 9, 9}, new double[] {0.5, 0.5, 1.5},
            new double[] {1.5, 1.5, 1.5}, new boolean[] {true, true, false}, new double[] {70, 80, Double.NaN},
            null, new double[] {30, 60, 90}, new boolean[][] {{true, true, false}, {true, true, false}, {false, false, false}});
        PhaseDiagram d = new PhaseDiagramBinner(s).bin(px);
        assertThat(d.count).containsExactly(1, 0, 1, 1);
        assertThat(d.superconductingCount).containsExactly(1, 0, 1, 0);
        assertThat(d.medianTcK[d.index(1, 0)]).isEqualTo(80.0);
        assertThat(d.countT[d.index(0, 1, 0)]).isEqualTo(1);
        assertThat(d.superconductingCountT[d.index(1, 1, 0)]).isEqualTo(1); // 60 K point screens
        assertThat(d.countT[d.index(1, 1, 0)]).isEqualTo(2); // 60 K and 90 K
    }
}
