package org.culet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.culet.cli.Culet;
import org.culet.pipeline.CuletJob;
import org.culet.tables.TableDef;
import org.culet.warehouse.Manifest;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver JVM is killed (SIGKILL) while it writes its outputs: (1) with every table staged but the publish not
 * decided: the published tables stay exactly as they were (byte for byte) and readable, and the next run publishes
 * a complete one; (2) in the middle of the partition swap, after the publish was decided: the next reader rolls the
 * publish forward and sees the complete new tables, equal to an undisturbed run. The pause at the commit step is
 * culet.testing.pause-at-commit-step (off by default).
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class DriverKillIT {
    @TempDir
    Path dir;

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String sub : List.of("tables", "manifests")) {
            Path base = root.resolve(sub);
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (Files.isRegularFile(p)) {
                        out.put(root.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                    }
                }
            }
        }
        return out;
    }

    /** Runs 'culet run' in a child driver that pauses at {@code step} of the commit, and kills it there. */
    private void killDriverAt(String step, Path acquisition, String warehouse) throws Exception {
        Path marker = dir.resolve("paused-" + step.replace(':', '_'));
        try (ClusterSupport.Child driver = ClusterSupport.culet(dir.resolve("driver-" + step.replace(':', '_') + ".log"),
            "run", acquisition.toString(), "--out", warehouse, "--overwrite", "--master", "local[2]",
            "-Dculet.pipeline.progress-interval-s=0", "-Dculet.testing.pause-at-commit-step=" + step,
            "-Dculet.testing.pause-s=600", "-Dculet.testing.pause-marker-file=" + marker)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (!Files.exists(marker) && driver.process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(marker).as("driver reached commit step " + step + "; output:\n" + driver.tail(40)).exists();
            long pid = driver.process.pid();
            driver.process.destroyForcibly();
            assertThat(driver.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.printf("killed driver pid %d at commit step %s%n", pid, step);
        }
    }

    @Test
    void aDriverKilledWhileWritingLeavesThePublishedTablesIntactAndTheNextRunPublishesACompleteOne() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        // Two acquisitions of the same sample and pressure (they write the same partitions), different data.
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "5", "--out", a.toString())).isZero();
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "6", "--out", b.toString())).isZero();
        Path whDir = dir.resolve("wh");
        String wh = whDir.toUri().toString();
        var spark = ClusterSupport.spark();
        CuletJob.Result ra = CuletJob.run(spark, ClusterSupport.pipelineConfig(Map.of()), a, wh, false, "RUN");
        Map<String, List<Row>> publishedA = new TreeMap<>();
        for (TableDef t : ClusterSupport.scienceTables()) {
            publishedA.put(t.name(), ClusterSupport.table(wh, t).collectAsList());
        }
        Map<String, String> filesA = files(whDir);

        // (1) Killed with every table of b staged, before the publish is decided.
        killDriverAt("staged", b, wh);
        assertThat(whDir.resolve(Warehouse.LOCK)).as("the dead driver's lock is left behind").exists();
        assertThat(files(whDir)).as("published files untouched").isEqualTo(filesA);
        for (TableDef t : ClusterSupport.scienceTables()) {
            assertThat(ClusterSupport.difference(ClusterSupport.table(wh, t),
                spark.createDataFrame(publishedA.get(t.name()), ClusterSupport.table(wh, t).schema())))
                .as(t.name() + " still reads as a's publish").isZero();
        }
        Warehouse warehouse = Warehouse.open(spark, wh);
        assertThat(warehouse.manifests().values()).extracting(Manifest::runId).containsExactly(ra.manifest().runId());
        // The next run takes over the stale lock, removes the dead run's staging and publishes b completely.
        CuletJob.Result rb = CuletJob.run(spark, ClusterSupport.pipelineConfig(Map.of()), b, wh, true, "OVERWRITE");
        Manifest mb = warehouse.manifests().values().iterator().next();
        assertThat(mb.runId()).isEqualTo(rb.manifest().runId());
        for (TableDef t : ClusterSupport.scienceTables()) {
            assertThat(ClusterSupport.table(wh, t).count()).as(t.name()).isEqualTo(mb.rowCounts().get(t.name()));
        }
        assertThat(ClusterSupport.table(wh, org.culet.tables.Tables.PIXEL_TABLE).count()).isEqualTo(256);
        assertThat(Files.exists(whDir.resolve(Warehouse.STAGING)) ? Files.list(whDir.resolve(Warehouse.STAGING)).count() : 0)
            .isZero();
        assertThat(whDir.resolve(Warehouse.LOCK)).doesNotExist();

        // (2) Killed in the middle of the partition swap (a's pixel_fits moved in, the rest not yet).
        killDriverAt("moved:pixel_fits", a, wh);
        assertThat(whDir.resolve(Warehouse.JOURNAL)).isNotEmptyDirectory();
        // Any reader finishes the decided publish: the tables are a's, complete and equal to the undisturbed run.
        for (TableDef t : ClusterSupport.scienceTables()) {
            assertThat(ClusterSupport.difference(ClusterSupport.table(wh, t),
                spark.createDataFrame(publishedA.get(t.name()), ClusterSupport.table(wh, t).schema())))
                .as(t.name() + " rolled forward to a complete publish of a").isZero();
        }
        assertThat(whDir.resolve(Warehouse.JOURNAL)).isEmptyDirectory();
        Manifest rolled = warehouse.manifests().values().iterator().next();
        assertThat(rolled.inputsSha256()).isNotEqualTo(mb.inputsSha256());
        assertThat(ClusterSupport.difference(
            ClusterSupport.table(wh, org.culet.tables.Tables.PIXEL_TABLE),
            spark.createDataFrame(publishedA.get("pixel_table"), ClusterSupport.table(wh, org.culet.tables.Tables.PIXEL_TABLE).schema())))
            .isZero();
    }
}
