package org.culet.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.culet.export.serve.ConnectServer;
import org.junit.jupiter.api.Test;

/**
 * culet serve's Spark Connect server, started in this JVM on the tiny warehouse, queried by the JVM Spark Connect
 * client in a child JVM (the client bundles stubs of Spark classes that clash with Spark on one class path).
 */
class ServeTest {
    @Test
    void aConnectClientQueriesTheTablesByNameOnLoopbackOnly() throws Exception {
        SparkSession spark = TestWarehouse.spark();
        String warehouse = TestWarehouse.warehouse();
        String sample = TestWarehouse.result().manifest().sampleId();
        ConnectServer server = ConnectServer.start(spark, warehouse, "127.0.0.1", 0);
        try {
            assertThat(server.tables()).contains("pixel_table", "pixel_physics", "phase_diagram", "sweeps", "run_log");
            assertThat(server.port()).isPositive();
            long pixels = spark.sql("SELECT count(*) FROM default.pixel_table").first().getLong(0);
            long onSample = spark.sql("SELECT count(*) FROM default.pixel_table WHERE on_sample").first().getLong(0);
            double szz = spark.sql("SELECT sum(sigma_zz_gpa) FROM default.pixel_table").first().getDouble(0);
            assertThat(pixels).isEqualTo(256);

            Path cpFile = Path.of(System.getProperty("culet.connect.client.classpath"));
            String testClasses = Path.of(ConnectClientMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx512m");
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-opens") || a.startsWith("-XX:") || a.startsWith("-Dio.netty")) {
                    cmd.add(a);
                }
            }
            cmd.add("-cp");
            cmd.add(testClasses + java.io.File.pathSeparator + Files.readString(cpFile).strip());
            cmd.add(ConnectClientMain.class.getName());
            cmd.add(server.url());
            cmd.add("SELECT count(*) FROM pixel_table");
            cmd.add("SELECT count(*) FROM pixel_table WHERE on_sample");
            cmd.add("SELECT sample_id, count(*) FROM pixel_physics GROUP BY sample_id");
            cmd.add("SELECT sum(sigma_zz_gpa) FROM pixel_table");
            ExternalTools.Run run = ExternalTools.run(Path.of("."), 180, cmd);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).as(run.output()).contains("CLIENT org.apache.spark.sql.connect.SparkSession")
                .contains("ROW\t1\t" + pixels + "\n").contains("ROW\t2\t" + onSample + "\n")
                .contains("ROW\t3\t" + sample + "\t" + 5 * 256 + "\n");
            String sum = run.output().lines().filter(l -> l.startsWith("ROW\t4\t")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(sum.split("\t")[2])).isEqualTo(szz);

            // Listening on loopback only: a non-loopback address of this machine refuses the connection.
            InetAddress other = nonLoopbackIpv4();
            if (other != null) {
                try (Socket s = new Socket()) {
                    boolean connected;
                    try {
                        s.connect(new InetSocketAddress(other, server.port()), 2000);
                        connected = true;
                    } catch (java.io.IOException refused) {
                        connected = false;
                    }
                    assertThat(connected).as("connection to " + other + ":" + server.port()).isFalse();
                }
            }
        } finally {
            server.stop();
        }
    }

    private static InetAddress nonLoopbackIpv4() throws java.net.SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
