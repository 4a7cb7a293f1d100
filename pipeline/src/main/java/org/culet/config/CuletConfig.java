package org.culet.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one configuration of a culet command: reference.conf (every default), then an optional
 * {@code --config FILE}, then {@code -Dkey=value} overrides (highest priority), resolved once.
 * Immutable.
 */
public final class CuletConfig {
    /** File name of the effective configuration saved next to every output. */
    public static final String EFFECTIVE_CONFIG_FILE = "effective-config.conf";

    private static final Logger LOG = LoggerFactory.getLogger(CuletConfig.class);
    /** Full effective configuration goes to this logger, which log4j2.xml sends to the log file only. */
    private static final Logger CONFIG_LOG = LoggerFactory.getLogger("org.culet.config.effective");

    private final Config root;
    private final String origin;

    private CuletConfig(Config root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** Defaults only (reference.conf). */
    public static CuletConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * Loads reference.conf, then {@code file} (may be null), then {@code overrides} (dotted keys, string
     * values parsed as HOCON values).
     *
     * @throws UserException when the file is missing or malformed, or an override does not parse
     */
    public static CuletConfig load(Path file, Map<String, String> overrides) {
        List<String> sources = new ArrayList<>();
        sources.add("reference.conf");
        try {
            Config config = ConfigFactory.defaultReference();
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new UserException("configuration file not found: " + file, "--config " + file,
                        "give the path of an existing HOCON file, or leave --config out to use the defaults");
                }
                config = ConfigFactory.parseFile(file.toFile()).withFallback(config);
                sources.add(file.toString());
            }
            if (!overrides.isEmpty()) {
                StringBuilder hocon = new StringBuilder();
                for (Map.Entry<String, String> e : overrides.entrySet()) {
                    hocon.append(e.getKey()).append(" = ").append(quoteIfNeeded(e.getValue())).append('\n');
                }
                config = ConfigFactory.parseString(hocon.toString()).withFallback(config);
                sources.add(overrides.size() + " -D override(s) " + overrides.keySet());
            }
            return new CuletConfig(config.resolve(), String.join(" + ", sources));
        } catch (ConfigException e) {
            throw new UserException("configuration is malformed: " + e.getMessage(),
                file != null ? file.toString() : "-D overrides",
                "fix the HOCON syntax; every key and its default is listed in reference.conf (see README)", e);
        }
    }

    private static String quoteIfNeeded(String value) {
        try {
            ConfigFactory.parseString("k = " + value);
            return value;
        } catch (ConfigException e) {
            return ConfigFactory.empty().withValue("k",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(value)).root().get("k")
                .render(ConfigRenderOptions.concise());
        }
    }

    /** The whole resolved configuration. */
    public Config root() {
        return root;
    }

    /** The {@code culet} subtree, where every culet key lives. */
    public Config culet() {
        return root.getConfig("culet");
    }

    /** Where the values came from, e.g. "reference.conf + site.conf + 1 -D override(s) [culet.x]". */
    public String origin() {
        return origin;
    }

    /** The {@code culet} subtree as HOCON with comments saying where each value came from. */
    public String render() {
        return root.getConfig("culet").atKey("culet").root().render(
            ConfigRenderOptions.defaults().setOriginComments(false).setComments(true).setJson(false));
    }

    /** Logs the origin on the console and the full effective configuration to the log file. */
    public void logAtStart(String command) {
        LOG.info("{}: configuration from {}", command, origin);
        CONFIG_LOG.info("effective configuration for '{}' ({}):\n{}", command, origin, render());
    }

    /** Writes {@link #render()} to {@code dir}/effective-config.conf and returns that path. */
    public Path saveNextTo(Path dir) {
        Path target = dir.resolve(EFFECTIVE_CONFIG_FILE);
        try {
            Files.createDirectories(dir);
            Files.writeString(target, "# effective culet configuration (" + origin + ")\n" + render() + "\n",
                StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UserException("cannot write the effective configuration: " + e.getMessage(), target.toString(),
                "check that the output folder is writable", e);
        }
    }
}
