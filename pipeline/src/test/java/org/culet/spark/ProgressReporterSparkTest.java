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
