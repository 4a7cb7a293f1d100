package org.culet.export.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.culet.config.UserException;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.Extract;
import org.culet.export.model.SweepInfo;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.culet.warehouse.Manifest;
import org.culet.warehouse.Warehouse;

/**
 * Reads one acquisition of a warehouse through Spark SQL (every table a view by its name, as in {@code culet sql})
 * and collects the small per-acquisition extracts the figures, notebook and report are made from: one row per
 * pixel at most (64 x 64 or 256 x 256 pixels), never the per-sweep tables as a whole.
 */
public final class AcquisitionLoader {
    private AcquisitionLoader() {
    }

    /** Sample and pressure of one acquisition. */
    public record Key(String sampleId, double pressureGpa) {
        public String label() {
            return sampleId + " @ " + AcquisitionData.formatNumber(pressureGpa) + " GPa";
        }
    }

    /**
     * The acquisition to export: {@code sampleId} (null: the warehouse's only sample) at {@code pressureGpa}
     * (null: the sample's only pressure).
     *
     * @throws UserException when it is not there or the choice is ambiguous, listing what the warehouse holds
     */
    public static Key choose(Warehouse warehouse, String sampleId, Double pressureGpa) {
        warehouse.requireReadable();
        List<Manifest> all = new ArrayList<>(warehouse.manifests().values());
        TreeSet<String> held = new TreeSet<>();
        for (Manifest m : all) {
            held.add(m.sampleId() + " @ " + AcquisitionData.formatNumber(m.pressureGpa()) + " GPa");
        }
        if (all.isEmpty()) {
            throw new UserException("the warehouse holds no published acquisition", warehouse.toString(),
                "run 'culet run ACQUISITION --out " + warehouse + "' first");
        }
        List<Manifest> matches = new ArrayList<>();
        for (Manifest m : all) {
            if ((sampleId == null || m.sampleId().equals(sampleId))
                && (pressureGpa == null || Math.abs(m.pressureGpa() - pressureGpa) < 1e-9)) {
                matches.add(m);
            }
        }
        if (matches.isEmpty()) {
            String what = sampleId == null ? "no acquisition at " + pressureGpa + " GPa"
                : "sample " + sampleId + (pressureGpa == null ? "" : " at " + pressureGpa + " GPa") + " is not in the warehouse";
            throw new UserException(what, warehouse.toString(), "choose one it holds with --sample ID [--pressure P]: "
                + String.join(", ", held));
        }
        if (matches.size() > 1) {
            List<String> options = new ArrayList<>();
            for (Manifest m : matches) {
                options.add("--sample " + m.sampleId() + " --pressure " + AcquisitionData.formatNumber(m.pressureGpa()));
            }
            throw new UserException("the warehouse holds " + matches.size() + " acquisitions"
                + (sampleId == null ? "" : " of sample " + sampleId), warehouse.toString(),
                "say which: " + String.join(" | ", options));
        }
        return new Key(matches.get(0).sampleId(), matches.get(0).pressureGpa());
    }

    /** SQL condition selecting the acquisition's partition. */
    static String where(Key key) {
        // Sample ids are validated to [A-Za-z0-9._-] when written (Warehouse.validateAcquisitionKey): safe to quote.
        return "sample_id = '" + key.sampleId() + "' AND pressure_gpa = " + Double.toString(key.pressureGpa());
    }

    /** The SQL of every extract; {@code baseSweepId} may be null. */
    public static Map<String, String> extractSql(Key key, String baseSweepId) {
        String w = where(key);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put(AcquisitionData.PIXEL_TABLE, "SELECT * FROM pixel_table WHERE " + w + " ORDER BY pixel_y, pixel_x");
        sql.put(AcquisitionData.SWEEPS, "SELECT sweep_id, protocol, temperature_k, coil_current_a, applied_field_gauss, "
            + "n_freq, freq_start_mhz, freq_stop_mhz, d0_mhz, status FROM sweeps WHERE " + w
            + " ORDER BY temperature_k, applied_field_gauss, sweep_id");
        if (baseSweepId != null) {
            sql.put(AcquisitionData.BASE_SWEEP, "SELECT p.pixel_y, p.pixel_x, p.sweep_id, p.temperature_k, "
                + "p.applied_field_gauss, p.b_par_gauss, p.b_par_err_gauss, p.field_shift_gauss, p.field_ratio, "
                + "p.status AS physics_status, f.status AS fit_status, f.chi2, f.reduced_chi2\n"
                + "FROM pixel_physics p JOIN pixel_fits f\n"
                + "  ON f.sample_id = p.sample_id AND f.pressure_gpa = p.pressure_gpa AND f.sweep_id = p.sweep_id "
                + "AND f.pixel_y = p.pixel_y AND f.pixel_x = p.pixel_x\n"
                + "WHERE p." + w.replace(" AND ", " AND p.") + " AND p.sweep_id = '" + baseSweepId.replace("'", "''")
                + "'\nORDER BY p.pixel_y, p.pixel_x");
        }
        sql.put(AcquisitionData.PHASE_DIAGRAM, "SELECT diagram, bin_index, temperature_lo_k, temperature_hi_k, "
            + "sigma_zz_lo_gpa, sigma_zz_hi_gpa, tau_lo_gpa, tau_hi_gpa, tau_measure, n_pixels, n_superconducting, "
            + "sc_fraction, sc_fraction_ci_lo, sc_fraction_ci_hi, ci_level, n_tc, tc_median_k, tc_spread_k\n"
            + "FROM phase_diagram WHERE " + w + " ORDER BY diagram, bin_index");
        StringBuilder counts = new StringBuilder();
        for (String t : List.of("sweeps", "pixel_fits", "pixel_physics", "pixel_series", "composition", "pixel_table")) {
            if (counts.length() > 0) {
                counts.append("\nUNION ALL ");
            }
            counts.append("SELECT '").append(t).append("' AS table_name, status, count(*) AS n FROM ").append(t)
                .append(" WHERE ").append(w).append(" GROUP BY status");
        }
        sql.put(AcquisitionData.STATUS_COUNTS, counts.toString());
        sql.put(AcquisitionData.QUARANTINE, "SELECT stage, reason, scope, count(*) AS n FROM quarantine WHERE " + w
            + " GROUP BY stage, reason, scope ORDER BY n DESC");
        return sql;
    }

    /**
     * Collects every extract of the acquisition and builds its {@link AcquisitionData}. Registers the culet
     * tables as temporary views of {@code spark}.
     */
    public static AcquisitionData load(SparkSession spark, Warehouse warehouse, Key key) {
        warehouse.registerViews(spark);
        Manifest manifest = warehouse.manifest(key.sampleId(), key.pressureGpa())
            .orElseThrow(() -> new UserException("no published manifest for " + key.label(), warehouse.toString(),
                "re-run culet for this acquisition"));
        Map<String, String> first = extractSql(key, null);
        Extract sweeps = collect(spark, AcquisitionData.SWEEPS, first.get(AcquisitionData.SWEEPS));
        SweepInfo base = AcquisitionData.chooseBaseSweep(AcquisitionData.sweeps(sweeps));
        Map<String, String> sql = extractSql(key, base == null ? null : base.sweepId());
        Map<String, Extract> extracts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sql.entrySet()) {
            extracts.put(e.getKey(), e.getKey().equals(AcquisitionData.SWEEPS) ? sweeps
                : collect(spark, e.getKey(), e.getValue()));
        }
        if (extracts.get(AcquisitionData.PIXEL_TABLE).rows().isEmpty()) {
            throw new UserException("pixel_table has no rows for " + key.label(), warehouse.toString(),
                "re-run culet for this acquisition (its manifest lists the row counts it published)");
        }
        return AcquisitionData.fromExtracts(key.sampleId(), key.pressureGpa(), manifest, extracts, base);
    }

    /** Runs {@code sql} and collects its rows as plain Java values (arrays, maps and structs as text). */
    public static Extract collect(SparkSession spark, String name, String sql) {
        Dataset<Row> df = spark.sql(sql);
        List<String> columns = new ArrayList<>();
        List<String> units = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            columns.add(f.name());
            units.add(unitOf(f));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = plain(r.get(i));
            }
            rows.add(values);
        }
        return new Extract(name, sql, columns, units, rows);
    }

    private static String unitOf(StructField f) {
        if (f.metadata().contains(TableDef.META_UNIT)) {
            return f.metadata().getString(TableDef.META_UNIT);
        }
        for (TableDef t : Tables.ALL) {
            for (StructField c : t.schema().fields()) {
                if (c.name().equals(f.name()) && c.metadata().contains(TableDef.META_UNIT)) {
                    return c.metadata().getString(TableDef.META_UNIT);
                }
            }
        }
        return "";
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double || v instanceof Integer
            || v instanceof Long) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant().toString();
        }
        return String.valueOf(v).toLowerCase(Locale.ROOT).equals("null") ? null : String.valueOf(v);
    }
}
