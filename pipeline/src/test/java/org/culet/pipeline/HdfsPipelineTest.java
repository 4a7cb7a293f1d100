package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.culet.io.Location;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The acquisition and the warehouse on a real HDFS (an in-process MiniDFSCluster: one NameNode and one DataNode on
 * 127.0.0.1, from org.apache.hadoop:hadoop-client-minicluster 3.5.0, the version of Spark 4.2.0's shaded Hadoop
 * client): the tasks read their tile windows from hdfs:// through positioned reads, the tables are published to
 * hdfs://, and they equal the run of the same acquisition on the local disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsPipelineTest {
    private MiniDFSCluster cluster;
    private Path local;
    private SparkSession spark;
    private String hdfsRoot;

    @BeforeAll
    void startHdfsAndSimulate() throws Exception {
        spark = SharedSpark.session();
        Path base = Files.createTempDirectory("culet-hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setBoolean("dfs.permissions.enabled", false);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfsRoot = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        local = base.resolve("tiny");
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "11", "--out", local.toString())).isZero();
        FileSystem fs = cluster.getFileSystem();
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
            new org.apache.hadoop.fs.Path(hdfsRoot + "/data/tiny"));
    }

    @AfterAll
    void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private static CuletConfig config() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.tile-size-px", "8");
        o.put("culet.pipeline.partitions", "2");
        o.put("culet.pipeline.progress-interval-s", "0");
        return CuletConfig.load(null, o);
    }

    @Test
    void aWindowReadOnHdfsEqualsTheLocalRead() throws Exception {
        Location remote = Location.of(hdfsRoot + "/data/tiny/sweeps/s0003.h5");
        assertThat(remote.isLocal()).isFalse();
        double[] a = new double[120 * 5 * 7];
        double[] b = new double[120 * 5 * 7];
        try (SweepReader r = SweepReaders.open(remote, SweepFormat.AUTO, null);
             SweepReader l = SweepReaders.open(local.resolve("sweeps/s0003.h5"))) {
            assertThat(r.frequenciesHz()).containsExactly(l.frequenciesHz());
            r.readWindow(3, 9, 5, 7, a);
            l.readWindow(3, 9, 5, 7, b);
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void thePipelineFromHdfsToHdfsPublishesTheTablesOfTheLocalRun() throws Exception {
        String localWh = local.getParent().resolve("wh-local").toUri().toString();
        CuletJob.run(spark, config(), local, localWh, false, "RUN");
        String hdfsWh = hdfsRoot + "/warehouse";
        CuletJob.Result r = CuletJob.run(spark, config(), Location.of(hdfsRoot + "/data/tiny"), hdfsWh, false, "RUN");
        assertThat(r.rowCounts()).containsEntry("pixel_table", 256L).containsEntry("quarantine", 0L);
        assertThat(cluster.getFileSystem().exists(new org.apache.hadoop.fs.Path("/warehouse/tables/pixel_table"))).isTrue();
        Dataset<Row> remote = Warehouse.open(spark, hdfsWh).read(spark, Tables.PIXEL_TABLE);
        Dataset<Row> ref = Warehouse.open(spark, localWh).read(spark, Tables.PIXEL_TABLE);
        assertThat(remote.count()).isEqualTo(256);
        assertThat(remote.exceptAll(ref).count()).isZero();
        assertThat(ref.exceptAll(remote).count()).isZero();
        // the sweeps table carries the same checksums: the bytes read from HDFS are the local bytes
        Dataset<Row> s1 = Warehouse.open(spark, hdfsWh).read(spark, Tables.SWEEPS).select("sweep_id", "file_sha256");
        Dataset<Row> s2 = Warehouse.open(spark, localWh).read(spark, Tables.SWEEPS).select("sweep_id", "file_sha256");
        assertThat(s1.exceptAll(s2).count()).isZero();
        assertThat(s1.filter("file_sha256 IS NULL").count()).isZero();
    }
}
