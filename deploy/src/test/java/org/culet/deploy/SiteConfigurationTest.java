package org.culet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The per-site configurations load over reference.conf, and culet submit turns them into spark-submit commands. */
class SiteConfigurationTest {
    private static final Path CONF = Path.of(System.getProperty("culet.home", "..")).resolve("deploy/conf");

    @TempDir
    Path dir;

    private record Out(int code, String out, String err) {
    }

    private static Out culet(String... args) {
        CommandLine cl = Culet.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Out(cl.execute(args), out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"local.conf, local[*]", "standalone.conf, spark://spark-master.example.org:7077", "yarn.conf, yarn",
        "kubernetes.conf, k8s://https://kubernetes.default.svc:443"})
    void everySiteFileLoadsOverTheDefaultsAndNamesItsMaster(String file, String master) {
        CuletConfig c = CuletConfig.load(CONF.resolve(file), Map.of());
        assertThat(c.culet().getString("spark.master")).isEqualTo(master);
        // Nothing else of reference.conf is lost: a physics default is still there.
        assertThat(c.culet().getDouble("physics.nv.gamma-mhz-per-gauss")).isEqualTo(2.8025);
    }

    @Test
    void submitBuildsASparkSubmitCommandFromTheSiteFileInClientAndClusterMode() throws Exception {
        Path jar = Files.writeString(dir.resolve("culet-app.jar"), "not really a jar");
        Out client = culet("submit", "--config", CONF.resolve("yarn.conf").toString(), "--app-jar", jar.toString(),
            "--conf", "spark.executor.memory=2g", "-Dculet.pipeline.stringency=LENIENT", "--dry-run",
            "--", "run", "/data/acq", "--out", "hdfs:///wh");
        assertThat(client.code()).as(client.err()).isZero();
        List<String> words = List.of(client.out().trim().split(" "));
        assertThat(client.out()).contains("org.apache.spark.deploy.SparkSubmit --master yarn --deploy-mode client "
            + "--class org.culet.cli.Culet");
        // The site file's culet.spark.conf entries become --conf; --conf on the command line wins.
        assertThat(words).containsSubsequence("--conf", "spark.yarn.queue=default")
            .contains("spark.executor.memory=2g").doesNotContain("spark.executor.memory=4g");
        // The application gets the site file by path, then the -D override, then its own arguments.
        assertThat(client.out()).endsWith(jar.toAbsolutePath() + " run --config "
            + CONF.resolve("yarn.conf").toAbsolutePath() + " -Dculet.pipeline.stringency=LENIENT /data/acq --out hdfs:///wh\n");

        Out cluster = culet("submit", "--master", "spark://head:7077", "--deploy-mode", "cluster",
            "--config", CONF.resolve("standalone.conf").toString(), "--app-jar", jar.toString(), "--dry-run",
            "--", "nightly", "--inbox", "/in", "--warehouse", "/wh");
        assertThat(cluster.code()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("--master spark://head:7077 --deploy-mode cluster")
            .contains("--files " + CONF.resolve("standalone.conf").toAbsolutePath())
            .endsWith(" nightly --config standalone.conf --inbox /in --warehouse /wh\n");
    }

    @Test
    void submitRefusesAMasterThatIsNotAClusterUrlAndAMissingJar() {
        Out badMaster = culet("submit", "--master", "spark-master:7077", "--dry-run", "--", "run", "a", "--out", "b");
        assertThat(badMaster.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(badMaster.err()).contains("not a Spark master URL").contains("fix:");
        Out noJar = culet("submit", "--master", "yarn", "--app-jar", dir.resolve("missing.jar").toString(), "--dry-run",
            "--", "run", "a", "--out", "b");
        assertThat(noJar.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(noJar.err()).contains("application jar not found").contains("mvn -B -ntp -DskipTests package");
    }
}
