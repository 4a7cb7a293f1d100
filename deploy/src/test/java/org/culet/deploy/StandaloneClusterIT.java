package org.culet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.culet.cli.Culet;
import org.culet.pipeline.CuletJob;
import org.culet.tables.TableDef;
import org.culet.warehouse.Manifest;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline on a real multi-process Spark standalone cluster (deploy/bin/standalone-cluster.sh: a Master and two
 * Workers on 127.0.0.1, executors in their own JVMs), submitted with {@code culet submit} (the thin culet-app.jar;
 * Spark comes from the cluster's SPARK_HOME/jars), against the same pipeline on local[2] in this JVM. Then the
 * same submission with one executor JVM killed in the middle of the fit stage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class StandaloneClusterIT {
    private static final Pattern PROGRESS = Pattern.compile("fit: (\\d+)/(\\d+) tiles");
    private static final Pattern RETRY = Pattern.compile("Starting task \\d+\\.[1-9]\\d* in stage");
    private Path dir;
    private Path acquisition;
    private String localWarehouse;
    private ClusterSupport.Cluster cluster;

    @BeforeAll
    void setUp() throws Exception {
        dir = Files.createTempDirectory("culet-cluster-it");
        acquisition = dir.resolve("tiny");
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "5", "--out", acquisition.toString())).isZero();
        // The reference: the same pipeline and tiling on local[2] in this JVM.
        localWarehouse = dir.resolve("wh-local").toUri().toString();
        CuletJob.run(ClusterSupport.spark(), ClusterSupport.pipelineConfig(Map.of(
            "culet.pipeline.tile-size-px", "4", "culet.pipeline.partitions", "8")), acquisition, localWarehouse, false, "RUN");
        cluster = new ClusterSupport.Cluster(dir.resolve("cluster"), 2);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        assertThat(cluster == null ? List.of() : cluster.workerPids.stream()
            .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList())
            .as("every worker stopped").isEmpty();
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ClusterSupport.Child submit(String warehouse, Path log, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "--master", cluster.masterUrl,
            "--app-jar", ClusterSupport.ROOT.resolve("deploy/target/culet-app.jar").toString(),
            "--conf", "spark.executor.memory=640m", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
            "--", "run", acquisition.toString(), "--out", warehouse,
            "-Dculet.pipeline.tile-size-px=4", "-Dculet.pipeline.partitions=8", "-Dculet.pipeline.progress-interval-s=1"));
        args.addAll(List.of(extra));
        return ClusterSupport.culet(log, args.toArray(new String[0]));
    }

    private void assertTablesEqualTheLocalRun(String warehouse) {
        for (TableDef t : ClusterSupport.scienceTables()) {
            long local = ClusterSupport.table(localWarehouse, t).count();
            assertThat(ClusterSupport.table(warehouse, t).count()).as(t.name() + " rows").isEqualTo(local);
            assertThat(ClusterSupport.difference(ClusterSupport.table(localWarehouse, t), ClusterSupport.table(warehouse, t)))
                .as(t.name() + ": rows differing from the local[2] run").isZero();
        }
        assertThat(ClusterSupport.table(warehouse, org.culet.tables.Tables.PIXEL_TABLE).count()).isEqualTo(256);
    }

    @Test
    @Order(1)
    void thePipelineOnTheClusterPublishesTheSameTablesAsLocal() throws Exception {
        String warehouse = dir.resolve("wh-cluster").toUri().toString();
        long t0 = System.nanoTime();
        int code;
        try (ClusterSupport.Child driver = submit(warehouse, dir.resolve("cluster-run.log"))) {
            code = driver.waitFor(Duration.ofMinutes(10));
            assertThat(code).as(driver.tail(60)).isZero();
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cluster run (culet submit, 2 executors): %.1f s wall%n", wallS);
        Manifest m = Warehouse.open(ClusterSupport.spark(), warehouse).manifests().values().iterator().next();
        assertThat(m.properties().get("spark_master")).isEqualTo(cluster.masterUrl);
        // Executors ran in their own JVMs, launched by the workers (one folder per executor process).
        assertThat(cluster.executorDirs()).hasSizeGreaterThanOrEqualTo(2);
        assertTablesEqualTheLocalRun(warehouse);
    }

    @Test
    @Order(2)
    void killingAnExecutorInTheFitStageIsRecoveredByTaskRetryWithIdenticalTables() throws Exception {
        String warehouse = dir.resolve("wh-fault").toUri().toString();
        Path log = dir.resolve("fault-run.log");
        int dirsBefore = cluster.executorDirs().size();
        long killed = -1;
        int tilesAtKill = -1;
        int totalTiles = -1;
        // 1.5 s per tile (culet.testing.tile-delay-ms) keeps the fit stage open for tens of seconds.
        try (ClusterSupport.Child driver = submit(warehouse, log, "-Dculet.testing.tile-delay-ms=1500")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (killed < 0 && System.nanoTime() < deadline && driver.process.isAlive()) {
                for (String line : driver.lines) {
                    Matcher mt = PROGRESS.matcher(line);
                    if (mt.find()) {
                        tilesAtKill = Integer.parseInt(mt.group(1));
                        totalTiles = Integer.parseInt(mt.group(2));
                    }
                }
                List<ProcessHandle> executors = cluster.executors();
                if (tilesAtKill > 0 && tilesAtKill < totalTiles && executors.size() == 2) {
                    ProcessHandle victim = executors.get(0);
                    killed = victim.pid();
                    victim.destroyForcibly(); // SIGKILL: the JVM dies mid-task
                    System.out.printf("killed executor pid %d at fit progress %d/%d tiles%n", killed, tilesAtKill, totalTiles);
                } else {
                    Thread.sleep(200);
                }
            }
            assertThat(killed).as("an executor was killed during the fit stage; output:\n" + driver.tail(40)).isPositive();
            int code = driver.waitFor(Duration.ofMinutes(10));
            assertThat(code).as(driver.tail(80)).isZero();
            String out = String.join("\n", driver.lines);
            String full = Files.readString(log.resolveSibling(log.getFileName() + ".full.log"));
            // deploy/conf/log4j2.xml keeps the scheduler's INFO lines in the driver's log file.
            long lostExecutor = (out + "\n" + full).lines().filter(l -> l.contains("Lost executor")).count();
            long failedTasks = full.lines().filter(l -> l.contains("its executor exited") || l.contains("Lost task")).count();
            long retried = full.lines().filter(l -> RETRY.matcher(l).find()).count();
            System.out.printf("fault run: %d 'Lost executor' line(s), %d task(s) failed with the executor, %d retried "
                + "attempt(s), executor folders %d -> %d%n", lostExecutor, failedTasks, retried, dirsBefore,
                cluster.executorDirs().size());
            assertThat(lostExecutor).as("the driver saw the executor go").isPositive();
            assertThat(retried).as("Spark re-ran the lost tasks (attempt >= 1)").isPositive();
        }
        assertThat(tilesAtKill).isLessThan(totalTiles);
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        // The master launched a replacement executor (a new executor folder) for the application.
        assertThat(cluster.executorDirs().size()).isGreaterThanOrEqualTo(dirsBefore + 3);
        assertTablesEqualTheLocalRun(warehouse);
    }
}
