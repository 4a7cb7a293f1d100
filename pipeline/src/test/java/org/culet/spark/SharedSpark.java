package org.culet.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;

/**
 * The one SparkSession of a test JVM (surefire reuses one fork): local[2], 2 shuffle partitions, UI off,
 * built through {@link SparkSessions#create} so tests run with the production settings. A cold start costs
 * 3 to 5 s, a reuse nothing; never stop it in a test. Every Spark test in the project uses this.
 */
public final class SharedSpark {
    private static SparkSession session;
    private static CuletConfig config;

    private SharedSpark() {
    }

    /** The shared session (created on first use). */
    public static synchronized SparkSession session() {
        if (session == null) {
            String warehouseDir;
            try {
                warehouseDir = Files.createTempDirectory("culet-spark-sql-warehouse").toUri().toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            config = CuletConfig.load(null, Map.of(
                "culet.spark.master", "\"local[2]\"",
                "culet.spark.ui-enabled", "false",
                "culet.spark.conf.\"spark.sql.shuffle.partitions\"", "2",
                "culet.spark.conf.\"spark.default.parallelism\"", "2",
                "culet.spark.conf.\"spark.sql.warehouse.dir\"", "\"" + warehouseDir + "\""));
            session = SparkSessions.create(config, "culet-tests");
        }
        return session;
    }

    /** The configuration the shared session was built from (defaults plus the test overrides above). */
    public static synchronized CuletConfig config() {
        session();
        return config;
    }
}
