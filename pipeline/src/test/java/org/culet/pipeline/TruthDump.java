package org.culet.pipeline;

import java.io.PrintWriter;
import java.nio.file.Files;
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
 * Development tool: writes one CSV row per sweep x pixel joining pixel_physics and pixel_fits with the
 * ground truth (true field vector, true 8 lines, true stress), for analysis outside the JVM.
 * {@code java -cp ... org.culet.pipeline.TruthDump ACQUISITION WAREHOUSE OUT.csv}
 */
final class TruthDump {
    private TruthDump() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("truth-dump")
            .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Path acq = Path.of(args[0]);
        GroundTruth truth = GroundTruth.load(acq);
        Warehouse wh = Warehouse.open(spark, args[1]);
        int w = truth.width();
        boolean[] on = truth.onSample();
        double[] szz = truth.sigmaZzGpa();
        double[] tauMax = truth.tauMaxGpa();
        double[] tauInt = truth.tauInterfaceGpa();
        double[] tc = truth.tcK();
        List<Row> rows = wh.read(spark, Tables.PIXEL_PHYSICS).alias("p")
            .join(wh.read(spark, Tables.PIXEL_FITS).alias("f"),
                scala.jdk.CollectionConverters.ListHasAsScala(List.of("sweep_id", "pixel_y", "pixel_x")).asScala().toSeq())
            .selectExpr("sweep_id", "pixel_y", "pixel_x", "p.protocol", "p.temperature_k", "p.applied_field_gauss",
                "b_par_gauss", "b_par_err_gauss", "b_perp_gauss", "sigma_zz_gpa", "tau_max_gpa", "tau_interface_gpa",
                "p.status AS pstatus", "f.status AS fstatus", "n_lines", "f.reduced_chi2", "inversion_chi2",
                "concat_ws(';', transform(line_center_mhz, v -> format_number(v, 3))) AS lines", "method",
                "concat_ws(';', transform(line_fwhm_mhz, v -> format_number(v, 3))) AS fwhms",
                "concat_ws(';', transform(line_contrast, v -> format_number(v, 5))) AS contrasts")
            .collectAsList();
        Map<String, double[][]> b = new HashMap<>();
        Map<String, double[][]> lines = new HashMap<>();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2])))) {
            out.println("sweep,y,x,protocol,t_k,b_app,on,bx,by,bz,szz_true,taumax_true,tauint_true,tc_true,"
                + "b_par,b_par_err,b_perp,szz,taumax,tauint,pstatus,fstatus,n_lines,fit_rchi2,inv_chi2,method,lines,true_lines,fwhms,contrasts");
            for (Row r : rows) {
                String id = r.getString(0);
                double[][] bt = b.computeIfAbsent(id, truth::bGauss);
                double[][] lt = lines.computeIfAbsent(id, truth::linesMhz);
                int p = r.getInt(1) * w + r.getInt(2);
                StringBuilder tl = new StringBuilder();
                for (int k = 0; k < lt.length; k++) {
                    tl.append(k > 0 ? ";" : "").append(String.format(Locale.ROOT, "%.3f", lt[k][p]));
                }
                out.printf(Locale.ROOT, "%s,%d,%d,%s,%.1f,%.3f,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s%n",
                    id, r.getInt(1), r.getInt(2), r.getString(3), r.getDouble(4), r.getDouble(5), on[p] ? 1 : 0,
                    bt[0][p], bt[1][p], bt[2][p], szz[p], tauMax[p], tauInt[p], tc[p],
                    v(r, 6), v(r, 7), v(r, 8), v(r, 9), v(r, 10), v(r, 11), r.getString(12), r.getString(13), r.getInt(14),
                    v(r, 15), v(r, 16), r.getString(18), r.getString(17).replace(",", ""), tl,
                    r.getString(19).replace(",", ""), r.getString(20).replace(",", ""));
            }
        }
        List<Row> px = wh.read(spark, Tables.PIXEL_TABLE).selectExpr("pixel_y", "pixel_x", "superconducting", "tc_fit_k",
            "tc_status", "field_ratio_low_t", "sigma_zz_gpa", "sigma_zz_err_gpa", "tau_max_gpa", "tau_max_err_gpa").collectAsList();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2] + ".pixels.csv")))) {
            out.println("y,x,on,tc_true,szz_true,taumax_true,tauint_true,sc,tc_fit,tc_status,ratio_low_t,szz,szz_err,taumax,taumax_err");
            for (Row r : px) {
                int p = r.getInt(0) * w + r.getInt(1);
                out.printf(Locale.ROOT, "%d,%d,%d,%.2f,%.4f,%.4f,%.4f,%s,%s,%s,%s,%s,%s,%s,%s%n", r.getInt(0), r.getInt(1), on[p] ? 1 : 0,
                    tc[p], szz[p], tauMax[p], tauInt[p], r.isNullAt(2) ? "null" : r.getBoolean(2) ? "1" : "0", v(r, 3), r.getString(4),
                    v(r, 5), v(r, 6), v(r, 7), v(r, 8), v(r, 9));
            }
        }
        spark.stop();
    }

    private static String v(Row r, int i) {
        return r.isNullAt(i) ? "nan" : String.format(Locale.ROOT, "%.5f", r.getDouble(i));
    }
}
