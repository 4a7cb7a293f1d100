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
}
