package org.culet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.spark.SparkSessions;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;

/**
 * What the real-cluster and fault-tolerance tests share: the repository root, child JVMs (drivers) with timeouts
 * that are always killed with their descendants, deploy/bin/standalone-cluster.sh, and one local SparkSession of
 * this test JVM (the deploy module's IT fork runs no other Spark code) for reference runs and reading warehouses.
 */
final class ClusterSupport {
    static final Path ROOT = Path.of(System.getProperty("culet.home", "..")).toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("deploy/bin/standalone-cluster.sh");
    private static SparkSession session;

    private ClusterSupport() {
    }

    /** The local session of this JVM (local[2], UI off). */
    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSessions.create(CuletConfig.load(null, Map.of(
                "culet.spark.master", "\"local[2]\"",
                "culet.spark.conf.\"spark.sql.shuffle.partitions\"", "2")), "culet-deploy-it");
        }
        return session;
    }

    /** The launcher class path (bin/culet's), written by the package phase. */
    static String culetClasspath() throws IOException {
        Path file = ROOT.resolve("deploy/target/culet.classpath");
        assertThat(file).as("run after 'package' (mvn verify)").exists();
        return Files.readString(file).trim();
    }

    static CuletConfig pipelineConfig(Map<String, String> extra) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.progress-interval-s", "0");
        o.putAll(extra);
        return CuletConfig.load(null, o);
    }

    /** A running child process whose output lines are collected (and copied to a log file). */
    static final class Child implements AutoCloseable {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread pump;

        Child(List<String> command, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
            process = pb.start();
            PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
            pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        copy.println(line);
                    }
                } catch (IOException e) {
                    // process gone
                } finally {
                    copy.close();
                }
            }, "child-output");
            pump.setDaemon(true);
            pump.start();
        }

        /** Waits for the exit code; on timeout kills the process tree and fails. */
        int waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("child did not finish within " + timeout + "; last output:\n" + tail(40));
            }
            pump.join(10_000);
            return process.exitValue();
        }

        String tail(int n) {
            List<String> copy = new ArrayList<>(lines);
            return String.join("\n", copy.subList(Math.max(0, copy.size() - n), copy.size()));
        }

        /** Kills the process and everything it started (by PID, descendants first). */
        @Override
        public void close() {
            List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code culet ARGS} in a child JVM with the launcher class path (a driver for local or cluster masters). */
    static Child culet(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(List.of(org.culet.cli.SubmitCommand.JVM_OPENS.split(" ")));
        cmd.add("-Dculet.home=" + ROOT);
        cmd.add("-Dculet.log.file=" + log.resolveSibling(log.getFileName() + ".full.log"));
        cmd.add("-cp");
        cmd.add(culetClasspath());
        cmd.add("org.culet.cli.Culet");
        cmd.addAll(List.of(args));
        return new Child(cmd, log);
    }

    /** A standalone cluster started by the script, stopped (by its recorded PIDs) on close. */
    static final class Cluster implements AutoCloseable {
        final Path dir;
        final String masterUrl;
        final List<Long> workerPids;

        Cluster(Path dir, int workers) throws Exception {
            this.dir = dir;
            Process p = new ProcessBuilder("bash", SCRIPT.toString(), "start", "--dir", dir.toString(), "--workers",
                Integer.toString(workers), "--worker-cores", "1", "--worker-memory", "1g", "--timeout", "150")
                .redirectErrorStream(true).start();
            String out;
            if (!p.waitFor(200, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                stop();
                throw new AssertionError("standalone-cluster.sh start did not return within 200 s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                stop();
                throw new AssertionError("standalone-cluster.sh start failed:\n" + out);
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
                }
            }
            masterUrl = env.get("MASTER_URL");
            workerPids = new ArrayList<>();
            for (String pid : env.get("WORKER_PIDS").trim().split("\\s+")) {
                workerPids.add(Long.parseLong(pid));
            }
        }

        /** Executor JVMs (CoarseGrainedExecutorBackend) launched by this cluster's workers. */
        List<ProcessHandle> executors() {
            List<ProcessHandle> out = new ArrayList<>();
            for (long w : workerPids) {
                ProcessHandle.of(w).ifPresent(h -> h.children()
                    .filter(c -> c.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(out::add));
            }
            return out;
        }

        /** Executor folders the workers created ({@code work/<app-id>/<executor-id>}): one per executor JVM. */
        List<Path> executorDirs() throws IOException {
            List<Path> out = new ArrayList<>();
            Path work = dir.resolve("work");
            if (Files.isDirectory(work)) {
                try (var apps = Files.list(work)) {
                    for (Path app : apps.sorted().toList()) {
                        try (var execs = Files.list(app)) {
                            execs.filter(Files::isDirectory).forEach(out::add);
                        }
                    }
                }
            }
            return out;
        }

        private void stop() throws Exception {
            Process p = new ProcessBuilder("bash", SCRIPT.toString(), "stop", "--dir", dir.toString(), "--timeout", "30")
                .redirectErrorStream(true).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }

        @Override
        public void close() throws Exception {
            stop();
        }
    }

    /** Every published row of {@code table}, sorted by all columns (for exact comparisons). */
    static Dataset<Row> table(String warehouse, TableDef table) {
        return Warehouse.open(spark(), warehouse).read(spark(), table);
    }

    /** Rows in a but not in b plus rows in b but not in a (with multiplicity). */
    static long difference(Dataset<Row> a, Dataset<Row> b) {
        return a.exceptAll(b).count() + b.exceptAll(a).count();
    }

    /** The science tables (run_log differs by design: run ids and times). */
    static List<TableDef> scienceTables() {
        return Tables.ALL.stream().filter(t -> t != Tables.RUN_LOG).sorted(Comparator.comparing(TableDef::name)).toList();
    }
}
