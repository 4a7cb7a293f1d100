package org.culet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuletConfigTest {
    @TempDir
    Path dir;

    @Test
    void fileOverridesReferenceAndDashDOverridesFile() throws Exception {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "culet.instrument.coil-gauss-per-amp = 20.0\nculet.instrument.pixel-size-um = 0.3\n");
        CuletConfig c = CuletConfig.load(file, Map.of("culet.instrument.pixel-size-um", "0.25"));
        assertThat(c.culet().getDouble("instrument.coil-gauss-per-amp")).isEqualTo(20.0);
        assertThat(c.culet().getDouble("instrument.pixel-size-um")).isEqualTo(0.25);
        assertThat(c.culet().getDouble("physics.nv.gamma-mhz-per-gauss")).isEqualTo(2.8025);
        assertThat(c.origin()).contains("site.conf").contains("-D override");
    }

    @Test
    void savedEffectiveConfigurationParsesBackToTheSameValues() throws Exception {
        CuletConfig c = CuletConfig.load(null, Map.of("culet.physics.d0.model", "constant"));
        Path saved = c.saveNextTo(dir.resolve("out"));
        CuletConfig back = CuletConfig.load(saved, Map.of());
        assertThat(back.culet().getString("physics.d0.model")).isEqualTo("constant");
        assertThat(back.culet().root().render(com.typesafe.config.ConfigRenderOptions.concise()))
            .isEqualTo(c.culet().root().render(com.typesafe.config.ConfigRenderOptions.concise()));
    }

    @Test
    void missingFileAndBadSyntaxAreUserErrors() throws Exception {
        assertThatThrownBy(() -> CuletConfig.load(dir.resolve("nope.conf"), Map.of()))
            .isInstanceOf(UserException.class).hasMessageContaining("nope.conf").hasMessageContaining("fix:");
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "culet { instrument { = }\n");
        assertThatThrownBy(() -> CuletConfig.load(bad, Map.of()))
            .isInstanceOf(UserException.class).hasMessageContaining("bad.conf");
    }
}
