package org.culet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.culet.config.CuletConfig;
import org.junit.jupiter.api.Test;

/** The Spark configuration culet builds, checked without starting Spark. */
class SparkSessionsTest {
    @Test
    void defaultsAreLocalQuietDynamicOverwrite() {
        SparkConf conf = SparkSessions.sparkConf(CuletConfig.defaults().culet(), "t", null);
        if (System.getProperty("spark.master") == null) {
            assertThat(conf.get("spark.master")).isEqualTo("local[*]");
        }
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
        assertThat(conf.get("spark.ui.showConsoleProgress")).isEqualTo("false");
        assertThat(conf.get("spark.sql.sources.partitionOverwriteMode")).isEqualTo("dynamic");
        assertThat(conf.get("spark.sql.session.timeZone")).isEqualTo("UTC");
        assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    }

    @Test
    void extraConfAcceptsQuotedAndPathKeysAndWinsOverDefaults() {
        CuletConfig config = CuletConfig.load(null, Map.of(
            "culet.spark.conf.\"spark.executor.memory\"", "3g",
            "culet.spark.conf.spark.sql.shuffle.partitions", "7",
            "culet.spark.conf.\"spark.ui.enabled\"", "true"));
        SparkConf conf = SparkSessions.sparkConf(config.culet(), "t", null);
        assertThat(conf.get("spark.executor.memory")).isEqualTo("3g");
        assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("7");
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("true");
    }

    @Test
    void sparkLocalIpIsUsedForTheDriver() {
        SparkConf conf = SparkSessions.sparkConf(CuletConfig.defaults().culet(), "t", "10.1.2.3");
        assertThat(conf.get("spark.driver.host")).isEqualTo("10.1.2.3");
        assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("10.1.2.3");
    }

    @Test
    void aMasterFromSparkSubmitWins() {
        String before = System.getProperty("spark.master");
        System.setProperty("spark.master", "spark://127.0.0.1:7077");
        try {
            SparkConf conf = SparkSessions.sparkConf(CuletConfig.defaults().culet(), "t", null);
            assertThat(conf.get("spark.master")).isEqualTo("spark://127.0.0.1:7077");
            assertThat(conf.contains("spark.driver.bindAddress")).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
    }
}
