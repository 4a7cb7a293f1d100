package org.culet.spark;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The end-of-run summary printed on the console: pixels and fits, status counts per table, quarantine counts,
 * time per stage, where the output went. Fill it during the run, print it at the end. Driver side, mutable.
 */
public final class RunSummary {
    private final String title;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
    private final Map<String, Long> quarantine = new TreeMap<>();
    private final Map<String, Double> stageTimesS = new LinkedHashMap<>();

    public RunSummary(String title) {
        this.title = title;
    }

    /** A labelled fact, e.g. fact("pixels", "4096"), fact("output", uri). Later values replace earlier ones. */
    public RunSummary fact(String label, Object value) {
        facts.put(label, String.valueOf(value));
        return this;
    }

    /** Status -> count for one table (e.g. "pixel_fits" -> {OK: 4000, NOT_CONVERGED: 12}). */
    public RunSummary statuses(String table, Map<String, Long> counts) {
        statuses.put(table, new TreeMap<>(counts));
        return this;
    }

    /** Counts of {@code df} grouped by {@code statusColumn} (a small aggregate collected to the driver). */
    public static Map<String, Long> countBy(Dataset<Row> df, String statusColumn) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : df.groupBy(statusColumn).count().collectAsList()) {
            out.put(r.isNullAt(0) ? "null" : String.valueOf(r.get(0)), r.getLong(1));
        }
        return out;
    }

    /** "STAGE/REASON" -> rows (as in the manifest). */
    public RunSummary quarantine(Map<String, Long> counts) {
        quarantine.clear();
        quarantine.putAll(counts);
        return this;
    }

    public RunSummary stageTimes(Map<String, Double> timesS) {
        stageTimesS.clear();
        stageTimesS.putAll(timesS);
        return this;
    }

    /** Writes the summary. */
    public void print(PrintWriter out) {
        out.println("== " + title + " ==");
        int width = 12;
        for (String k : facts.keySet()) {
            width = Math.max(width, k.length());
        }
        String fmt = "  %-" + width + "s  %s%n";
        for (Map.Entry<String, String> e : facts.entrySet()) {
            out.printf(Locale.ROOT, fmt, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Map<String, Long>> e : statuses.entrySet()) {
            long total = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(s.getKey()).append(' ').append(s.getValue());
                if (total > 0) {
                    sb.append(String.format(Locale.ROOT, " (%.1f %%)", 100.0 * s.getValue() / total));
                }
            }
            out.printf(Locale.ROOT, fmt, e.getKey(), total + " rows: " + sb);
        }
        long quarantined = quarantine.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, fmt, "quarantined", quarantined == 0 ? "0" : quarantined + " " + quarantine);
        if (!stageTimesS.isEmpty()) {
            double total = stageTimesS.values().stream().mapToDouble(Double::doubleValue).sum();
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Double> s : stageTimesS.entrySet()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(String.format(Locale.ROOT, "%s %.1f s", s.getKey(), s.getValue()));
            }
            out.printf(Locale.ROOT, fmt, "time", String.format(Locale.ROOT, "%.1f s (%s)", total, sb));
        }
        out.flush();
    }
}
