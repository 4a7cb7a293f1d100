package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.GroundTruth;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.culet.kernel.phase.PhaseDiagram;
import org.culet.kernel.phase.PhaseDiagramBinner;
import org.culet.kernel.phase.PhaseSettings;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * Issue 4/5 truth recovery through the published tables: the demo preset (64 x 64 px, 63 sweeps, 300 points,
 * fixed seed) simulated, run through the whole pipeline on the shared local Spark session, and compared with its
 * ground truth. About 2 minutes on 2 cores (258,048 fits). The issue-4 targets the pipeline meets are asserted at
 * their targets; the uncertainty calibration (not met for sigma_ZZ, README "Accuracy on the demo") is printed only.
 */
class DemoTruthRecoveryTest {
    @Test
    void demoTablesRecoverStressShearCompositionRegistrationAndTheCriticalShear() throws Exception {
        SparkSession spark = SharedSpark.session();
        Path acquisition = Files.createTempDirectory("culet-demo-truth").resolve("acquisition");
        assertThat(Culet.execute("simulate", "--preset", "demo", "--seed", "1", "--out", acquisition.toString())).isZero();
        String warehouse = acquisition.getParent().resolve("warehouse").toUri().toString();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.progress-interval-s", "0");
        CuletConfig config = CuletConfig.load(null, o);
        CuletJob.run(spark, config, acquisition, warehouse, false, "RUN");

        TruthReport r = TruthReport.compute(spark, acquisition, warehouse);
        System.out.println("demo truth recovery:\n" + r);
        // Targets of issue 4 (demo preset, after fitting with the issue-3 kernel), through the tables.
        assertThat(r.stressCompared).isEqualTo(64 * 64);
        assertThat(r.sigmaZzRmsGpa).isLessThanOrEqualTo(0.1);
        assertThat(r.tauMaxRmsGpa).isLessThanOrEqualTo(0.2);
        // Reported uncertainties consistent with the observed errors within 30 % (RMS of error / reported 1-sigma over
        // every pixel; measured 0.97 for sigma_ZZ and 0.94 for tau_max with the whole-spectrum refinement of the
        // reference sweeps, 1.72 for sigma_ZZ before it, when merged-line blending biased every sweep of a pixel alike).
        assertThat(r.sigmaZzPullRms).isBetween(0.7, 1.3);
        assertThat(r.tauMaxPullRms).isBetween(0.7, 1.3);
        assertThat(r.registrationRmsPx).isLessThanOrEqualTo(0.3);
        assertThat(r.laNiCompared).isGreaterThan(1000);
        assertThat(r.laNiRmsOnSample).isLessThanOrEqualTo(0.03);
        // Issue 4 targets met through the tables: B_par RMS <= 0.5 G (measured 0.386 G), Tc RMS <= 2 K (1.28 K), B_par on at
        // least 85 % of the sweep-pixels (the rest carry a status and no field: failed spectral fits, lines that
        // contradict the pixel's stress), so the RMS cannot be bought by dropping rows.
        assertThat(r.bParRmsGauss).isLessThanOrEqualTo(0.5);
        // B_par uncertainties within 30 % (RMS pull over every sweep-pixel with a field; measured 1.22, 1.45 before on-axis
        // lines that may cover other transitions carried their blend uncertainty, OnAxisBlend).
        assertThat(r.bParPullRms).isBetween(0.7, 1.3);
        assertThat(r.bParMedianAbsGauss).isLessThanOrEqualTo(0.25);
        assertThat((double) r.bParCompared).isGreaterThanOrEqualTo(0.85 * r.physicsRows);
        assertThat(r.tcRmsK).isLessThanOrEqualTo(2.0);
        assertThat(r.tcCompared).isGreaterThan(300);
        // >= 95 % of on-sample pixels classified right (measured 96.7 %; unclassified pixels count as wrong).
        assertThat(r.scClassifiedFraction).isGreaterThanOrEqualTo(0.95);

        // The critical shear of the simulator's rule, recovered from the binned pixel table.
        GroundTruth truth = GroundTruth.load(acquisition);
        double tauCritical = truth.info().getDouble("tc-rule.critical-shear-gpa");
        PhaseSettings settings = PhaseSettings.fromConfig(config.root());
        PhaseDiagramBinner binner = new PhaseDiagramBinner(settings);
        PhaseDiagram d = binner.bin(CuletJob.phasePixels(Warehouse.open(spark, warehouse).read(spark, Tables.PIXEL_TABLE)));
        double found = binner.criticalShear(d).tauCriticalGpa();
        System.out.printf("critical shear: %.2f GPa (rule: %.2f GPa)%n", found, tauCritical);
        assertThat(Math.abs(found - tauCritical)).isLessThanOrEqualTo(0.3);

        // Below the critical shear the superconducting fraction rises with sigma_ZZ: low vs high half of the pixels.
        long lowN = 0;
        long lowSc = 0;
        long highN = 0;
        long highSc = 0;
        for (int i = 0; i < d.nZz; i++) {
            for (int j = 0; j < d.nTau; j++) {
                if (d.tauEdgesGpa[j + 1] > tauCritical) {
                    continue;
                }
                int k = d.index(i, j);
                if (d.sigmaZzEdgesGpa[i + 1] <= 15) {
                    lowN += d.count[k];
                    lowSc += d.superconductingCount[k];
                } else if (d.sigmaZzEdgesGpa[i] >= 17.5) {
                    highN += d.count[k];
                    highSc += d.superconductingCount[k];
                }
            }
        }
        assertThat(lowN).isPositive();
        assertThat(highN).isPositive();
        assertThat((double) highSc / highN).isGreaterThan((double) lowSc / lowN + 0.3);
    }
}
