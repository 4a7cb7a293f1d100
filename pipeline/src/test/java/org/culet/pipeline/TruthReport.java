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
 * Compares the published tables of a synthetic acquisition with its ground truth (issue 3 and 4 targets,
 * measured through the tables, not the kernels). Used by tests and by hand:
 * {@code java -cp ... org.culet.pipeline.TruthReport ACQUISITION WAREHOUSE}.
 */
final class TruthReport {
    /** RMS errors and rates; NaN where nothing could be compared. */
    double bParRmsGauss = Double.NaN;
    double bParMedianAbsGauss = Double.NaN;
    double bParPullRms = Double.NaN;
    long bParCompared;
    long physicsRows;
    double sigmaZzRmsGpa = Double.NaN;
    double sigmaZzPullRms = Double.NaN;
    double tauMaxRmsGpa = Double.NaN;
    double tauMaxPullRms = Double.NaN;
    long stressCompared;
    long onSample;
    double scClassifiedFraction = Double.NaN;
    /** Share of on-sample pixels with a superconducting verdict (not null), and the share right among them. */
    double scDecidedFraction = Double.NaN;
    double scRightAmongDecided = Double.NaN;
    double tcRmsK = Double.NaN;
    long tcCompared;
    double laNiRmsOnSample = Double.NaN;
    long laNiCompared;
    double registrationRmsPx = Double.NaN;
    final StringBuilder bParByProtocol = new StringBuilder();

    static TruthReport compute(SparkSession spark, Path acquisition, String warehouseUri) {
        GroundTruth truth = GroundTruth.load(acquisition);
        Warehouse wh = Warehouse.open(spark, warehouseUri);
        int w = truth.width();
        TruthReport r = new TruthReport();

        // B_par per sweep x pixel against the true Bz at the NV layer.
        Map<String, double[]> bzBySweep = new HashMap<>();
        List<Row> phys = wh.read(spark, Tables.PIXEL_PHYSICS)
            .select("sweep_id", "pixel_y", "pixel_x", "b_par_gauss", "b_par_err_gauss", "protocol").collectAsList();
        Map<String, double[]> byProtocol = new java.util.TreeMap<>();
        r.physicsRows = phys.size();
        double se = 0;
        double pull = 0;
        int n = 0;
        double[] absErrors = new double[phys.size()];
        for (Row row : phys) {
            if (row.isNullAt(3)) {
                continue;
            }
            double[] bz = bzBySweep.computeIfAbsent(row.getString(0), id -> truth.bGauss(id)[2]);
            double e = row.getDouble(3) - bz[row.getInt(1) * w + row.getInt(2)];
            absErrors[n] = Math.abs(e);
            double[] acc = byProtocol.computeIfAbsent(row.getString(5), k -> new double[3]);
            acc[0] += e * e;
            acc[1]++;
            acc[2] += Math.abs(e) > 2 ? 1 : 0;
            se += e * e;
            if (!row.isNullAt(4) && row.getDouble(4) > 0) {
                pull += Math.pow(e / row.getDouble(4), 2);
            }
            n++;
        }
        for (Map.Entry<String, double[]> en : byProtocol.entrySet()) {
            double[] acc = en.getValue();
            r.bParByProtocol.append(String.format(Locale.ROOT, "  %s: RMS %.3f G over %d, %.2f %% off by > 2 G%n",
                en.getKey(), Math.sqrt(acc[0] / acc[1]), (long) acc[1], 100 * acc[2] / acc[1]));
        }
        if (n > 0) {
            r.bParCompared = n;
            r.bParRmsGauss = Math.sqrt(se / n);
            r.bParPullRms = Math.sqrt(pull / n);
            double[] sorted = java.util.Arrays.copyOf(absErrors, n);
            java.util.Arrays.sort(sorted);
            r.bParMedianAbsGauss = sorted[n / 2];
        }

        // Stress, Tc and composition per pixel from pixel_table.
        List<Row> table = wh.read(spark, Tables.PIXEL_TABLE).select("pixel_y", "pixel_x", "sigma_zz_gpa", "sigma_zz_err_gpa",
            "tau_max_gpa", "tau_max_err_gpa", "superconducting", "tc_fit_k", "la_ni_ratio").collectAsList();
        boolean[] onSample = truth.onSample();
        double[] szz = truth.sigmaZzGpa();
        double[] tau = truth.tauMaxGpa();
        double[] tc = truth.tcK();
        double[] laNi = truth.laNiRatio();
        double sz2 = 0;
        double szPull = 0;
        double ta2 = 0;
        double taPull = 0;
        int ns = 0;
        int nOn = 0;
        int agree = 0;
        int decided = 0;
        int decidedAgree = 0;
        double tc2 = 0;
        int ntc = 0;
        double ln2 = 0;
        int nln = 0;
        for (Row row : table) {
            int p = row.getInt(0) * w + row.getInt(1);
            if (!row.isNullAt(2) && !row.isNullAt(4)) {
                double ez = row.getDouble(2) - szz[p];
                double et = row.getDouble(4) - tau[p];
                sz2 += ez * ez;
                ta2 += et * et;
                if (!row.isNullAt(3) && row.getDouble(3) > 0) {
                    szPull += Math.pow(ez / row.getDouble(3), 2);
                }
                if (!row.isNullAt(5) && row.getDouble(5) > 0) {
                    taPull += Math.pow(et / row.getDouble(5), 2);
                }
                ns++;
            }
            if (!onSample[p]) {
                continue;
            }
            nOn++;
            boolean trueSc = Double.isFinite(tc[p]);
            boolean estSc = !row.isNullAt(6) && row.getBoolean(6);
            if (trueSc == estSc) {
                agree++;
            }
            if (!row.isNullAt(6)) {
                decided++;
                decidedAgree += trueSc == estSc ? 1 : 0;
            }
            if (trueSc && estSc && !row.isNullAt(7)) {
                tc2 += Math.pow(row.getDouble(7) - tc[p], 2);
                ntc++;
            }
            if (!row.isNullAt(8) && Double.isFinite(laNi[p])) {
                ln2 += Math.pow(row.getDouble(8) - laNi[p], 2);
                nln++;
            }
        }
        r.stressCompared = ns;
        r.scDecidedFraction = nOn > 0 ? (double) decided / nOn : Double.NaN;
        r.scRightAmongDecided = decided > 0 ? (double) decidedAgree / decided : Double.NaN;
        if (ns > 0) {
            r.sigmaZzRmsGpa = Math.sqrt(sz2 / ns);
            r.tauMaxRmsGpa = Math.sqrt(ta2 / ns);
            r.sigmaZzPullRms = Math.sqrt(szPull / ns);
            r.tauMaxPullRms = Math.sqrt(taPull / ns);
        }
        r.onSample = nOn;
        if (nOn > 0) {
            r.scClassifiedFraction = (double) agree / nOn;
        }
        r.tcCompared = ntc;
        if (ntc > 0) {
            r.tcRmsK = Math.sqrt(tc2 / ntc);
        }
        r.laNiCompared = nln;
        if (nln > 0) {
            r.laNiRmsOnSample = Math.sqrt(ln2 / nln);
        }

        // Registration: the EDX position each ODMR pixel maps to, against the true transform, over the sample.
        double[] a = truth.edxToOdmrAffine(); // x = a0 u + a1 v + a2, y = a3 u + a4 v + a5
        double det = a[0] * a[4] - a[1] * a[3];
        List<Row> comp = wh.read(spark, Tables.COMPOSITION).select("pixel_y", "pixel_x", "edx_y_px", "edx_x_px").collectAsList();
        double reg2 = 0;
        int nreg = 0;
        for (Row row : comp) {
            int y = row.getInt(0);
            int x = row.getInt(1);
            if (!onSample[y * w + x] || row.isNullAt(2) || row.isNullAt(3)) {
                continue;
            }
            double dx = x - a[2];
            double dy = y - a[5];
            double u = (a[4] * dx - a[1] * dy) / det;
            double v = (-a[3] * dx + a[0] * dy) / det;
            // Error of the EDX position, expressed in ODMR pixels through the true transform's scale.
            double eu = row.getDouble(3) - u;
            double ev = row.getDouble(2) - v;
            double ex = a[0] * eu + a[1] * ev;
            double ey = a[3] * eu + a[4] * ev;
            reg2 += ex * ex + ey * ey;
            nreg++;
        }
        if (nreg > 0) {
            r.registrationRmsPx = Math.sqrt(reg2 / nreg);
        }
        return r;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
            "B_par: RMS %.3f G, median |err| %.3f G, RMS pull %.2f over %d of %d sweep-pixels%n%s"
                + "sigma_ZZ: RMS %.3f GPa (pull %.2f); tau_max: RMS %.3f GPa (pull %.2f) over %d pixels%n"
                + "Tc: %.1f %% of %d on-sample pixels classified right (unclassified counted wrong; %.1f %% have a verdict, "
                + "%.1f %% of those right); Tc(fit) RMS %.2f K over %d pixels%n"
                + "La:Ni RMS %.4f over %d on-sample pixels; registration RMS %.3f ODMR px",
            bParRmsGauss, bParMedianAbsGauss, bParPullRms, bParCompared, physicsRows, bParByProtocol, sigmaZzRmsGpa, sigmaZzPullRms,
            tauMaxRmsGpa, tauMaxPullRms, stressCompared, 100 * scClassifiedFraction, onSample, 100 * scDecidedFraction,
            100 * scRightAmongDecided, tcRmsK, tcCompared,
            laNiRmsOnSample, laNiCompared, registrationRmsPx);
    }

    public static void main(String[] args) {
        SparkSession spark = org.culet.spark.SharedSpark.session();
        System.out.println(compute(spark, Path.of(args[0]), Path.of(args[1]).toUri().toString()));
    }
}
