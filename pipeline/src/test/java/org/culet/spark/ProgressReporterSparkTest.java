package org.culet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.culet.warehouse.Checksums;
import org.junit.jupiter.api.Test;

class ProgressReporterSparkTest {
    @Test
    void tasksReportTilesAndItemsThroughAccumulators() {
        SparkSession spark = SharedSpark.session();
        TilePlanner planner = new TilePlanner(70, 45, 32);
        List<Tile> tiles = planner.tiles();
        int partitions = TilePlanner.partitionCount(tiles.size(), spark.sparkContext().defaultParallelism(), 3, 0);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProgressReporter progress = new ProgressReporter("fit", tiles.size(), "fits",
            spark.sparkContext().longAccumulator("t"), spark.sparkContext().longAccumulator("i"), 0.1, lines::add);
        LongAccumulator tilesDone = progress.tilesDone();
        LongAccumulator fitsDone = progress.itemsDone();
        long pixels = new JavaSparkContext(spark.sparkContext()).parallelize(tiles, partitions).map(t -> {
            fitsDone.add(t.pixelCount());
            tilesDone.add(1);
            return (long) t.pixelCount();
        }).reduce(Long::sum);
        progress.close();
        assertThat(pixels).isEqualTo(70 * 45);
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).startsWith("fit: 6/6 tiles (100.0 %), 3150 fits, ")
            .contains("done in");
    }

    /**
     * A task that owns all tiles shows its progress before it ends, from the executor heartbeats (every 10 s in
     * the shared session): the test holds the task until a progress line with items arrived (at most 90 s).
     */
    @Test
    void runningTasksReportThroughHeartbeatsBeforeTheyEnd() throws Exception {
        SparkSession spark = SharedSpark.session();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProgressReporter progress = new ProgressReporter("fit", 4, "fits",
            spark.sparkContext().longAccumulator("t"), spark.sparkContext().longAccumulator("i"), 0.2, lines::add);
        progress.totalItems(400);
        progress.listenTo(spark.sparkContext());
        LongAccumulator tilesDone = progress.tilesDone();
        LongAccumulator fitsDone = progress.itemsDone();
        java.nio.file.Path release = java.nio.file.Files.createTempFile("culet-progress", ".release");
        java.nio.file.Files.delete(release);
        String releasePath = release.toString();
        java.util.concurrent.CompletableFuture<Long> job = java.util.concurrent.CompletableFuture.supplyAsync(() ->
            new JavaSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3, 4), 1).map(tile -> {
                fitsDone.add(100);
                tilesDone.add(1);
                if (tile == 2) { // half done: wait (bounded) until the driver has seen it
                    long deadline = System.nanoTime() + 90_000_000_000L;
                    while (!java.nio.file.Files.exists(java.nio.file.Path.of(releasePath)) && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                }
                return 1L;
            }).reduce(Long::sum));
        try {
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (lines.stream().noneMatch(l -> l.contains("200 fits")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(job).isNotDone(); // the task is still running ...
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fit: 2/4 tiles (50.0 %), 200 fits, ")
                .contains("ETA")); // ... and its progress is already shown, with an ETA from the items
        } finally {
            java.nio.file.Files.createFile(release);
        }
        assertThat(job.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4);
        progress.close();
        assertThat(lines.get(lines.size() - 1)).startsWith("fit: 4/4 tiles (100.0 %), 400 fits, ");
    }

    @Test
    void sha256OfKnownContent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("abc.txt");
        java.nio.file.Files.writeString(f, "abc");
        var sums = Checksums.sha256All(new org.apache.hadoop.conf.Configuration(), List.of(f.toUri().toString()), 2);
        // FIPS 180-2 test vector for "abc".
        assertThat(sums).containsEntry(f.toUri().toString(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
