package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.cli.Culet;
import org.culet.cli.NightlyCommand;
import org.culet.config.CuletConfig;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** culet nightly: only new or changed acquisitions are processed, a repeat changes nothing, one run at a time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyJobTest {
    @TempDir
    Path dir;
    private SparkSession spark;
    private Path tinyA;
    private Path tinyB;

    @BeforeAll
    void simulate() throws Exception {
        spark = SharedSpark.session();
        Path sims = Files.createTempDirectory("culet-nightly-test");
        tinyA = sims.resolve("a");
        tinyB = sims.resolve("b");
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "5", "--out", tinyA.toString(),
            "-Dculet.simulate.sample-id=tiny-a")).isZero();
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "6", "--out", tinyB.toString(),
            "-Dculet.simulate.sample-id=tiny-b")).isZero();
    }

    private static CuletConfig config(boolean logUnchanged) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.progress-interval-s", "0");
        o.put("culet.nightly.log-unchanged", Boolean.toString(logUnchanged));
        return CuletConfig.load(null, o);
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private Outcome nightly(Path inbox, String warehouse, boolean logUnchanged, NightlyJob.Listener listener) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NightlyCommand.run(spark, config(logUnchanged), inbox, warehouse, listener, new PrintWriter(out, true),
            new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Relative path -> SHA-256 of every file under {@code root}, optionally leaving out one subtree. */
    private static Map<String, String> snapshot(Path root, String exceptPrefix) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isRegularFile(p) && (exceptPrefix == null || !rel.startsWith(exceptPrefix))) {
                    out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private List<Row> runLog(String warehouse) {
        return Warehouse.open(spark, warehouse).read(spark, Tables.RUN_LOG).orderBy("started_utc").collectAsList();
    }

    @Test
    void processesNewAndChangedAcquisitionsOnlyAndARepeatChangesNothing() throws Exception {
        Path inbox = dir.resolve("inbox");
        copyTree(tinyA, inbox.resolve("a"));
        copyTree(tinyB, inbox.resolve("b"));
        Files.createDirectories(inbox.resolve("not-an-acquisition")); // no acquisition.conf: ignored
        Path whDir = dir.resolve("wh");
        String wh = whDir.toUri().toString();

        Outcome first = nightly(inbox, wh, true, NightlyJob.Listener.NONE);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 processed, 0 unchanged, 0 failed");
        Warehouse warehouse = Warehouse.open(spark, wh);
        assertThat(warehouse.read(spark, Tables.PIXEL_TABLE).count()).isEqualTo(2 * 256);
        assertThat(warehouse.manifest("tiny-a", 15.0)).get().extracting(m -> m.mode()).isEqualTo("NIGHTLY");
        List<Row> log1 = runLog(wh);
        assertThat(log1).extracting(r -> r.<String>getAs("outcome")).containsExactly("PUBLISHED", "PUBLISHED");
        Map<String, String> afterFirst = snapshot(whDir, null);

        // Second run: nothing new. Every table except run_log is byte-identical; run_log gains two UNCHANGED rows.
        Outcome second = nightly(inbox, wh, true, NightlyJob.Listener.NONE);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 processed, 2 unchanged, 0 failed");
        assertThat(snapshot(whDir, "tables/run_log")).isEqualTo(
            afterFirst.entrySet().stream().filter(e -> !e.getKey().startsWith("tables/run_log"))
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        List<Row> log2 = runLog(wh);
        assertThat(log2).hasSize(4);
        assertThat(log2.subList(2, 4)).extracting(r -> r.<String>getAs("outcome")).containsExactly("UNCHANGED", "UNCHANGED");
        assertThat(log2.subList(2, 4)).extracting(r -> r.<String>getAs("mode")).containsOnly("NIGHTLY");
        // The skip rows carry the same input checksum as the publishes they skip.
        assertThat(log2.subList(2, 4)).extracting(r -> r.<String>getAs("inputs_sha256"))
            .containsExactlyInAnyOrderElementsOf(log1.stream().map(r -> r.<String>getAs("inputs_sha256")).toList());

        // With log-unchanged = false a repeat leaves the whole warehouse byte-identical.
        Map<String, String> beforeThird = snapshot(whDir, null);
        Outcome third = nightly(inbox, wh, false, NightlyJob.Listener.NONE);
        assertThat(third.exitCode()).isZero();
        assertThat(snapshot(whDir, null)).isEqualTo(beforeThird);

        // Moving the inbox changes no content: still nothing to do.
        Path moved = dir.resolve("inbox-moved");
        Files.move(inbox, moved);
        Outcome afterMove = nightly(moved, wh, false, NightlyJob.Listener.NONE);
        assertThat(afterMove.out()).contains("0 processed, 2 unchanged, 0 failed");
        assertThat(snapshot(whDir, null)).isEqualTo(beforeThird);

        // A changed input (here sweeps.csv gains a comment line; a new sweep is the same) reprocesses only b.
        Map<String, String> aBefore = snapshot(whDir.resolve("tables/pixel_table/sample_id=tiny-a"), null);
        Map<String, String> bBefore = snapshot(whDir.resolve("tables/pixel_table/sample_id=tiny-b"), null);
        Files.writeString(moved.resolve("b/sweeps.csv"), "# re-exported by the instrument\n",
            java.nio.file.StandardOpenOption.APPEND);
        Outcome fourth = nightly(moved, wh, false, NightlyJob.Listener.NONE);
        assertThat(fourth.exitCode()).isZero();
        assertThat(fourth.out()).contains("1 processed, 1 unchanged, 0 failed").containsPattern("PROCESSED\\s+b");
        assertThat(snapshot(whDir.resolve("tables/pixel_table/sample_id=tiny-a"), null)).isEqualTo(aBefore);
        assertThat(snapshot(whDir.resolve("tables/pixel_table/sample_id=tiny-b"), null)).isNotEqualTo(bBefore);
        assertThat(warehouse.read(spark, Tables.PIXEL_TABLE).count()).isEqualTo(2 * 256);
        assertThat(Files.exists(whDir.resolve(Warehouse.NIGHTLY_LOCK))).isFalse();
        assertThat(Files.exists(whDir.resolve(Warehouse.LOCK))).isFalse();
    }

    @Test
    void aFailingAcquisitionIsRecordedAndTheOthersAreStillProcessed() throws Exception {
        Path inbox = dir.resolve("inbox-fail");
        copyTree(tinyA, inbox.resolve("1-good"));
        Files.createDirectories(inbox.resolve("2-broken"));
        Files.writeString(inbox.resolve("2-broken/acquisition.conf"), "sample-id = \"broken\"\nmaterial = {{{\n");
        copyTree(tinyA, inbox.resolve("3-duplicate")); // same sample-id and pressure as 1-good
        String wh = dir.resolve("wh-fail").toUri().toString();

        Outcome o = nightly(inbox, wh, true, NightlyJob.Listener.NONE);
        assertThat(o.exitCode()).isEqualTo(NightlyCommand.EXIT_SOME_FAILED);
        assertThat(o.out()).contains("1 processed, 0 unchanged, 2 failed");
        assertThat(o.out()).containsPattern("FAILED\\s+3-duplicate.*same sample-id and pressure as 1-good");
        List<Row> log = runLog(wh);
        assertThat(log).extracting(r -> r.<String>getAs("outcome"))
            .containsExactlyInAnyOrder("PUBLISHED", "FAILED", "FAILED");
        Row broken = log.stream().filter(r -> String.valueOf(r.<String>getAs("message")).contains("2-broken")).findFirst().orElseThrow();
        assertThat(broken.<String>getAs("outcome")).isEqualTo("FAILED");
        assertThat(broken.<String>getAs("sample_id")).isEqualTo("2-broken"); // acquisition.conf unreadable
        Warehouse warehouse = Warehouse.open(spark, wh);
        assertThat(warehouse.read(spark, Tables.PIXEL_TABLE).count()).isEqualTo(256);
        // The failed acquisition's run_log rows are history, not output: a plain run may still write it.
        assertThat(warehouse.hasOutput("2-broken", 0.0)).isFalse();
    }

    @Test
    void aSecondConcurrentNightlyRunIsRefusedWithACleanMessage() throws Exception {
        Path inbox = dir.resolve("inbox-concurrent");
        Files.createDirectories(inbox.resolve("x"));
        Files.writeString(inbox.resolve("x/acquisition.conf"), "not = [valid\n"); // fails fast: no Spark job
        String wh = dir.resolve("wh-concurrent").toUri().toString();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Outcome> holder = CompletableFuture.supplyAsync(() -> nightly(inbox, wh, true, acq -> {
            inside.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
            Outcome refused = nightly(inbox, wh, true, NightlyJob.Listener.NONE);
            assertThat(refused.exitCode()).isEqualTo(NightlyCommand.EXIT_BUSY);
            assertThat(refused.err()).contains("warehouse busy, nothing done")
                .contains("in use by another culet run").contains("nightly").contains("pid " + ProcessHandle.current().pid());
            assertThat(refused.out()).isEmpty();
        } finally {
            release.countDown();
        }
        Outcome first = holder.get(120, TimeUnit.SECONDS);
        assertThat(first.exitCode()).isEqualTo(NightlyCommand.EXIT_SOME_FAILED); // its one acquisition is broken
        assertThat(runLog(wh)).hasSize(1); // only the holder recorded anything
        // The lock is released: the next run proceeds.
        assertThat(nightly(inbox, wh, true, NightlyJob.Listener.NONE).exitCode()).isEqualTo(NightlyCommand.EXIT_SOME_FAILED);
    }
}
