package org.culet.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.culet.pipeline.CuletJob;
import org.culet.spark.SparkSessions;

/**
 * The fixtures of this module's tests: the one SparkSession of the test JVM (local[2], built through
 * {@link SparkSessions} like pipeline's SharedSpark) and one small warehouse made once per JVM by the real pipeline
 * from the tiny synthetic preset (16 x 16 px, 5 sweeps; 300 frequency points as in CuletJobTest).
 */
public final class TestWarehouse {
    private static SparkSession session;
    private static CuletConfig config;
    private static String warehouse;
    private static CuletJob.Result result;

    private TestWarehouse() {
    }

    public static synchronized SparkSession spark() {
        if (session == null) {
            String warehouseDir;
            try {
                warehouseDir = Files.createTempDirectory("culet-export-spark-sql-warehouse").toUri().toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            config = CuletConfig.load(null, Map.of(
                "culet.spark.master", "\"local[2]\"",
                "culet.spark.ui-enabled", "false",
                "culet.spark.conf.\"spark.sql.shuffle.partitions\"", "2",
                "culet.spark.conf.\"spark.default.parallelism\"", "2",
                "culet.spark.conf.\"spark.sql.warehouse.dir\"", "\"" + warehouseDir + "\""));
            session = SparkSessions.create(config, "culet-export-tests");
        }
        return session;
    }

    /** URI of the tiny warehouse (built on first use, about half a minute). */
    public static synchronized String warehouse() throws IOException {
        if (warehouse == null) {
            SparkSession spark = spark();
            Path root = Files.createTempDirectory("culet-export-test");
            Path acquisition = root.resolve("tiny");
            assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "5", "--out", acquisition.toString(),
                "-Dculet.simulate.presets.tiny.frequency-points=300")).isZero();
            Map<String, String> o = new LinkedHashMap<>();
            o.put("culet.spark.master", "\"local[2]\"");
            o.put("culet.pipeline.progress-interval-s", "0");
            String uri = root.resolve("warehouse").toUri().toString();
            result = CuletJob.run(spark, CuletConfig.load(null, o), acquisition, uri, false, "RUN");
            warehouse = uri;
        }
        return warehouse;
    }

    /** The pipeline's result for the tiny warehouse. */
    public static synchronized CuletJob.Result result() throws IOException {
        warehouse();
        return result;
    }
}
