package org.culet.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.sim.SampleMaps;
import org.culet.kernel.sim.SimulationSpec;
import org.culet.kernel.sim.SweepDefinition;
import org.culet.kernel.sim.SyntheticAcquisition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acquisition.conf, sweeps.csv, EDX maps and the ground truth read back what was written. */
class AcquisitionRoundTripTest {
    @TempDir
    static Path tmp;
    static Path acq;
    static SyntheticAcquisitionWriter.Summary summary;

    @BeforeAll
    static void writeTiny() throws Exception {
        acq = tmp.resolve("tiny");
        summary = TinyAcquisition.write(acq, 21);
    }

    @Test
    void acquisitionConfRoundTrips() throws Exception {
        AcquisitionSpec spec = new AcquisitionSpec(1, "DAC-7 \"run 2\"", "La3Ni2O7", 18.5, CuletOrientation.C100, 0.31,
            24.11, new double[] {0, 0.6, 0.8}, "sweeps.csv", "edx/maps.h5", 0.42, "ref/pl.h5",
            ConfigFactory.parseString("operator = \"A. B.\", objective-na = 0.7"));
        Path dir = tmp.resolve("conf");
        spec.save(dir);
        AcquisitionSpec back = AcquisitionSpec.load(dir);
        assertThat(back).isEqualTo(spec);
        assertThat(back.extra().getDouble("objective-na")).isEqualTo(0.7);
        assertThat(AcquisitionSpec.load(acq)).isEqualTo(SyntheticAcquisitionWriter.acquisitionSpec(TinyAcquisition.model(21).spec()));
    }

    @Test
    void sweepsCsvRoundTrips() throws Exception {
        List<SweepEntry> rows = List.of(
            new SweepEntry("a", "sweeps/a.h5", 20.5, 2.75, Double.NaN, 0.0, Protocol.ZFC, Double.NaN, FrequencyAxis.IN_FILE, 2),
            new SweepEntry("b", "b.h5", 90, Double.NaN, 66.3, 66.3, Protocol.FC, 14.2,
                FrequencyAxis.parseOrNull("2.6e9:3.5e9:250"), 3),
            new SweepEntry("c", "c.h5", 10, 0, 0, Double.NaN, Protocol.REMANENT, Double.NaN, FrequencyAxis.IN_FILE, 4));
        Path dir = tmp.resolve("csv");
        SweepCatalog.write(dir, rows);
        SweepCatalog back = SweepCatalog.load(dir);
        assertThat(back.entries()).isEqualTo(rows);
        assertThat(back.entry("b").frequencyAxis().valuesHz()[249]).isEqualTo(3.5e9);
        AcquisitionSpec spec = AcquisitionSpec.load(acq);
        assertThat(back.entry("a").appliedFieldGauss(spec)).isCloseTo(2.75 * 24.11, within(1e-12));
        assertThat(back.entry("a").pressureGpa(spec)).isEqualTo(spec.pressureGpa());
        assertThat(SweepCatalog.load(acq).entries()).isEqualTo(SyntheticAcquisitionWriter.entries(TinyAcquisition.model(21).spec()));
    }

    @Test
    void validatorAcceptsTheSyntheticAcquisition() {
        AcquisitionValidator.ValidatedAcquisition v = AcquisitionValidator.validate(acq);
        assertThat(v.height()).isEqualTo(16);
        assertThat(v.width()).isEqualTo(16);
        assertThat(v.catalog().entries()).hasSize(summary.sweeps());
        assertThat(v.catalog().entries().stream().map(SweepEntry::protocol))
            .contains(Protocol.ZFC, Protocol.FC, Protocol.REMANENT, Protocol.STRESS_REFERENCE);
    }

    @Test
    void groundTruthRoundTripsAndMatchesTheSweepFiles() throws Exception {
        SyntheticAcquisition model = TinyAcquisition.model(21);
        SampleMaps m = model.maps();
        GroundTruth t = GroundTruth.load(acq);
        assertThat(t.height()).isEqualTo(16);
        assertThat(t.width()).isEqualTo(16);
        assertThat(t.pixelSizeUm()).isEqualTo(2.0);
        assertThat(t.onSample()).containsExactly(m.onSample());
        for (int c = 0; c < 6; c++) {
            assertThat(t.stressVoigtGpa()[c]).containsExactly(m.stressVoigtGpa()[c]);
        }
        assertThat(t.tcK()).containsExactly(m.tcK());
        assertThat(t.tauMaxGpa()).containsExactly(m.tauMaxGpa());
        assertThat(t.tauInterfaceGpa()).containsExactly(m.tauInterfaceGpa());
        assertThat(t.laNiRatio()).containsExactly(m.laNiRatio());
        assertThat(t.laAtPct()).containsExactly(m.laAtPct());
        assertThat(t.niAtPct()).containsExactly(m.niAtPct());
        assertThat(t.edxToOdmrAffine()).containsExactly(model.edxToOdmrAffine());
        assertThat(t.info().getString("tc-rule.shear-measure")).isEqualTo("tau_max");
        assertThat(t.info().getDouble("tc-rule.critical-shear-gpa")).isEqualTo(2.0);
        SimulationSpec spec = model.spec();
        assertThat(t.sweepIds()).hasSize(spec.sweeps().size());
        SweepDefinition zfc = spec.sweeps().get(0);
        double[][] b = t.bGauss(zfc.id());
        double[][] lines = t.linesMhz(zfc.id());
        assertThat(b).hasNumberOfRows(3);
        assertThat(lines).hasNumberOfRows(8);
        assertThat(t.d0Mhz(zfc.id())).isEqualTo(model.d0Model().d0Mhz(zfc.temperatureK()));
        // The sweep file on disk is the synthesizer's output for that sweep (frames regenerated independently).
        int nf = spec.frequencyPoints();
        int[][][] frames = new int[nf][16][16];
        float[][][] bAgain = new float[3][16][16];
        model.newSynthesizer().synthesize(zfc, frames, bAgain, null);
        try (SweepReader r = SweepReaders.open(acq.resolve("sweeps").resolve(zfc.id() + ".h5"))) {
            double[] all = new double[16 * 16 * nf];
            r.readWindow(0, 0, 16, 16, all);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(b[2][y * 16 + x]).isEqualTo(bAgain[2][y][x]);
                    for (int f = 0; f < nf; f += 7) {
                        assertThat(all[(y * 16 + x) * nf + f]).isEqualTo(frames[f][y][x]);
                    }
                }
            }
            assertThat(r.frequenciesHz()[0]).isEqualTo(spec.frequencyStartMhz() * 1e6);
        }
    }

    @Test
    void edxAndReferenceImagesLoad() {
        AcquisitionSpec spec = AcquisitionSpec.load(acq);
        EdxMaps edx = EdxMaps.load(acq, spec);
        assertThat(edx.pixelSizeUm()).isEqualTo(2.5);
        assertThat(edx.height()).isEqualTo(16);
        double[][][] expected = TinyAcquisition.model(21).edxMaps();
        assertThat(edx.laAtPct()).isDeepEqualTo(expected[0]);
        assertThat(edx.niAtPct()).isDeepEqualTo(expected[1]);
        assertThat(edx.referenceImage()).isDeepEqualTo(expected[2]);
        ReferenceImage ref = ReferenceImage.load(acq.resolve(spec.referenceImageFile()));
        assertThat(ref.image()).hasNumberOfRows(16);
        assertThat(ref.pixelSizeUm()).isEqualTo(2.0);
    }
}
