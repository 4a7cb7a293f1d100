package org.culet.warehouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.culet.config.CuletConfig;

/**
 * What the job tells {@link RunWriter#commit} beyond the tables themselves: the effective configuration, the
 * checksums of its inputs, the time per stage, and free-form properties. Row and quarantine counts, run id,
 * versions and times are filled in by the writer. Mutable builder, single-threaded.
 */
public final class CommitInfo {
    String configOrigin = "";
    String effectiveConfig = "";
    CuletConfig config;
    final SortedMap<String, String> inputChecksums = new TreeMap<>();
    final Map<String, Double> stageTimesS = new LinkedHashMap<>();
    final Map<String, String> properties = new LinkedHashMap<>();

    public static CommitInfo create() {
        return new CommitInfo();
    }

    /** The effective configuration (stored in the manifest and as effective-config.conf). */
    public CommitInfo config(CuletConfig culetConfig) {
        this.config = culetConfig;
        this.configOrigin = culetConfig.origin();
        this.effectiveConfig = culetConfig.render();
        return this;
    }

    /** Input file -> hex SHA-256 (see {@link Checksums#sha256All}). */
    public CommitInfo inputChecksums(Map<String, String> checksums) {
        inputChecksums.putAll(checksums);
        return this;
    }

    /** Stage -> seconds, in stage order (see {@code org.culet.spark.StageTimer#timesS}). */
    public CommitInfo stageTimes(Map<String, Double> timesS) {
        stageTimesS.putAll(timesS);
        return this;
    }

    public CommitInfo property(String key, String value) {
        properties.put(key, value);
        return this;
    }
}
