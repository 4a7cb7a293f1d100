package org.culet.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.culet.config.CuletConfig;
import org.culet.spark.SparkSessions;
import org.culet.tables.Tables;

/**
 * Development tool (not a test): CPU cost of the fit stage's rows on their way into the cache. Builds rows as
 * TileProcessor does (a pixel_fits and a pixel_physics row per spectrum) in a lazy partition iterator on local[1]
 * and reports the CPU time of all JVM threads (ThreadMXBean) and of the process (includes GC and JIT) per 100k rows,
 * the best of the repeats after the first, for: build only (RDD count), build + encode (DataFrame toRdd count), build +
 * encode + columnar cache (persist MEMORY_AND_DISK, count), each through the public createDataFrame of external Rows
 * (build, encode, cache) and as internal rows (ibuild, iencode, icache; {@link SparkInternalRows}); "same" checks that
 * both give the same rows. -Dbench.threads=1 prints each thread's CPU.
 * Usage: java ... RowEncodingBench [rows=400000] [repeats=4] [modes=build,ibuild,encode,iencode,cache,icache]
 */
public final class RowEncodingBench {
    private RowEncodingBench() {
    }

    /** Rows of pixel_fits / pixel_physics filled like TileProcessor.fitAndInvert and emitPhysics, wrapped. */
    static Iterator<Row> externalRows(int count) {
        return rows(count, (kind, filled) -> UnifiedRows.wrap(kind, filled.build()));
    }

    /** The same rows built in Spark's internal format. */
    static Iterator<InternalRow> internalRows(int count) {
        return rows(count, (kind, filled) -> UnifiedRows.wrapInternal(kind, filled.buildInternal()));
    }

    /** count rows alternating pixel_fits and pixel_physics, each filled builder turned into a row by build. */
    private static <T> Iterator<T> rows(int count, java.util.function.BiFunction<String, RowBuilder, T> build) {
        return new Iterator<>() {
            private final RowBuilder fit = new RowBuilder(Tables.PIXEL_FITS);
            private final RowBuilder phys = new RowBuilder(Tables.PIXEL_PHYSICS);
            private final Sample sample = new Sample();
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public T next() {
                int k = i++;
                sample.next(k / 2);
                return (k & 1) == 0 ? build.apply(UnifiedRows.FIT, sample.fitRow(fit))
                    : build.apply(UnifiedRows.PHYSICS, sample.physicsRow(phys));
            }
        };
    }

    /** Deterministic stand-in for one spectrum's fit and inversion. */
    static final class Sample {
        final double[] centres = new double[8];
        final double[] centreErrs = new double[8];
        final double[] fwhms = new double[8];
        final double[] fwhmErrs = new double[8];
        final double[] contrasts = new double[8];
        final double[] contrastErrs = new double[8];
        final double[] baseline = new double[3];
        final double[] d = new double[4];
        final double[] e = new double[4];
        final String[] sweepIds = {"zfc_020K", "zfc_100K", "fc_020K", "rem_010K", "sref_300K"};
        int spectrum;
        int n;

        void next(int s) {
            spectrum = s;
            n = s % 10 == 0 ? 8 : 4;
            for (int k = 0; k < 8; k++) {
                centres[k] = 2800 + 20 * k + 1e-3 * s;
                centreErrs[k] = k == 3 && s % 7 == 0 ? Double.NaN : 0.1 + 1e-6 * s;
                fwhms[k] = 8.0 + 1e-4 * s;
                fwhmErrs[k] = 0.2;
                contrasts[k] = 0.007 + 1e-7 * s;
                contrastErrs[k] = 1e-4;
            }
            baseline[0] = 1e4 + s;
            baseline[1] = 0.01;
            for (int g = 0; g < 4; g++) {
                d[g] = 2870 + g + 1e-5 * s;
                e[g] = 10 + g;
            }
        }

        RowBuilder keys(RowBuilder b) {
            int y = (spectrum / 5) / 256;
            int x = (spectrum / 5) % 256;
            return b.set(Tables.SAMPLE_ID, "synthetic-La3Ni2O7").set(Tables.PRESSURE_GPA, 15.0)
                .set(Tables.TILE_ID, (y / 32) * 8 + x / 32).set(Tables.PIXEL_Y, y).set(Tables.PIXEL_X, x)
                .set(Tables.SWEEP_ID, sweepIds[spectrum % 5]);
        }

        RowBuilder fitRow(RowBuilder b) {
            return keys(b).set("n_lines", n).set("line_shape", "LORENTZIAN")
                .setDoubles("line_center_mhz", centres, n).setDoubles("line_center_err_mhz", centreErrs, n)
                .setDoubles("line_fwhm_mhz", fwhms, n).setDoubles("line_fwhm_err_mhz", fwhmErrs, n)
                .setDoubles("line_contrast", contrasts, n).setDoubles("line_contrast_err", contrastErrs, n)
                .set("baseline_model", "LINEAR").setDoubles("baseline_coefficients", baseline, 2)
                .setDouble("chi2", 300 + 1e-3 * spectrum).setDouble("reduced_chi2", 1.01)
                .set("iterations", 7 + spectrum % 5).set("seed_source", spectrum % 3 == 0 ? "TILE_AVERAGE" : "NEIGHBOUR")
                .set(Tables.STATUS, "OK");
        }

        RowBuilder physicsRow(RowBuilder b) {
            keys(b).setDouble("temperature_k", 20.0).setDouble("applied_field_gauss", 100.0).set("protocol", "ZFC")
                .setDouble("d0_reference_mhz", 2870.1).set(Tables.STATUS, "OK").set("method", "FIELD_AT_REFERENCE_STRESS")
                .setDouble("inversion_chi2", 2.5 + 1e-6 * spectrum)
                .setDoubles("d_mhz", d, 4).setDoubles("e_mhz", e, 4)
                .setDouble("b_par_gauss", 95 + 1e-4 * spectrum).setDouble("b_par_err_gauss", 0.5)
                .setDouble("b_perp_gauss", 3.0).setDouble("b_perp_err_gauss", 0.7);
            List<String> undetermined = new ArrayList<>();
            undetermined.add("sigma_xz_gpa");
            undetermined.add("sigma_yz_gpa");
            undetermined.add("sigma_xy_gpa");
            return b.set("undetermined", undetermined).setDouble("field_shift_gauss", -5.0)
                .setDouble("field_shift_err_gauss", 0.5).setDouble("field_ratio", 0.95).setDouble("field_ratio_err", 0.005);
        }
    }

    private static long threadsCpuNs(ThreadMXBean mx) {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static Map<String, Long> perThread(ThreadMXBean mx) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                out.merge(info.getThreadName().replaceAll("[0-9]+", "#"), Math.max(0, mx.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return out;
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    interface Job {
        long run();
    }

    private static void measure(String name, int rows, int repeats, Job job) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double bestThreads = Double.MAX_VALUE;
        double bestProcess = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            System.gc();
            Map<String, Long> before = perThread(mx);
            long t0 = threadsCpuNs(mx);
            long p0 = processCpuNs();
            long n = job.run();
            long t1 = threadsCpuNs(mx);
            long p1 = processCpuNs();
            if (n != rows) {
                throw new IllegalStateException(name + ": " + n + " rows");
            }
            double threadsMsPer100k = (t1 - t0) / 1e6 * 1e5 / rows;
            double processMsPer100k = (p1 - p0) / 1e6 * 1e5 / rows;
            System.out.printf("%-22s repeat %d: threads %7.1f ms CPU / 100k rows, process %7.1f ms / 100k%n", name, r,
                threadsMsPer100k, processMsPer100k);
            if (System.getProperty("bench.threads") != null) {
                Map<String, Long> after = perThread(mx);
                after.forEach((thread, ns) -> {
                    long d = ns - before.getOrDefault(thread, 0L);
                    if (d > 5_000_000) {
                        System.out.printf("    %-50s %7.1f ms%n", thread, d / 1e6);
                    }
                });
            }
            if (r > 0) {
                bestThreads = Math.min(bestThreads, threadsMsPer100k);
                bestProcess = Math.min(bestProcess, processMsPer100k);
            }
        }
        System.out.printf("%-22s BEST: threads %7.1f ms CPU / 100k rows, process %7.1f ms / 100k%n", name, bestThreads,
            bestProcess);
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String modes = args.length > 2 ? args[2] : "build,ibuild,encode,iencode,cache,icache";
        CuletConfig config = CuletConfig.load(null, Map.of("culet.spark.master", "\"local[1]\""));
        SparkSession spark = SparkSessions.create(config, "row-encoding-bench");
        spark.sparkContext().setLogLevel("WARN");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> one = jsc.parallelize(List.of(rows), 1);
        JavaRDD<Row> external = one.mapPartitions(it -> externalRows(it.next()));
        JavaRDD<InternalRow> internal = one.mapPartitions(it -> internalRows(it.next()));
        for (String mode : modes.split(",")) {
            switch (mode) {
                case "build" -> measure("external build", rows, repeats, external::count);
                case "encode" -> measure("external build+encode", rows, repeats,
                    () -> spark.createDataFrame(external, UnifiedRows.SCHEMA).queryExecution().toRdd().count());
                case "cache" -> measure("external build+enc+cache", rows, repeats, () -> {
                    Dataset<Row> df = spark.createDataFrame(external, UnifiedRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
                    long n = df.count();
                    df.unpersist(true);
                    return n;
                });
                case "ibuild" -> measure("internal build", rows, repeats, internal::count);
                case "iencode" -> measure("internal build+encode", rows, repeats,
                    () -> SparkInternalRows.createDataFrame(spark, internal.rdd(), UnifiedRows.SCHEMA).queryExecution().toRdd().count());
                case "icache" -> measure("internal build+enc+cache", rows, repeats, () -> {
                    Dataset<Row> df = SparkInternalRows.createDataFrame(spark, internal.rdd(), UnifiedRows.SCHEMA)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                    long n = df.count();
                    df.unpersist(true);
                    return n;
                });
                case "same" -> {
                    Dataset<Row> a = spark.createDataFrame(external, UnifiedRows.SCHEMA);
                    Dataset<Row> b = SparkInternalRows.createDataFrame(spark, internal.rdd(), UnifiedRows.SCHEMA);
                    System.out.println("same: a-b " + a.exceptAll(b).count() + ", b-a " + b.exceptAll(a).count()
                        + ", rows " + a.count() + " / " + b.count());
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        spark.stop();
    }
}
