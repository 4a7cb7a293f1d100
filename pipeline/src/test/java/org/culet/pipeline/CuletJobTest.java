package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** culet run end to end on the tiny synthetic acquisition, on the shared local Spark session. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CuletJobTest {
    @TempDir
    Path dir;
    /** The simulated acquisition, shared by the tests (removed after the class like dir). */
    @TempDir
    static Path shared;
    private Path acquisition;
    private SparkSession spark;

    @BeforeAll
    void simulate() throws Exception {
        spark = SharedSpark.session();
        acquisition = shared.resolve("tiny");
        // 300 points (3 MHz steps) instead of the tiny preset's 120 so that 8-20 MHz lines are sampled as in the demo.
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "5", "--out", acquisition.toString(),
            "-Dculet.simulate.presets.tiny.frequency-points=300")).isZero();
    }

    private CuletConfig config(int tileSizePx, int partitions) {
        return config(tileSizePx, partitions, "auto");
    }

    private CuletConfig config(int tileSizePx, int partitions, String sweepThreads) {
        return config(tileSizePx, partitions, sweepThreads, "MEMORY_AND_DISK");
    }

    private CuletConfig config(int tileSizePx, int partitions, String sweepThreads, String cacheLevel) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.pipeline.sweep-threads", sweepThreads);
        o.put("culet.pipeline.cache-storage-level", cacheLevel);
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.tile-size-px", Integer.toString(tileSizePx));
        o.put("culet.pipeline.partitions", Integer.toString(partitions));
        o.put("culet.pipeline.progress-interval-s", "0");
        return CuletConfig.load(null, o);
    }

    @Test
    void publishesEveryTableWithOneRowPerPixelAndSweepAndRefusesToOverwriteSilently() {
        String warehouse = dir.resolve("wh").toUri().toString();
        CuletJob.Result r = CuletJob.run(spark, config(32, 0), acquisition, warehouse, false, "RUN");
        int pixels = 16 * 16;
        int sweeps = 5;
        assertThat(r.rowCounts()).containsEntry("sweeps", (long) sweeps)
            .containsEntry("pixel_fits", (long) sweeps * pixels).containsEntry("pixel_physics", (long) sweeps * pixels)
            .containsEntry("pixel_series", (long) pixels).containsEntry("composition", (long) pixels)
            .containsEntry("pixel_table", (long) pixels).containsEntry("quarantine", 0L);
        Warehouse wh = Warehouse.open(spark, warehouse);
        Dataset<Row> table = wh.read(spark, Tables.PIXEL_TABLE);
        assertThat(table.count()).isEqualTo(pixels);
        assertThat(table.select("pixel_y", "pixel_x").distinct().count()).isEqualTo(pixels);
        // Most spectra are fitted and inverted: a pipeline that drops or garbles rows fails here.
        long okFits = wh.read(spark, Tables.PIXEL_FITS).filter("status = 'OK'").count();
        assertThat(okFits).isGreaterThan(sweeps * pixels / 3);
        long stressed = table.filter("sigma_zz_gpa IS NOT NULL").count();
        assertThat(stressed).isGreaterThan(pixels / 2);
        assertThat(wh.manifest(r.manifest().sampleId(), r.manifest().pressureGpa())).isPresent();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> CuletJob.run(spark, config(32, 0), acquisition, warehouse, false, "RUN"))
            .isInstanceOf(UserException.class).hasMessageContaining("--overwrite");
        // Refused during ingest, before any fitting (the first run took many seconds).
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfPartitionsAndRerunsReplaceTheirRows() {
        String one = dir.resolve("one").toUri().toString();
        String three = dir.resolve("three").toUri().toString();
        // One partition whose sweeps run one at a time, against 3 then 2 partitions sharing 3 sweep threads (sweeps of
        // one tile fitted concurrently and out of order; the rows cached on disk only): the same rows.
        CuletJob.run(spark, config(8, 1, "1"), acquisition, one, false, "RUN");
        CuletJob.run(spark, config(8, 3, "3", "DISK_ONLY"), acquisition, three, false, "RUN");
        CuletJob.run(spark, config(8, 2, "3"), acquisition, three, true, "OVERWRITE");
        for (var table : List.of(Tables.PIXEL_TABLE, Tables.PIXEL_PHYSICS, Tables.PIXEL_FITS, Tables.PIXEL_SERIES)) {
            Dataset<Row> a = Warehouse.open(spark, one).read(spark, table);
            Dataset<Row> b = Warehouse.open(spark, three).read(spark, table);
            assertThat(b.count()).as(table.name()).isEqualTo(a.count()).isGreaterThanOrEqualTo(256);
            assertThat(a.exceptAll(b).count()).as(table.name()).isZero();
            assertThat(b.exceptAll(a).count()).as(table.name()).isZero();
        }
        Dataset<Row> a = Warehouse.open(spark, one).read(spark, Tables.PIXEL_TABLE);
        List<Row> edges = a.filter("pixel_x = 7 OR pixel_x = 8").select("tile_id").distinct().collectAsList();
        assertThat(edges).hasSizeGreaterThan(1); // tile edges are inside the compared rows
    }

    @Test
    void aRegionOfInterestTablesExactlyItsPixelsWithTheWholeFrameValues() {
        String whole = dir.resolve("roi-whole").toUri().toString();
        String part = dir.resolve("roi-part").toUri().toString();
        CuletJob.run(spark, config(8, 0), acquisition, whole, false, "RUN");
        CuletConfig roi = CuletConfig.load(null, Map.of("culet.spark.master", "\"local[2]\"",
            "culet.pipeline.tile-size-px", "8", "culet.pipeline.progress-interval-s", "0",
            "culet.pipeline.roi-px", "[3, 5, 7, 6]"));
        CuletJob.Result r = CuletJob.run(spark, roi, acquisition, part, false, "RUN");
        assertThat(r.rowCounts()).containsEntry("pixel_table", 42L).containsEntry("pixel_fits", 5 * 42L)
            .containsEntry("composition", 42L);
        Dataset<Row> a = Warehouse.open(spark, whole).read(spark, Tables.PIXEL_TABLE).alias("a");
        Dataset<Row> b = Warehouse.open(spark, part).read(spark, Tables.PIXEL_TABLE).alias("b");
        assertThat(b.filter("pixel_y < 3 OR pixel_y > 9 OR pixel_x < 5 OR pixel_x > 10").count()).isZero();
        // The region's tiles are cropped, so a few neighbour seeds differ: fits reach the same minimum, not the
        // same bits. sigma_ZZ agrees to 0.01 GPa (a tenth of the target accuracy) for nearly every pixel.
        Dataset<Row> both = a.join(b, scala.jdk.javaapi.CollectionConverters.asScala(List.of("pixel_y", "pixel_x")).toSeq())
            .filter("a.sigma_zz_gpa IS NOT NULL AND b.sigma_zz_gpa IS NOT NULL");
        long compared = both.count();
        long agreeing = both.filter("abs(a.sigma_zz_gpa - b.sigma_zz_gpa) < 0.01").count();
        assertThat(compared).isGreaterThan(21);
        assertThat(agreeing).isGreaterThanOrEqualTo((long) Math.ceil(0.9 * compared));
        assertThat(b.select("tile_id").distinct().count()).isEqualTo(4); // the region crosses 4 tiles of 8 px
    }

    @Test
    void lenientQuarantinesACorruptSweepAndStrictStopsNamingIt() throws Exception {
        Path copy = dir.resolve("corrupt");
        try (var paths = Files.walk(acquisition)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = copy.resolve(acquisition.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.write(copy.resolve("sweeps/s0002.h5"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThatThrownBy(() -> CuletJob.run(spark, config(32, 0), copy, dir.resolve("strict").toUri().toString(), false, "RUN"))
            .isInstanceOf(UserException.class).hasMessageContaining("s0002").hasMessageContaining("fix:");

        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.stringency", "LENIENT");
        o.put("culet.pipeline.progress-interval-s", "0");
        String warehouse = dir.resolve("lenient").toUri().toString();
        CuletJob.Result r = CuletJob.run(spark, CuletConfig.load(null, o), copy, warehouse, false, "RUN");
        assertThat(r.rowCounts()).containsEntry("pixel_fits", 4L * 256).containsEntry("sweeps", 5L);
        Warehouse wh = Warehouse.open(spark, warehouse);
        List<Row> q = wh.read(spark, Tables.QUARANTINE).filter("scope = 'SWEEP'").collectAsList();
        assertThat(q).hasSize(1);
        assertThat(q.get(0).<String>getAs("sweep_id")).isEqualTo("s0002");
        assertThat(q.get(0).<String>getAs("file")).isEqualTo("sweeps/s0002.h5");
        assertThat(q.get(0).<String>getAs("detail")).contains("fix");
        assertThat(wh.read(spark, Tables.SWEEPS).filter("status = 'QUARANTINED'").count()).isEqualTo(1);
        assertThat(r.manifest().quarantinedTotal()).isGreaterThanOrEqualTo(1);
    }
}
