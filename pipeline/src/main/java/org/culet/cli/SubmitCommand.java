package org.culet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code culet submit --master URL [options] -- SUBCOMMAND ARGS...}: runs a culet subcommand ({@code run},
 * {@code nightly}, ...) on a cluster through Spark's own {@code spark-submit}, shipping the application jar
 * ({@code deploy/target/culet-app.jar}: culet and its libraries, Spark left out because the cluster supplies it).
 *
 * <p>Configuration: {@code --config FILE} (a site file such as {@code deploy/conf/yarn.conf}) is read here, its
 * {@code culet.spark.conf} entries become {@code --conf} of spark-submit (so executor memory and the like are set
 * at launch), and the file is handed to the application: by path in client mode, shipped with {@code --files} in
 * cluster mode (YARN puts it in the driver's working directory). {@code -D} overrides go to the application.
 * Spark is found in {@code --spark-home} or {@code SPARK_HOME} ({@code bin/spark-submit}, the cluster's own); without
 * one, culet launches {@code org.apache.spark.deploy.SparkSubmit} from the Spark jars it was built with.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Runs a culet subcommand on a Spark cluster through spark-submit, shipping the application jar.",
        "Example: culet submit --master spark://head:7077 --config deploy/conf/standalone.conf -- run /data/acq --out /data/wh",
        "Exit code: that of spark-submit (in client mode the subcommand's own: 0, 1, 2, 70, 75)."})
public final class SubmitCommand implements Callable<Integer> {
    private static final Pattern MASTER = Pattern.compile("^(spark://.+|yarn|k8s://.+|local(\\[.+])?|local-cluster\\[.+])$");
    /** Spark 4.2's module options (stack.md), for a driver launched without Spark's own scripts. */
    public static final String JVM_OPENS = "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED "
        + "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
        + "--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED "
        + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
        + "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
        + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED "
        + "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
        + "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED "
        + "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
        + "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true";

    @Spec
    CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
        description = "spark://HOST:PORT, yarn or k8s://https://HOST:PORT (default: culet.spark.master of --config).")
    String master;

    @Option(names = "--deploy-mode", paramLabel = "client|cluster", defaultValue = "client",
        description = "Where the driver runs: client (here, default) or cluster (on the cluster).")
    String deployMode;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Site configuration (HOCON over reference.conf, e.g. deploy/conf/yarn.conf), read here and passed on.")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
        description = "Configuration override passed to the application (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra spark-submit --conf (repeatable; wins over the site file).")
    List<String> sparkConf = new ArrayList<>();

    @Option(names = "--app-jar", paramLabel = "JAR",
        description = "Application jar (default: CULET_APP_JAR, else deploy/target/culet-app.jar of this culet).")
    Path appJar;

    @Option(names = "--spark-home", paramLabel = "DIR",
        description = "Spark installation whose bin/spark-submit to use (default: SPARK_HOME; none: culet's Spark jars).")
    Path sparkHome;

    @Option(names = "--dry-run", description = "Print the spark-submit command instead of running it.")
    boolean dryRun;

    @Parameters(arity = "1..*", paramLabel = "SUBCOMMAND ARGS",
        description = "The culet subcommand and its arguments, after '--', e.g. -- run /data/acq --out hdfs:///wh")
    List<String> application = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> command = command(System.getenv("SPARK_HOME"), System.getenv("CULET_APP_JAR"),
            System.getProperty("culet.home"));
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(shellQuote(command));
            out.flush();
            return 0;
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putIfAbsent("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        return p.waitFor();
    }

    /** The spark-submit command line (also what --dry-run prints). */
    List<String> command(String sparkHomeEnv, String appJarEnv, String culetHome) {
        CuletConfig config = CuletConfig.load(configFile, overrides);
        String m = master != null ? master : config.culet().getString("spark.master");
        if (!MASTER.matcher(m).matches()) {
            throw new UserException("not a Spark master URL: " + m, master != null ? "--master" : "culet.spark.master",
                "give spark://HOST:PORT (standalone), yarn (with HADOOP_CONF_DIR set) or k8s://https://HOST:PORT");
        }
        String mode = deployMode.toLowerCase(Locale.ROOT);
        if (!mode.equals("client") && !mode.equals("cluster")) {
            throw new UserException("unknown deploy mode: " + deployMode, "--deploy-mode", "give client or cluster");
        }
        Path jar = appJar != null ? appJar : appJarEnv != null && !appJarEnv.isBlank() ? Path.of(appJarEnv)
            : culetHome != null ? Path.of(culetHome, "deploy", "target", "culet-app.jar") : null;
        if (jar == null || !jar.toString().contains("://") && !Files.isRegularFile(jar)) {
            throw new UserException("application jar not found: " + jar, "--app-jar",
                "build it with 'mvn -B -ntp -DskipTests package' (it is deploy/target/culet-app.jar), or pass --app-jar "
                    + "(a local path, or an hdfs:// / https:// / local:// URL the cluster can read)");
        }
        List<String> cmd = new ArrayList<>();
        Path home = sparkHome != null ? sparkHome : sparkHomeEnv != null && !sparkHomeEnv.isBlank() ? Path.of(sparkHomeEnv) : null;
        // A client-mode driver logs like bin/culet (deploy/conf/log4j2.xml): quiet console, full log file.
        List<String> driverLogging = new ArrayList<>();
        Path log4j = culetHome == null ? null : Path.of(culetHome, "deploy", "conf", "log4j2.xml");
        if (mode.equals("client") && log4j != null && Files.isRegularFile(log4j)) {
            driverLogging.add("-Dlog4j2.configurationFile=" + log4j.toUri());
            String logFile = System.getProperty("culet.log.file");
            if (logFile != null) {
                driverLogging.add("-Dculet.log.file=" + logFile);
            }
        }
        boolean sparkScript = home != null && Files.isRegularFile(home.resolve("bin/spark-submit"));
        if (sparkScript) {
            cmd.add(home.resolve("bin/spark-submit").toString());
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of(JVM_OPENS.split(" ")));
            cmd.addAll(driverLogging);
            cmd.add("-cp");
            cmd.add(sparkClasspath(culetHome));
            cmd.add("org.apache.spark.deploy.SparkSubmit");
        }
        cmd.addAll(List.of("--master", m, "--deploy-mode", mode, "--class", Culet.class.getName(),
            "--name", "culet " + application.get(0)));
        if (sparkScript && !driverLogging.isEmpty()) {
            cmd.add("--driver-java-options");
            cmd.add(String.join(" ", driverLogging));
        }
        Map<String, String> conf = new LinkedHashMap<>();
        for (Map.Entry<String, com.typesafe.config.ConfigValue> e : config.culet().getConfig("spark.conf").entrySet()) {
            // Keys quoted ("spark.executor.memory") or written as HOCON paths both come out dotted.
            conf.put(String.join(".", com.typesafe.config.ConfigUtil.splitPath(e.getKey())),
                String.valueOf(e.getValue().unwrapped()));
        }
        for (String kv : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserException("--conf needs KEY=VALUE: " + kv, "--conf", "e.g. --conf spark.executor.memory=4g");
            }
            conf.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            cmd.add("--conf");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        List<String> appArgs = new ArrayList<>();
        appArgs.add(application.get(0));
        if (configFile != null) {
            Path abs = configFile.toAbsolutePath();
            if (mode.equals("cluster")) {
                cmd.add("--files");
                cmd.add(abs.toString());
                appArgs.add("--config");
                appArgs.add(abs.getFileName().toString());
            } else {
                appArgs.add("--config");
                appArgs.add(abs.toString());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            appArgs.add("-D" + e.getKey() + "=" + e.getValue());
        }
        appArgs.addAll(application.subList(1, application.size()));
        cmd.add(jar.toString().contains("://") ? jar.toString() : jar.toAbsolutePath().toString());
        cmd.addAll(appArgs);
        return cmd;
    }

    /** Spark's jars only (deploy/target/spark.classpath) when built, else this JVM's class path. */
    static String sparkClasspath(String culetHome) {
        if (culetHome != null) {
            Path file = Path.of(culetHome, "deploy", "target", "spark.classpath");
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    // fall through
                }
            }
        }
        return System.getProperty("java.class.path");
    }

    static String shellQuote(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String c : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c.matches("[A-Za-z0-9_./:=@%+,\\[\\]-]+") ? c : "'" + c.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
