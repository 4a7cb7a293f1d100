package org.culet.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifest of one published run of one acquisition ({@code manifest.json} beside its partitions): what
 * was written (row counts per table, quarantine counts), from what (SHA-256 of every input file), by what
 * (code version, schema version, the effective configuration) and how long each stage took. Immutable.
 *
 * @param schemaVersion    {@link org.culet.tables.Tables#SCHEMA_VERSION} of the written tables
 * @param codeVersion      culet version that wrote them
 * @param runId            unique run id
 * @param sampleId         sample of the acquisition
 * @param pressureGpa      pressure of the acquisition, GPa
 * @param mode             RUN, OVERWRITE or NIGHTLY
 * @param startedUtc       run start
 * @param committedUtc     commit (publish decision) time
 * @param configOrigin     where the configuration came from
 * @param effectiveConfig  the effective configuration (HOCON text)
 * @param inputChecksums   input file -> hex SHA-256, sorted by file
 * @param inputsSha256     {@link Checksums#combined} of inputChecksums
 * @param rowCounts        table -> rows written for this acquisition
 * @param quarantineCounts "STAGE/REASON" -> quarantined rows, sorted
 * @param stageTimesS      stage -> wall time in seconds, in stage order
 * @param properties       anything else worth keeping (Spark master, application id, ...)
 */
public record Manifest(int schemaVersion, String codeVersion, String runId, String sampleId, double pressureGpa,
                       String mode, Instant startedUtc, Instant committedUtc, String configOrigin,
                       String effectiveConfig, SortedMap<String, String> inputChecksums, String inputsSha256,
                       Map<String, Long> rowCounts, SortedMap<String, Long> quarantineCounts,
                       Map<String, Double> stageTimesS, Map<String, String> properties) {

    /** File name of the manifest. */
    public static final String FILE = "manifest.json";
    /** Value of the "format" field, so a stray JSON file is not mistaken for a manifest. */
    public static final String FORMAT = "culet-run-manifest";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Total quarantined rows. */
    public long quarantinedTotal() {
        return quarantineCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("schema_version", schemaVersion);
        root.put("code_version", codeVersion);
        root.put("run_id", runId);
        root.put("sample_id", sampleId);
        root.put("pressure_gpa", pressureGpa);
        root.put("mode", mode);
        root.put("started_utc", startedUtc.toString());
        root.put("committed_utc", committedUtc.toString());
        root.put("config_origin", configOrigin);
        root.put("effective_config", effectiveConfig);
        ObjectNode inputs = root.putObject("input_checksums");
        inputChecksums.forEach(inputs::put);
        root.put("inputs_sha256", inputsSha256);
        ObjectNode rows = root.putObject("row_counts");
        rowCounts.forEach(rows::put);
        ObjectNode quarantine = root.putObject("quarantine_counts");
        quarantineCounts.forEach(quarantine::put);
        root.put("quarantined_total", quarantinedTotal());
        ObjectNode stages = root.putObject("stage_times_s");
        stageTimesS.forEach(stages::put);
        ObjectNode props = root.putObject("properties");
        properties.forEach(props::put);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a manifest", e);
        }
    }

    /**
     * Parses a manifest.
     *
     * @throws IOException when the text is not a culet manifest
     */
    public static Manifest fromJson(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a culet run manifest (format field is not " + FORMAT + ")");
        }
        return new Manifest(
            root.path("schema_version").asInt(),
            root.path("code_version").asText(),
            root.path("run_id").asText(),
            root.path("sample_id").asText(),
            root.path("pressure_gpa").asDouble(),
            root.path("mode").asText(),
            Instant.parse(root.path("started_utc").asText()),
            Instant.parse(root.path("committed_utc").asText()),
            root.path("config_origin").asText(),
            root.path("effective_config").asText(),
            new TreeMap<>(strings(root.path("input_checksums"))),
            root.path("inputs_sha256").asText(),
            longs(root.path("row_counts")),
            new TreeMap<>(longs(root.path("quarantine_counts"))),
            doubles(root.path("stage_times_s")),
            strings(root.path("properties")));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Map<String, Long> longs(JsonNode node) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }

    private static Map<String, Double> doubles(JsonNode node) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().asDouble());
        }
        return out;
    }
}
