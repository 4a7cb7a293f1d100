package org.culet.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.GroundTruth;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;

/**
 * Development tool: where do the field and stress errors of a synthetic acquisition's tables come from?
 * {@code java -cp ... org.culet.pipeline.PhysicsDiagnostics ACQUISITION WAREHOUSE}.
 */
final class PhysicsDiagnostics {
    private PhysicsDiagnostics() {
    }

    private static double[][] quantiles(List<Row> phys, Map<String, double[][]> bz, int w) {
        java.util.List<Double>[] v = new java.util.List[5];
        for (int i = 0; i < 5; i++) {
            v[i] = new java.util.ArrayList<>();
        }
        for (Row r : phys) {
            if (!"ZFC".equals(r.getString(5)) || r.isNullAt(16)) {
                continue;
            }
            double rc = r.getDouble(16) / ((Double) r.getList(18).get(0));
            if (r.isNullAt(3)) {
                v[2].add(rc);
                continue;
            }
            double e = r.getDouble(3) - bz.get(r.getString(0))[2][r.getInt(1) * w + r.getInt(2)];
            v[Math.abs(e) > 2 ? 1 : 0].add(rc);
            if (!r.isNullAt(17)) {
                v[Math.abs(e) > 2 ? 4 : 3].add(r.getDouble(17));
            }
        }
        double[][] out = new double[5][];
        for (int i = 0; i < 5; i++) {
            java.util.Collections.sort(v[i]);
            int n = v[i].size();
            out[i] = n == 0 ? new double[0] : new double[] {v[i].get(n / 10), v[i].get(n / 2), v[i].get(9 * n / 10), v[i].get(99 * n / 100)};
        }
        return out;
    }

    public static void main(String[] args) {
        SparkSession spark = org.culet.spark.SharedSpark.session();
        Path acquisition = Path.of(args[0]);
        GroundTruth truth = GroundTruth.load(acquisition);
        Warehouse wh = Warehouse.open(spark, Path.of(args[1]).toUri().toString());
        int w = truth.width();
        List<Row> phys = wh.read(spark, Tables.PIXEL_PHYSICS).join(wh.read(spark, Tables.PIXEL_FITS)
                .select("sweep_id", "pixel_y", "pixel_x", "line_center_mhz", "line_center_err_mhz", "line_fwhm_mhz", "reduced_chi2", "baseline_coefficients"),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("sweep_id", "pixel_y", "pixel_x")).toSeq())
            .select("sweep_id", "pixel_y", "pixel_x", "b_par_gauss", "b_par_err_gauss", "protocol", "applied_field_gauss",
                "sigma_zz_gpa", "sigma_zz_err_gpa", "status", "line_center_mhz", "temperature_k", "tau_max_gpa",
                "sigma_xz_gpa", "sigma_yz_gpa", "line_fwhm_mhz", "reduced_chi2", "inversion_chi2", "baseline_coefficients")
            .collectAsList();
        Map<String, double[][]> bz = new HashMap<>();
        Map<String, double[][]> lines = new HashMap<>();
        double[] szz = truth.sigmaZzGpa();
        double[] tauInt = truth.tauInterfaceGpa();
        // Per pixel: mean of the per-sweep sigma_ZZ error (systematic) and the scatter around it.
        int n = truth.height() * w;
        double[] sum = new double[n];
        double[] sum2 = new double[n];
        int[] cnt = new int[n];
        double[] errSum = new double[n];
        int shown = 0;
        Map<String, int[]> bad = new java.util.TreeMap<>();
        for (Row r : phys) {
            String id = r.getString(0);
            int p = r.getInt(1) * w + r.getInt(2);
            double[][] b = bz.computeIfAbsent(id, truth::bGauss);
            double[][] l = lines.computeIfAbsent(id, truth::linesMhz);
            String key = r.getString(5) + (Math.abs(r.getDouble(6)) < 1 ? "@0" : "");
            int[] c = bad.computeIfAbsent(key, k -> new int[3]);
            c[0]++;
            if (!r.isNullAt(7) && !r.isNullAt(8)) {
                double e = r.getDouble(7) - szz[p];
                sum[p] += e;
                sum2[p] += e * e;
                errSum[p] += r.getDouble(8);
                cnt[p]++;
            }
            if (r.isNullAt(3)) {
                c[2]++;
                continue;
            }
            double e = r.getDouble(3) - b[2][p];
            if (Math.abs(e) > 2) {
                c[1]++;
                if (shown < 25 && (key.startsWith("ZFC") || key.contains("@0"))) {
                    shown++;
                    StringBuilder sb = new StringBuilder();
                    sb.append(String.format(Locale.ROOT, "%s %s (%d,%d) T=%.0f Bapp=%.1f: b_par %.2f truth %.2f; szz %.2f truth %.2f; status %s%n  fitted:",
                        id, r.getString(5), r.getInt(1), r.getInt(2), r.getDouble(11), r.getDouble(6), r.getDouble(3),
                        b[2][p], r.isNullAt(7) ? Double.NaN : r.getDouble(7), szz[p], r.getString(9)));
                    List<Object> lc = r.getList(10);
                    List<Object> lw = r.getList(15);
                    for (int i = 0; i < lc.size(); i++) {
                        sb.append(String.format(Locale.ROOT, " %.1f(w%.1f)", (Double) lc.get(i), (Double) lw.get(i)));
                    }
                    sb.append("\n  truth: ");
                    for (int k = 0; k < 8; k++) {
                        sb.append(String.format(Locale.ROOT, " %.1f", l[k][p]));
                    }
                    System.out.println(sb);
                }
            }
        }
        double[][] q = quantiles(phys, bz, w);
        System.out.printf(Locale.ROOT, "fit reduced chi2 quantiles (10/50/90/99 %%): good %s, bad %s, null %s%n",
            java.util.Arrays.toString(q[0]), java.util.Arrays.toString(q[1]), java.util.Arrays.toString(q[2]));
        System.out.printf(Locale.ROOT, "inversion chi2 quantiles: good %s, bad %s%n",
            java.util.Arrays.toString(q[3]), java.util.Arrays.toString(q[4]));
        for (Map.Entry<String, int[]> e : bad.entrySet()) {
            System.out.printf(Locale.ROOT, "%-22s rows %6d, |B err| > 2 G: %5d (%.2f %%), null b_par %d%n", e.getKey(),
                e.getValue()[0], e.getValue()[1], 100.0 * e.getValue()[1] / e.getValue()[0], e.getValue()[2]);
        }
        // Alternative combination: only sweeps where the pixel sees the applied field (|shift| < limit G: no stray field
        // of a screening region, whose in-plane part the along-bias model would read as stress), weighted mean with
        // the error inflated by sqrt(reduced chi^2).
        for (double limit : new double[] {1e9, 2.0, 0.5}) {
            double[] sw = new double[n];
            double[] swv = new double[n];
            double[] swvv = new double[n];
            int[] k = new int[n];
            for (Row r : phys) {
                if (r.isNullAt(7) || r.isNullAt(8) || r.isNullAt(3)) {
                    continue;
                }
                if (Math.abs(r.getDouble(3) - r.getDouble(6)) > limit) {
                    continue;
                }
                int p = r.getInt(1) * w + r.getInt(2);
                double e = r.getDouble(8);
                double wt = 1 / (e * e);
                sw[p] += wt;
                swv[p] += wt * r.getDouble(7);
                swvv[p] += wt * r.getDouble(7) * r.getDouble(7);
                k[p]++;
            }
            double se = 0;
            double pull = 0;
            int m = 0;
            for (int p = 0; p < n; p++) {
                if (k[p] < 2) {
                    continue;
                }
                double mean = swv[p] / sw[p];
                double err = 1 / Math.sqrt(sw[p]);
                double red = Math.max(0, swvv[p] - sw[p] * mean * mean) / (k[p] - 1);
                if (red > 1) {
                    err *= Math.sqrt(red);
                }
                double e = mean - szz[p];
                se += e * e;
                pull += (e / err) * (e / err);
                m++;
            }
            System.out.printf(Locale.ROOT, "sigma_ZZ from sweeps with |B_NV - B_applied| < %.1f G: RMS %.3f GPa, pull %.2f over %d px%n",
                limit, Math.sqrt(se / m), Math.sqrt(pull / m), m);
        }
        // sigma_ZZ: systematic per pixel vs tau_interface bins.
        double[] edges = {0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 10};
        for (int k = 0; k + 1 < edges.length; k++) {
            double sm = 0;
            double ss = 0;
            double sc = 0;
            double se = 0;
            int m = 0;
            for (int p = 0; p < n; p++) {
                if (cnt[p] < 2 || tauInt[p] < edges[k] || tauInt[p] >= edges[k + 1]) {
                    continue;
                }
                double mean = sum[p] / cnt[p];
                sm += mean * mean;
                ss += sum2[p] / cnt[p] - mean * mean;
                se += Math.pow(errSum[p] / cnt[p], 2);
                m++;
            }
            if (m > 0) {
                System.out.printf(Locale.ROOT, "tau_interface [%.2f, %.2f): %4d px, sigma_ZZ per-pixel mean error RMS %.3f GPa, "
                    + "per-sweep scatter %.3f GPa, mean reported err %.3f GPa%n", edges[k], edges[k + 1], m,
                    Math.sqrt(sm / m), Math.sqrt(ss / m), Math.sqrt(se / m));
            }
        }
    }
}
