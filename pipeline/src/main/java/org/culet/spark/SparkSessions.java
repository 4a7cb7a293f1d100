package org.culet.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where culet builds a {@link SparkSession} (CLI commands, jobs and the test fixture
 * {@code SharedSpark} all come through here), so every run gets the same settings:
 * <ul>
 *   <li>master from {@code culet.spark.master} ({@code local[*]} by default), unless spark-submit already set
 *       {@code spark.master} (a cluster launch wins: it is deliberate);</li>
 *   <li>Spark UI off unless {@code culet.spark.ui-enabled}; no console progress bar (culet prints its own);</li>
 *   <li>{@code spark.sql.sources.partitionOverwriteMode=dynamic} (an overwrite replaces only the partitions
 *       it writes), session time zone UTC (timestamps in tables do not depend on the machine);</li>
 *   <li>the driver binds to {@code SPARK_LOCAL_IP} when it is set, and to 127.0.0.1 for a local master
 *       (a local run needs no network);</li>
 *   <li>anything in {@code culet.spark.conf { }} last, verbatim, so a site can override every default above.</li>
 * </ul>
 * Logging stays quiet through pipeline's log4j2.xml (Spark at WARN on the console).
 */
public final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    /** Builds (or returns the already running) session for {@code appName} from the configuration. */
    public static SparkSession create(CuletConfig config, String appName) {
        SparkConf conf = sparkConf(config.culet(), appName, System.getenv("SPARK_LOCAL_IP"));
        LOG.debug("Spark configuration: {}", conf.toDebugString());
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        LOG.info("Spark {} on {} ({} cores for tasks)", session.version(), session.sparkContext().master(),
            session.sparkContext().defaultParallelism());
        return session;
    }

    /**
     * The Spark configuration culet uses, without starting anything. {@code culet} is the {@code culet}
     * config subtree; {@code sparkLocalIp} the value of SPARK_LOCAL_IP or null.
     */
    public static SparkConf sparkConf(Config culet, String appName, String sparkLocalIp) {
        Config spark = culet.getConfig("spark");
        // new SparkConf() loads spark.* system properties, which is how spark-submit passes --master and --conf.
        SparkConf conf = new SparkConf();
        conf.setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(spark.getString("master"));
        }
        conf.set("spark.ui.enabled", Boolean.toString(spark.getBoolean("ui-enabled")));
        conf.set("spark.ui.showConsoleProgress", "false");
        conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        conf.set("spark.sql.session.timeZone", "UTC");
        // culet tables have up to ~60 columns: without this Spark warns about truncated plan strings.
        conf.set("spark.sql.debug.maxToStringFields", "500");
        conf.set("spark.sql.files.maxRecordsPerFile",
            Long.toString(culet.getLong("warehouse.max-records-per-file")));
        String master = conf.get("spark.master");
        String bindIp = sparkLocalIp != null && !sparkLocalIp.isBlank() ? sparkLocalIp.trim()
            : master.startsWith("local") ? "127.0.0.1" : null;
        if (bindIp != null) {
            conf.setIfMissing("spark.driver.host", bindIp);
            conf.setIfMissing("spark.driver.bindAddress", bindIp);
        }
        for (Map.Entry<String, String> e : extraConf(spark.getConfig("conf")).entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        return conf;
    }

    /**
     * Flattens {@code culet.spark.conf}: keys written quoted ({@code "spark.executor.memory" = 4g}) or as HOCON
     * paths ({@code spark.executor.memory = 4g}) both come out as {@code spark.executor.memory}.
     */
    static Map<String, String> extraConf(Config block) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
            Object value = e.getValue().unwrapped();
            out.put(key, String.valueOf(value));
        }
        return out;
    }
}
