package org.culet.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.culet.config.UserException;
import org.culet.spark.QuarantineRecord;
import org.culet.spark.SharedSpark;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse commit protocol: publish, replace, refuse, lock, crash and recovery, evolution, DuckDB. */
class WarehouseTest {
    private static final StructType PIXELS = DataTypes.createStructType(List.of(
        DataTypes.createStructField("tile_id", DataTypes.IntegerType, false),
        DataTypes.createStructField("pixel_y", DataTypes.IntegerType, false),
        DataTypes.createStructField("pixel_x", DataTypes.IntegerType, false),
        DataTypes.createStructField("sigma_zz_gpa", DataTypes.DoubleType, true),
        DataTypes.createStructField("tau_measure", DataTypes.StringType, true),
        DataTypes.createStructField("status", DataTypes.StringType, false)));

    @TempDir
    Path dir;
    SparkSession spark;
    String uri;

    @BeforeEach
    void setUp() {
        spark = SharedSpark.session();
        uri = dir.resolve("wh").toUri().toString();
    }

    /** 2 x 3 pixels whose sigma_zz encodes a version tag, so replaced rows are recognisable. */
    private Dataset<Row> pixels(double version) {
        List<Row> rows = new ArrayList<>();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                rows.add(RowFactory.create(0, y, x, version + y * 0.1 + x * 0.01, "TAU_MAX", "OK"));
            }
        }
        return spark.createDataFrame(rows, PIXELS);
    }

    private Dataset<Row> sweeps(int n) {
        StructType schema = DataTypes.createStructType(List.of(
            DataTypes.createStructField("sweep_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("protocol", DataTypes.StringType, false),
            DataTypes.createStructField("temperature_k", DataTypes.DoubleType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(i, "sweeps/s" + i + ".h5", "ZFC", 20.0 + 5 * i, "OK"));
        }
        return spark.createDataFrame(rows, schema);
    }

    private Manifest stageAndCommit(RunWriter run, double version) {
        run.write(Tables.SWEEPS, sweeps(3));
        run.write(Tables.PIXEL_TABLE, pixels(version));
        return run.commit(CommitInfo.create().config(SharedSpark.config())
            .inputChecksums(Map.of("sweeps/s0.h5", "ab", "sweeps/s1.h5", "cd"))
            .stageTimes(Map.of("fit", 1.5)));
    }

    private Manifest publish(String sample, double pressure, double version, boolean overwrite) {
        Warehouse wh = Warehouse.open(spark, uri);
        try (RunWriter run = wh.begin(spark, sample, pressure, overwrite, overwrite ? "OVERWRITE" : "RUN")) {
            return stageAndCommit(run, version);
        }
    }

    /** A run whose driver "dies" at {@code step}: no close, no cleanup, the lock stays. */
    private void publishAndCrash(String sample, double pressure, double version, String step) {
        RunWriter run = Warehouse.open(spark, uri).begin(spark, sample, pressure, true, "OVERWRITE");
        run.withHook(crashAt(step));
        assertThatThrownBy(() -> stageAndCommit(run, version)).isInstanceOf(SimulatedCrash.class);
    }

    private Map<String, Double> sigmaByPixel(String sample) {
        return Warehouse.open(spark, uri).read(spark, Tables.PIXEL_TABLE)
            .filter("sample_id = '" + sample + "'").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("pressure_gpa") + ":" + r.getAs("pixel_y") + "," + r.getAs("pixel_x"),
                r -> (Double) r.getAs("sigma_zz_gpa")));
    }

    @Test
    void publishWritesPartitionsManifestAndSuccessMarker() throws Exception {
        Manifest m = publish("S1", 12.5, 10.0, false);
        Path part = dir.resolve("wh/tables/pixel_table/sample_id=S1/pressure_gpa=12.5");
        assertThat(part).isDirectory();
        try (Stream<Path> files = Files.list(part)) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))).isTrue();
        }
        Path mdir = dir.resolve("wh/manifests/sample_id=S1/pressure_gpa=12.5");
        assertThat(mdir.resolve("_SUCCESS")).exists();
        assertThat(mdir.resolve("effective-config.conf")).content().contains("tile-size-px");
        Manifest onDisk = Manifest.fromJson(Files.readString(mdir.resolve("manifest.json")));
        assertThat(onDisk).isEqualTo(m);
        assertThat(m.schemaVersion()).isEqualTo(Tables.SCHEMA_VERSION);
        assertThat(m.rowCounts()).containsEntry("pixel_table", 6L).containsEntry("sweeps", 3L)
            .containsEntry("quarantine", 0L).containsEntry("pixel_fits", 0L).containsEntry("run_log", 1L);
        Row log = Warehouse.open(spark, uri).read(spark, Tables.RUN_LOG).first();
        assertThat((String) log.getAs("run_id")).isEqualTo(m.runId());
        assertThat((String) log.getAs("outcome")).isEqualTo("PUBLISHED");
        assertThat((String) log.getAs("inputs_sha256")).isEqualTo(m.inputsSha256());
        assertThat(log.<String, Long>getJavaMap(log.fieldIndex("row_counts"))).containsEntry("pixel_table", 6L);
        assertThat(m.inputChecksums()).containsEntry("sweeps/s0.h5", "ab");
        assertThat(m.inputsSha256()).isEqualTo(Checksums.combined(Map.of("sweeps/s1.h5", "cd", "sweeps/s0.h5", "ab")));
        assertThat(m.stageTimesS()).containsEntry("fit", 1.5);
        assertThat(m.effectiveConfig()).contains("stringency");
        // Nothing left in staging, journal or trash; the lock is released.
        assertThat(dir.resolve("wh/_staging")).isEmptyDirectory();
        assertThat(dir.resolve("wh/_journal")).isEmptyDirectory();
        assertThat(dir.resolve("wh/_lock")).doesNotExist();

        Dataset<Row> table = Warehouse.open(spark, uri).read(spark, Tables.PIXEL_TABLE);
        assertThat(table.columns()).containsExactly(Tables.PIXEL_TABLE.columnNames().toArray(new String[0]));
        assertThat(table.schema().apply("pressure_gpa").metadata().getString("unit")).isEqualTo("GPa");
        assertThat(table.schema().apply("tc_onset_k").metadata().getString("comment")).endsWith("[K]");
        assertThat(table.count()).isEqualTo(6);
        Row first = table.orderBy("pixel_y", "pixel_x").first();
        assertThat((String) first.getAs("sample_id")).isEqualTo("S1");
        assertThat((Double) first.getAs("pressure_gpa")).isEqualTo(12.5);
        assertThat((Double) first.getAs("sigma_zz_gpa")).isEqualTo(10.0);
        assertThat((Object) first.getAs("tc_onset_k")).isNull();
        // A table no run wrote reads as empty, with its schema.
        Dataset<Row> quarantine = Warehouse.open(spark, uri).read(spark, Tables.QUARANTINE);
        assertThat(quarantine.count()).isZero();
        assertThat(quarantine.columns()).contains("reason", "detail");
    }

    @Test
    void rerunReplacesOnlyItsOwnPartitionsAndGivesTheSameRows() throws IOException {
        publish("S1", 10.0, 1.0, false);
        publish("S2", 10.0, 2.0, false);
        publish("S1", 20.0, 3.0, false);
        Path other = dir.resolve("wh/tables/pixel_table/sample_id=S2/pressure_gpa=10.0");
        List<String> otherFiles;
        try (Stream<Path> s = Files.list(other)) {
            otherFiles = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Map<String, Double> before = sigmaByPixel("S1");

        publish("S1", 10.0, 5.0, true);
        Map<String, Double> s1 = sigmaByPixel("S1");
        assertThat(s1).hasSize(12); // 6 at 10 GPa (replaced) + 6 at 20 GPa (untouched)
        List<Row> at10 = Warehouse.open(spark, uri).read(spark, Tables.PIXEL_TABLE)
            .filter("sample_id = 'S1' AND pressure_gpa = 10.0").collectAsList();
        assertThat(at10).hasSize(6).allSatisfy(r -> assertThat((Double) r.getAs("sigma_zz_gpa")).isBetween(5.0, 5.2));
        assertThat(sigmaByPixel("S2").values()).allSatisfy(v -> assertThat(v).isBetween(2.0, 2.2));
        try (Stream<Path> s = Files.list(other)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(otherFiles);
        }
        // Re-running with the same input gives the same rows.
        publish("S1", 10.0, 1.0, true);
        // A re-run without a table removes the acquisition's old rows of that table (nothing stale stays).
        Warehouse wh = Warehouse.open(spark, uri);
        try (RunWriter run = wh.begin(spark, "S2", 10.0, true, "OVERWRITE")) {
            run.write(Tables.SWEEPS, sweeps(3));
            run.commit(CommitInfo.create().config(SharedSpark.config()));
        }
        assertThat(sigmaByPixel("S2")).isEmpty();
        assertThat(sigmaByPixel("S1")).hasSize(12);
        assertThat(sigmaByPixel("S1")).isEqualTo(before);
        assertThat(Warehouse.open(spark, uri).read(spark, Tables.SWEEPS).count()).isEqualTo(9); // 3 acquisitions
        // run_log is history: appended by every publish, never replaced (3 runs of S1 @ 10 GPa so far).
        assertThat(Warehouse.open(spark, uri).read(spark, Tables.RUN_LOG)
            .filter("sample_id = 'S1' AND pressure_gpa = 10.0").count()).isEqualTo(3);
    }

    @Test
    void existingOutputIsRefusedWithoutOverwriteBeforeAnyComputing() {
        publish("S1", 10.0, 1.0, false);
        // No SparkSession needed: this is what culet run calls first.
        Warehouse wh = Warehouse.open(uri, new Configuration());
        assertThatThrownBy(() -> wh.checkWritable("S1", 10.0, false)).isInstanceOf(UserException.class)
            .hasMessageContaining("already holds output for sample S1 at 10.0 GPa").hasMessageContaining("--overwrite");
        wh.checkWritable("S1", 10.0, true);
        wh.checkWritable("S1", 11.0, false);
        assertThatThrownBy(() -> publish("S1", 10.0, 9.0, false)).isInstanceOf(UserException.class);
        assertThat(sigmaByPixel("S1").values()).allSatisfy(v -> assertThat(v).isBetween(1.0, 1.2));
        assertThat(dir.resolve("wh/_lock")).doesNotExist();
        assertThatThrownBy(() -> wh.checkWritable("S 1/x", 10.0, false)).isInstanceOf(UserException.class)
            .hasMessageContaining("sample id");
    }

    @Test
    void aSecondConcurrentRunIsRefusedByTheLock() {
        Warehouse wh = Warehouse.open(spark, uri);
        try (RunWriter first = wh.begin(spark, "S1", 10.0, false, "RUN")) {
            Warehouse other = Warehouse.open(uri, new Configuration());
            assertThatThrownBy(() -> other.begin(spark, "S2", 10.0, false, "RUN"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("in use by another culet run")
                .hasMessageContaining(first.runId())
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> other.checkWritable("S2", 10.0, false))
                .hasMessageContaining("in use by another culet run");
        }
        // Aborted: the lock is free again and nothing was published.
        publish("S2", 10.0, 2.0, false);
        assertThat(Warehouse.open(spark, uri).manifests()).containsOnlyKeys("sample_id=S2/pressure_gpa=10.0");
    }

    /** Thrown by a hook to stop the commit like a killed driver: no cleanup runs. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("simulated crash at " + step);
        }
    }

    private static CommitHook crashAt(String step) {
        return s -> {
            if (s.equals(step)) {
                throw new SimulatedCrash(s);
            }
        };
    }

    /** Makes the lock look like the one of a driver process that died (a real, finished process's pid). */
    private void lockOwnerDied() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path lock = dir.resolve("wh/_lock");
        String json = Files.readString(lock);
        Files.writeString(lock, json.replaceFirst("\"pid\":\\d+", "\"pid\":" + p.pid()));
    }

    @Test
    void aCrashBetweenStagingAndPublishLeavesThePublishedTableIntact() throws Exception {
        publish("S1", 10.0, 1.0, false);
        Map<String, Double> published = sigmaByPixel("S1");
        publishAndCrash("S1", 10.0, 7.0, "success-marker");
        assertThat(dir.resolve("wh/_staging")).isNotEmptyDirectory();
        lockOwnerDied();
        // Readers see the old rows, never the staged ones.
        assertThat(sigmaByPixel("S1")).isEqualTo(published);
        assertThat(Warehouse.open(spark, uri).manifest("S1", 10.0)).hasValueSatisfying(
            m -> assertThat(m.rowCounts()).containsEntry("pixel_table", 6L));
        // A staging folder is never readable as a warehouse.
        Path staging;
        try (Stream<Path> s = Files.list(dir.resolve("wh/_staging"))) {
            staging = s.findFirst().orElseThrow();
        }
        assertThatThrownBy(() -> Warehouse.open(spark, staging.toUri().toString()).read(spark, Tables.PIXEL_TABLE))
            .isInstanceOf(UserException.class).hasMessageContaining("staging area");
        // The next run takes over the dead run's lock, removes its staging and publishes.
        publish("S1", 10.0, 3.0, true);
        assertThat(sigmaByPixel("S1").values()).allSatisfy(v -> assertThat(v).isBetween(3.0, 3.2));
        assertThat(dir.resolve("wh/_staging")).isEmptyDirectory();
    }

    @Test
    void aCrashInTheMiddleOfThePublishIsRolledForwardByTheNextReader() throws Exception {
        publish("S1", 10.0, 1.0, false);
        publish("S2", 10.0, 2.0, false);
        publishAndCrash("S1", 10.0, 4.0, "moved:pixel_table");
        assertThat(dir.resolve("wh/_journal")).isNotEmptyDirectory();
        // While the (live) publisher holds the lock, readers refuse instead of reading half a publish.
        assertThatThrownBy(() -> sigmaByPixel("S1")).isInstanceOf(UserException.class)
            .hasMessageContaining("in use by another culet run");
        lockOwnerDied();
        assertThat(sigmaByPixel("S1").values()).hasSize(6).allSatisfy(v -> assertThat(v).isBetween(4.0, 4.2));
        assertThat(sigmaByPixel("S2").values()).hasSize(6).allSatisfy(v -> assertThat(v).isBetween(2.0, 2.2));
        assertThat(dir.resolve("wh/_journal")).isEmptyDirectory();
        assertThat(dir.resolve("wh/_lock")).doesNotExist();
        assertThat(Warehouse.open(spark, uri).manifest("S1", 10.0).orElseThrow().mode()).isEqualTo("OVERWRITE");
    }

    @Test
    void olderPartitionsGetNullsForAddedColumnsAndNewerOnesAreRefused() throws Exception {
        publish("S1", 10.0, 1.0, false);
        // Rewrite the partition as an older culet would have: without the nullable column tau_measure.
        Path part = dir.resolve("wh/tables/pixel_table/sample_id=S1/pressure_gpa=10.0");
        Path old = dir.resolve("old");
        TableDef t = Tables.PIXEL_TABLE;
        spark.read().parquet(part.toString()).drop("tau_measure").coalesce(1).write().parquet(old.toString());
        try (Stream<Path> s = Files.list(part)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> s = Files.list(old)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                Files.move(p, part.resolve(p.getFileName()));
            }
        }
        assertThat(spark.read().parquet(part.toString()).columns()).doesNotContain("tau_measure");
        Dataset<Row> read = Warehouse.open(spark, uri).read(spark, t);
        assertThat(read.columns()).contains("tau_measure");
        assertThat(read.filter("tau_measure IS NULL").count()).isEqualTo(6);
        assertThat(read.filter("sigma_zz_gpa >= 1.0").count()).isEqualTo(6);

        // A manifest from a newer schema version is refused with a clear message.
        Path manifest = dir.resolve("wh/manifests/sample_id=S1/pressure_gpa=10.0/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"schema_version\" : \\d+",
            "\"schema_version\" : " + (Tables.SCHEMA_VERSION + 1)));
        assertThatThrownBy(() -> Warehouse.open(spark, uri).read(spark, t)).isInstanceOf(UserException.class)
            .hasMessageContaining("newer than this culet");
    }

    @Test
    void unpublishedPartitionsAndForeignFoldersAreRefused() throws IOException {
        publish("S1", 10.0, 1.0, false);
        Files.createDirectories(dir.resolve("wh/tables/pixel_table/sample_id=X/pressure_gpa=1.0"));
        assertThatThrownBy(() -> Warehouse.open(spark, uri).read(spark, Tables.PIXEL_TABLE))
            .isInstanceOf(UserException.class).hasMessageContaining("without a published manifest");
        assertThatThrownBy(() -> Warehouse.open(spark, dir.resolve("nothing").toString()).requireReadable())
            .isInstanceOf(UserException.class).hasMessageContaining("not a culet warehouse");
    }

    @Test
    void quarantineCountsComeFromTheQuarantineTable() {
        Warehouse wh = Warehouse.open(spark, uri);
        Manifest m;
        try (RunWriter run = wh.begin(spark, "S1", 10.0, false, "RUN")) {
            List<Row> rows = List.of(
                QuarantineRecord.of("READ", "NAN_FRAME", QuarantineRecord.Scope.FRAME, "NaN", "fix").withSweep("3")
                    .withFrame(7).toRow("S1", 10.0),
                QuarantineRecord.of("READ", "NAN_FRAME", QuarantineRecord.Scope.FRAME, "NaN", "fix").withSweep("4")
                    .withFrame(1).toRow("S1", 10.0),
                QuarantineRecord.of("FIT", "SATURATED", QuarantineRecord.Scope.PIXEL, "sat", "fix").withPixel(1, 2)
                    .toRow("S1", 10.0));
            run.write(Tables.QUARANTINE, spark.createDataFrame(rows, Tables.QUARANTINE.schema()));
            m = run.commit(CommitInfo.create().config(SharedSpark.config()));
        }
        assertThat(m.quarantineCounts()).containsExactly(Map.entry("FIT/SATURATED", 1L), Map.entry("READ/NAN_FRAME", 2L));
        assertThat(m.quarantinedTotal()).isEqualTo(3);
        Row r = Warehouse.open(spark, uri).read(spark, Tables.QUARANTINE).filter("sweep_id = '3'").first();
        assertThat((Integer) r.getAs("frame_index")).isEqualTo(7);
    }

    @Test
    void duckDbReadsThePublishedParquet() throws Exception {
        publish("S1", 12.5, 1.0, false);
        publish("007", 20.0, 2.0, false);
        // Spark keeps the leading zeros of a numeric-looking sample id (the schema says STRING) ...
        assertThat(Warehouse.open(spark, uri).read(spark, Tables.PIXEL_TABLE).filter("sample_id = '007'").count())
            .isEqualTo(6);
        // ... and DuckDB does too when told the partition types (README).
        String glob = dir.resolve("wh/tables/pixel_table").toString() + "/**/*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sample_id, pressure_gpa, count(*) AS n, max(sigma_zz_gpa) AS s "
                 + "FROM read_parquet('" + glob + "', hive_partitioning = true, "
                 + "hive_types = {'sample_id': VARCHAR, 'pressure_gpa': DOUBLE}) GROUP BY ALL ORDER BY sample_id DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("sample_id")).isEqualTo("S1");
            assertThat(rs.getDouble("pressure_gpa")).isEqualTo(12.5);
            assertThat(rs.getLong("n")).isEqualTo(6);
            assertThat(rs.getDouble("s")).isEqualTo(1.12, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("sample_id")).isEqualTo("007");
            assertThat(rs.getDouble("pressure_gpa")).isEqualTo(20.0);
            assertThat(rs.next()).isFalse();
        }
    }
}
