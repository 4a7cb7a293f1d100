package org.culet.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.culet.config.CuletConfig;
import picocli.CommandLine.Option;

/** Options every culet command shares: the configuration file and -D overrides. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
        description = "HOCON file overriding reference.conf (keys as in the README's configuration section).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
        description = "Override one configuration key, e.g. -Dculet.fit.max-iterations=50 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads and logs the effective configuration for {@code command}. */
    public CuletConfig load(String command) {
        CuletConfig config = CuletConfig.load(configFile, overrides);
        config.logAtStart(command);
        return config;
    }
}
