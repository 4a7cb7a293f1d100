package org.culet.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.acquisition.GroundTruth;
import org.culet.config.CuletConfig;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;

/**
 * Development tool: re-runs only the magnetization stage on the pixel_physics of an existing warehouse (no fitting)
 * and compares chi_eff and the local Tc with the ground truth of a synthetic acquisition:
 * {@code java -cp ... org.culet.pipeline.MagnetizationReplay ACQUISITION WAREHOUSE [key=value ...]}.
 */
final class MagnetizationReplay {
    private MagnetizationReplay() {
    }

    public static void main(String[] args) {
        SparkSession spark = org.culet.spark.SharedSpark.session();
        Path acquisition = Path.of(args[0]);
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            o.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        CuletConfig config = CuletConfig.load(null, o);
        AcquisitionValidator.ValidatedAcquisition acq = AcquisitionValidator.validate(acquisition, null);
        TaskPlan plan = new TaskPlan(config, acq, acq.catalog().entries());
        Warehouse wh = Warehouse.open(spark, Path.of(args[1]).toUri().toString());
        Dataset<Row> physics = wh.read(spark, Tables.PIXEL_PHYSICS);
        if (Boolean.getBoolean("replay.truth-field")) {
            // The kernel on the real geometry with perfect input: the true Bz of every sweep plus 0.2 G noise.
            GroundTruth tr = GroundTruth.load(acquisition);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
            List<Row> rows = new java.util.ArrayList<>();
            for (int s = 0; s < plan.sweepCount(); s++) {
                double[] b = tr.bGauss(plan.sweepIds[s])[2];
                for (int p = 0; p < b.length; p++) {
                    double noise = 0.2 * Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                    rows.add(org.apache.spark.sql.RowFactory.create(plan.sweepIds[s], p / tr.width(), p % tr.width(),
                        b[p] - plan.appliedFieldGauss[s] + noise, 0.2));
                }
            }
            physics = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("sweep_id", "string").add("pixel_y", "int").add("pixel_x", "int")
                .add("field_shift_gauss", "double").add("field_shift_err_gauss", "double"));
        }
        MagnetizationStage.Geometry g = MagnetizationStage.Geometry.of(config.root(), acquisition);
        long t0 = System.nanoTime();
        Dataset<Row> sweepPixels = MagnetizationStage.perSweep(spark, plan, g, physics).cache();
        Dataset<Row> pixelTc = MagnetizationStage.perPixel(spark, plan, sweepPixels).cache();
        List<Row> tcRows = pixelTc.select("pixel_y", "pixel_x", "superconducting", "tc_fit_k", "tc_onset_k",
            "tc_midpoint_k", "chi_eff_low_t", "tc_status").collectAsList();
        System.out.printf(Locale.ROOT, "magnetization stage: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        GroundTruth truth = GroundTruth.load(acquisition);
        int w = truth.width();
        boolean[] on = truth.onSample();
        double[] tc = truth.tcK();
        double exponent = truth.info().hasPath("screening.chi-exponent") ? truth.info().getDouble("screening.chi-exponent") : 4;
        int nOn = 0;
        int agree = 0;
        int fp = 0;
        int fn = 0;
        double[] se = new double[3];
        int ntc = 0;
        int[][] map = new int[truth.height()][w];
        for (Row r : tcRows) {
            int y = r.getInt(0);
            int x = r.getInt(1);
            int p = y * w + x;
            boolean est = !r.isNullAt(2) && r.getBoolean(2);
            boolean tru = Double.isFinite(tc[p]);
            map[y][x] = (tru ? 2 : 0) + (est ? 1 : 0);
            if (!on[p]) {
                continue;
            }
            nOn++;
            agree += est == tru ? 1 : 0;
            fp += est && !tru ? 1 : 0;
            fn += !est && tru ? 1 : 0;
            if (est && tru) {
                for (int k = 0; k < 3; k++) {
                    if (!r.isNullAt(3 + k)) {
                        se[k] += Math.pow(r.getDouble(3 + k) - tc[p], 2);
                    }
                }
                ntc++;
            }
        }
        System.out.printf(Locale.ROOT, "on-sample %d: classified right %.2f %% (false SC %d, missed SC %d); "
                + "Tc RMS fit %.2f K, onset %.2f K, midpoint %.2f K over %d%n", nOn, 100.0 * agree / nOn, fp, fn,
            Math.sqrt(se[0] / ntc), Math.sqrt(se[1] / ntc), Math.sqrt(se[2] / ntc), ntc);
        // chi_eff per ZFC sweep against the truth 1 - (T/Tc)^p.
        List<Row> chiRows = sweepPixels.filter("chi_eff IS NOT NULL").select("sweep_id", "pixel_y", "pixel_x", "chi_eff",
            "chi_eff_err").collectAsList();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int s = 0; s < plan.sweepCount(); s++) {
            index.put(plan.sweepIds[s], s);
        }
        double se2 = 0;
        double pull = 0;
        int n = 0;
        for (Row r : chiRows) {
            int s = index.get(r.getString(0));
            if (!"ZFC".equals(plan.protocol[s])) {
                continue;
            }
            int p = r.getInt(1) * w + r.getInt(2);
            double t = plan.temperatureK[s];
            double truthChi = Double.isFinite(tc[p]) && t < tc[p] ? 1 - Math.pow(t / tc[p], exponent) : 0;
            double e = r.getDouble(3) - truthChi;
            se2 += e * e;
            if (!r.isNullAt(4)) {
                pull += Math.pow(e / r.getDouble(4), 2);
            }
            n++;
        }
        // One row through the middle of the coldest, strongest ZFC sweep: field shift, chi_eff and the truth.
        String probe = System.getProperty("probe.sweep", "s0003");
        int row = Integer.getInteger("probe.row", truth.height() / 2);
        List<Row> line = physics.filter("sweep_id = '" + probe + "' AND pixel_y = " + row).select("pixel_x", "field_shift_gauss")
            .collectAsList();
        double[] shift = new double[w];
        for (Row r : line) {
            shift[r.getInt(0)] = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
        }
        double[] chiRow = new double[w];
        java.util.Arrays.fill(chiRow, Double.NaN);
        for (Row r : chiRows) {
            if (r.getString(0).equals(probe) && r.getInt(1) == row) {
                chiRow[r.getInt(2)] = r.getDouble(3);
            }
        }
        int ps = index.get(probe);
        double[] bzTruth = truth.bGauss(probe)[2];
        for (int x = 0; x < w; x++) {
            int p = row * w + x;
            double t = plan.temperatureK[ps];
            double truthChi = Double.isFinite(tc[p]) && t < tc[p] ? 1 - Math.pow(t / tc[p], exponent) : 0;
            System.out.printf(Locale.ROOT, "x %2d shift %7.2f (truth %7.2f) chi %6.3f truth %6.3f%n", x, shift[x],
                bzTruth[p] - plan.appliedFieldGauss[ps], chiRow[x], truthChi);
        }
        System.out.printf(Locale.ROOT, "chi_eff (ZFC sweep-pixels): RMS %.4f, pull RMS %.2f over %d%n", Math.sqrt(se2 / n),
            Math.sqrt(pull / n), n);
        StringBuilder sb = new StringBuilder("classification map (. normal ok, # SC ok, + false SC, - missed SC, "
            + "space off sample):\n");
        for (int y = 0; y < truth.height(); y++) {
            for (int x = 0; x < w; x++) {
                int c = map[y][x];
                sb.append(!on[y * w + x] ? (c == 1 || c == 3 ? '*' : ' ') : c == 0 ? '.' : c == 3 ? '#' : c == 1 ? '+' : '-');
            }
            sb.append('\n');
        }
        System.out.println(sb);
    }
}
