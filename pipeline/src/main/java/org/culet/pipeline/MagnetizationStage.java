package org.culet.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.config.UserException;
import org.culet.kernel.magnetization.MagnetizationInverter;
import org.culet.kernel.magnetization.MagnetizationResult;
import org.culet.kernel.magnetization.MagnetizationSettings;
import org.culet.kernel.magnetization.SusceptibilityTc;
import org.culet.kernel.physics.TcResult;
import org.culet.kernel.physics.TcSettings;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;

/**
 * The non-local part of the series stage: per sweep, the whole map of the field shift B_NV - B_applied (from
 * pixel_physics) is inverted for the sample's magnetization ({@link MagnetizationInverter}, one sweep's map in one
 * task), giving M_z and chi_eff = -4 pi M_z / H per pixel and sweep; then, grouped by pixel, each pixel's chi_eff(T)
 * series gives its local Tc ({@link SusceptibilityTc}). The results are joined back into pixel_physics (per sweep),
 * pixel_series and the pixel_table partial rows; with {@code tc-measure = magnetization} they replace the tile-local
 * Tc. Spark moves the data (group by sweep, group by pixel, joins); the kernels compute. Every output depends only on
 * the rows of its sweep or pixel, never on partitioning.
 */
final class MagnetizationStage {
    /** Per sweep x pixel: the reconstruction. */
    static final StructType SWEEP_PIXEL = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField(Tables.SWEEP_ID, StringType, false),
        createStructField(Tables.PIXEL_Y, IntegerType, false),
        createStructField(Tables.PIXEL_X, IntegerType, false),
        createStructField("mz_emu_per_cm3", DoubleType, true),
        createStructField("mz_err_emu_per_cm3", DoubleType, true),
        createStructField("chi_eff", DoubleType, true),
        createStructField("chi_eff_err", DoubleType, true)});

    /** Tc columns shared by pixel_series and pixel_table, replaced when the Tc comes from the magnetization. */
    private static final String[] TC_COLUMNS = {"tc_onset_k", "tc_onset_err_k", "tc_midpoint_k", "tc_midpoint_err_k",
        "tc_fit_k", "tc_fit_err_k", "superconducting", "tc_measure"};

    /** Per pixel: the susceptibility series and its Tc. */
    static final StructType PIXEL = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField(Tables.PIXEL_Y, IntegerType, false),
        createStructField(Tables.PIXEL_X, IntegerType, false),
        createStructField("susceptibility_series", createArrayType(Tables.SUSCEPTIBILITY_POINT, false), true),
        createStructField("chi_eff_low_t", DoubleType, true),
        createStructField("chi_eff_low_t_err", DoubleType, true),
        createStructField("normal_state_noise", DoubleType, true),
        createStructField("tc_onset_k", DoubleType, true),
        createStructField("tc_onset_err_k", DoubleType, true),
        createStructField("tc_midpoint_k", DoubleType, true),
        createStructField("tc_midpoint_err_k", DoubleType, true),
        createStructField("tc_fit_k", DoubleType, true),
        createStructField("tc_fit_err_k", DoubleType, true),
        createStructField("superconducting", BooleanType, true),
        createStructField("tc_measure", StringType, true),
        createStructField("tc_status", StringType, true)});

    private MagnetizationStage() {
    }

    /** NV-to-sample distance and sample thickness (um): acquisition.conf's values, else the configuration's. */
    record Geometry(double nvDepthUm, double sampleThicknessUm) implements java.io.Serializable {
        static Geometry of(Config root, Path acquisitionDir) {
            return of(root, org.culet.io.Location.of(acquisitionDir));
        }

        static Geometry of(Config root, org.culet.io.Location acquisitionDir) {
            Config c = root.getConfig("culet.magnetization");
            double d = c.getDouble("nv-depth-um");
            double t = c.getDouble("sample-thickness-um");
            org.culet.io.Location file = acquisitionDir.resolve(AcquisitionSpec.FILE_NAME);
            if (file.isFile()) {
                Config a;
                try {
                    a = ConfigFactory.parseString(file.readString()).resolve();
                } catch (java.io.IOException e) {
                    throw new UserException("cannot read acquisition.conf: " + e.getMessage(), file.toString(),
                        "check that the file is readable", e);
                } catch (ConfigException e) {
                    throw new UserException("acquisition.conf is not valid HOCON: " + e.getMessage(), file.toString(),
                        "fix the syntax (see the README's 'Acquisition layout')", e);
                }
                d = value(a, "nv-depth-um", d, true, file);
                t = value(a, "sample-thickness-um", t, false, file);
            }
            return new Geometry(d, t);
        }

        private static double value(Config a, String key, double fallback, boolean zeroAllowed,
                                    org.culet.io.Location file) {
            if (!a.hasPath(key)) {
                return fallback;
            }
            double v;
            try {
                v = a.getDouble(key);
            } catch (ConfigException e) {
                throw new UserException(key + " must be a number of micrometres", file + " key " + key,
                    "write e.g. " + key + " = 0.1 (um)", e);
            }
            if (!(zeroAllowed ? v >= 0 : v > 0) || !Double.isFinite(v)) {
                throw new UserException(key + " must be " + (zeroAllowed ? "at least 0" : "positive") + ", got " + v,
                    file + " key " + key, "give the measured value in micrometres, or remove the key to use "
                        + "culet.magnetization." + key);
            }
            return v;
        }
    }

    /**
     * Per sweep x pixel reconstruction from pixel_physics rows: one group (the whole map) per sweep, inverted in one
     * task. Rows of {@link #SWEEP_PIXEL}, one per physics row.
     */
    static Dataset<Row> perSweep(SparkSession spark, TaskPlan plan, Geometry geometry, Dataset<Row> physics) {
        Dataset<Row> grouped = physics
            .select(col(Tables.SWEEP_ID), col(Tables.PIXEL_Y), col(Tables.PIXEL_X), col("field_shift_gauss"),
                col("field_shift_err_gauss"))
            .groupBy(Tables.SWEEP_ID)
            .agg(collect_list(struct(col(Tables.PIXEL_Y), col(Tables.PIXEL_X), col("field_shift_gauss"),
                col("field_shift_err_gauss"))).as("pixels"));
        JavaRDD<Row> rows = grouped.javaRDD().mapPartitions((Iterator<Row> it) -> invertSweeps(plan, geometry, it));
        return spark.createDataFrame(rows, SWEEP_PIXEL);
    }

    private static Iterator<Row> invertSweeps(TaskPlan plan, Geometry geometry, Iterator<Row> groups) {
        if (!groups.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Config root = plan.config();
        MagnetizationSettings settings = MagnetizationSettings.fromConfig(root)
            .withGeometry(geometry.nvDepthUm(), geometry.sampleThicknessUm());
        int h = plan.height;
        int w = plan.width;
        MagnetizationInverter inverter = new MagnetizationInverter(h, w, plan.pixelSizeUm, settings);
        MagnetizationResult result = new MagnetizationResult(h * w);
        Map<String, Integer> index = sweepIndex(plan);
        double[] dB = new double[h * w];
        double[] sigma = new double[h * w];
        List<Row> out = new ArrayList<>();
        while (groups.hasNext()) {
            Row g = groups.next();
            String sweepId = g.getString(0);
            int s = index.get(sweepId);
            double applied = plan.appliedFieldGauss[s];
            List<Row> pixels = g.getList(1);
            Arrays.fill(dB, Double.NaN);
            Arrays.fill(sigma, Double.NaN);
            int[] ys = new int[pixels.size()];
            int[] xs = new int[pixels.size()];
            for (int i = 0; i < pixels.size(); i++) {
                Row p = pixels.get(i);
                ys[i] = p.getInt(0);
                xs[i] = p.getInt(1);
                int k = ys[i] * w + xs[i];
                dB[k] = p.isNullAt(2) ? Double.NaN : p.getDouble(2);
                sigma[k] = p.isNullAt(3) ? Double.NaN : p.getDouble(3);
            }
            inverter.invert(dB, sigma, result);
            boolean ok = result.status != MagnetizationResult.Status.TOO_FEW_PIXELS;
            for (int i = 0; i < ys.length; i++) {
                int k = ys[i] * w + xs[i];
                double mz = ok ? result.mzEmuPerCm3[k] : Double.NaN;
                double mzErr = ok ? result.mzErrEmuPerCm3[k] : Double.NaN;
                double chi = MagnetizationResult.chiEff(mz, applied, settings.minAppliedFieldGauss());
                double chiErr = Double.isFinite(chi) ? 4 * Math.PI * mzErr / Math.abs(applied) : Double.NaN;
                out.add(RowFactory.create(sweepId, ys[i], xs[i], finite(mz), finite(mzErr), finite(chi), finite(chiErr)));
            }
        }
        return out.iterator();
    }

    /** Per pixel: the susceptibility series (sweeps with an applied field) and the Tc of the Tc protocol's series. */
    static Dataset<Row> perPixel(SparkSession spark, TaskPlan plan, Dataset<Row> sweepPixels) {
        Dataset<Row> grouped = sweepPixels
            .groupBy(Tables.PIXEL_Y, Tables.PIXEL_X)
            .agg(collect_list(struct(col(Tables.SWEEP_ID), col("chi_eff"), col("chi_eff_err"))).as("sweeps"));
        JavaRDD<Row> rows = grouped.javaRDD().mapPartitions((Iterator<Row> it) -> tcPerPixel(plan, it));
        return spark.createDataFrame(rows, PIXEL);
    }

    private static Iterator<Row> tcPerPixel(TaskPlan plan, Iterator<Row> pixels) {
        if (!pixels.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Config root = plan.config();
        String tcProtocol = root.getString("culet.pipeline.series.tc-protocol").toUpperCase(Locale.ROOT);
        int n = plan.sweepCount();
        SusceptibilityTc estimator = new SusceptibilityTc(TcSettings.fromConfig(root), n);
        Map<String, Integer> index = sweepIndex(plan);
        TcResult tc = new TcResult();
        double[] t = new double[n];
        double[] chi = new double[n];
        double[] err = new double[n];
        boolean[] include = new boolean[n];
        List<Row> out = new ArrayList<>();
        while (pixels.hasNext()) {
            Row g = pixels.next();
            List<Row> sweeps = new ArrayList<>(g.getList(2));
            // Ascending temperature, then sweep id: the same order whatever order the group arrived in.
            sweeps.sort((a, b) -> {
                int sa = index.get(a.getString(0));
                int sb = index.get(b.getString(0));
                int c = Double.compare(plan.temperatureK[sa], plan.temperatureK[sb]);
                return c != 0 ? c : a.getString(0).compareTo(b.getString(0));
            });
            List<Row> series = new ArrayList<>();
            int m = 0;
            for (Row r : sweeps) {
                int s = index.get(r.getString(0));
                double c = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
                double e = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
                if (!Double.isFinite(c)) {
                    continue;
                }
                series.add(RowFactory.create(r.getString(0), plan.temperatureK[s], plan.appliedFieldGauss[s],
                    plan.protocol[s], c, finite(e)));
                t[m] = plan.temperatureK[s];
                chi[m] = c;
                err[m] = e;
                include[m] = tcProtocol.equals(plan.protocol[s]);
                m++;
            }
            estimator.estimate(t, chi, err, include, m, tc);
            boolean sc = tc.status == TcResult.Status.OK;
            String status = switch (tc.status) {
                case OK -> "OK";
                case NO_TRANSITION -> "NEVER_SCREENS";
                case INSUFFICIENT_DATA -> "TOO_FEW_POINTS";
                case BAD_INPUT -> m == 0 ? "NO_SWEEPS" : "NOISY";
            };
            int points = estimator.points();
            double lowT = points > 0 ? estimator.chiEff()[0] : Double.NaN;
            double lowTErr = points > 0 ? estimator.chiEffErr()[0] : Double.NaN;
            out.add(RowFactory.create(g.getInt(0), g.getInt(1), RowBuilder.seq(series), finite(lowT), finite(lowTErr),
                finite(tc.noise), sc ? finite(tc.tcOnsetK) : null, sc ? finite(tc.tcOnsetSigmaK) : null,
                sc ? finite(tc.tcMidpointK) : null, sc ? finite(tc.tcMidpointSigmaK) : null,
                sc ? finite(tc.tcFitK) : null, sc ? finite(tc.tcFitSigmaK) : null,
                m == 0 ? null : sc, "MAGNETIZATION", status));
        }
        return out.iterator();
    }

    /** pixel_physics with its magnetization columns filled from the per-sweep reconstruction. */
    static Dataset<Row> physicsWithMagnetization(Dataset<Row> physics, Dataset<Row> sweepPixels) {
        return replace(physics, sweepPixels, List.of(Tables.SWEEP_ID, Tables.PIXEL_Y, Tables.PIXEL_X),
            List.of("mz_emu_per_cm3", "mz_err_emu_per_cm3", "chi_eff", "chi_eff_err"), Tables.PIXEL_PHYSICS);
    }

    /**
     * pixel_series with the susceptibility columns; with {@code replaceTc} also the Tc columns, the noise and the status
     * from the susceptibility series.
     */
    static Dataset<Row> seriesWithMagnetization(Dataset<Row> series, Dataset<Row> pixelTc, boolean replaceTc) {
        List<String> columns = new ArrayList<>(List.of("susceptibility_series", "chi_eff_low_t", "chi_eff_low_t_err"));
        Dataset<Row> extra = pixelTc;
        if (replaceTc) {
            columns.addAll(Arrays.asList(TC_COLUMNS));
            columns.add("normal_state_noise");
            columns.add("tc_status");
        }
        Dataset<Row> joined = replace(series, extra, List.of(Tables.PIXEL_Y, Tables.PIXEL_X), columns, null);
        if (replaceTc) {
            joined = joined.withColumn(Tables.STATUS, when(col("tc_status").isNotNull(), col("tc_status"))
                .otherwise(col(Tables.STATUS)));
        }
        return ordered(joined, Tables.PIXEL_SERIES);
    }

    /** The pixel_table partial rows with chi_eff_low_t and, with {@code replaceTc}, the Tc and the SERIES status. */
    static Dataset<Row> partialsWithMagnetization(Dataset<Row> partials, Dataset<Row> pixelTc, boolean replaceTc) {
        List<String> columns = new ArrayList<>(List.of("chi_eff_low_t"));
        if (replaceTc) {
            columns.addAll(Arrays.asList(TC_COLUMNS));
            columns.add("tc_status");
        }
        Dataset<Row> joined = replace(partials, pixelTc, List.of(Tables.PIXEL_Y, Tables.PIXEL_X), columns, null);
        if (replaceTc) {
            // Same rule as the tile stage: FIT and PHYSICS failures stand; a Tc series too short or too noisy is SERIES.
            Column status = col(Tables.STATUS);
            joined = joined.withColumn(Tables.STATUS,
                when(status.isin("FIT", "PHYSICS"), status)
                    .when(col("tc_status").isin("TOO_FEW_POINTS", "NOISY"), lit("SERIES"))
                    .when(col("tc_status").isNotNull(), lit("OK"))
                    .otherwise(status));
        }
        return ordered(joined, Tables.PIXEL_TABLE);
    }

    /**
     * base without {@code columns}, left-joined on keys with those columns of extra; the result ordered as table (when
     * not null).
     */
    private static Dataset<Row> replace(Dataset<Row> base, Dataset<Row> extra, List<String> keys, List<String> columns,
                                        TableDef table) {
        Set<String> baseColumns = new LinkedHashSet<>(Arrays.asList(base.columns()));
        Dataset<Row> left = base;
        for (String c : columns) {
            if (baseColumns.contains(c)) {
                left = left.drop(c);
            }
        }
        List<Column> right = new ArrayList<>();
        for (String k : keys) {
            right.add(col(k));
        }
        for (String c : columns) {
            right.add(col(c));
        }
        Dataset<Row> joined = left.join(extra.select(right.toArray(new Column[0])),
            scala.jdk.javaapi.CollectionConverters.asScala(keys).toSeq(), "left");
        return table == null ? joined : ordered(joined, table);
    }

    private static Dataset<Row> ordered(Dataset<Row> d, TableDef table) {
        List<Column> cols = new ArrayList<>();
        for (String name : table.columnNames()) {
            cols.add(col(name));
        }
        return d.select(cols.toArray(new Column[0]));
    }

    private static Map<String, Integer> sweepIndex(TaskPlan plan) {
        Map<String, Integer> index = new HashMap<>();
        for (int s = 0; s < plan.sweepCount(); s++) {
            index.put(plan.sweepIds[s], s);
        }
        return index;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
