package org.culet.kernel.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class FitSettingsTest {
    @Test
    void referenceConfMatchesTheDefaultsInCode() {
        FitSettings fromConf = FitSettings.fromConfig(ConfigFactory.defaultReference().getConfig("culet.fit"));
        assertThat(fromConf).isEqualTo(FitSettings.DEFAULT);
    }

    @Test
    void overridesAreRead() {
        FitSettings s = FitSettings.fromConfig(ConfigFactory.parseString(
                "max-iterations = 7\nestimator = poisson\nseed.min-dip-snr = 5")
            .withFallback(ConfigFactory.defaultReference().getConfig("culet.fit")));
        assertThat(s.maxIterations()).isEqualTo(7);
        assertThat(s.poisson()).isTrue();
        assertThat(s.seedMinDipSnr()).isEqualTo(5.0);
    }

    @Test
    void settingsAndModelSurviveJavaSerialization() throws Exception {
        // Spark ships them from the driver to the executors inside closures
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        SpectrumModel model = SpectrumModel.nvPairs(2, LineShape.GAUSSIAN, Baseline.LINEAR, true, false);
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(FitSettings.DEFAULT.withPoisson(true));
            out.writeObject(model);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
            new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(FitSettings.DEFAULT.withPoisson(true));
            assertThat(in.readObject()).isEqualTo(model);
        }
    }
}
