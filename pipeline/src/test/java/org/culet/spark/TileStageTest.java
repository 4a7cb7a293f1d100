package org.culet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class TileStageTest {
    private static final StructType PIXEL = DataTypes.createStructType(List.of(
        DataTypes.createStructField("tile_id", DataTypes.IntegerType, false),
        DataTypes.createStructField("pixel_y", DataTypes.IntegerType, false),
        DataTypes.createStructField("pixel_x", DataTypes.IntegerType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, false)));

    /** One row per pixel; the value depends only on the pixel, as a fit's result must. */
    private static List<Row> runWith(int partitions, LongAccumulator processorsBuilt, List<String> lines) {
        SparkSession spark = SharedSpark.session();
        TilePlanner planner = new TilePlanner(37, 45, 16);
        ProgressReporter progress = new ProgressReporter("fit", planner.tileCount(), "fits",
            spark.sparkContext().longAccumulator(), spark.sparkContext().longAccumulator(), 0, lines::add);
        List<Row> rows = TileStage.map(spark, planner.tiles(), partitions, progress, PIXEL, () -> {
            processorsBuilt.add(1);
            return (tile, items) -> {
                List<Row> out = new ArrayList<>();
                for (int y = tile.y0(); y < tile.y0() + tile.height(); y++) {
                    for (int x = tile.x0(); x < tile.x0() + tile.width(); x++) {
                        out.add(RowFactory.create(tile.tileId(), y, x, Math.sin(y * 0.1) * Math.cos(x * 0.2)));
                        items.add(1);
                    }
                }
                return out.iterator();
            };
        }).collectAsList(); // no Spark sort: its sampling pass would run the stage twice
        progress.close();
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.<Row>comparingInt(r -> r.getInt(1)).thenComparingInt(r -> r.getInt(2)));
        return sorted;
    }

    @Test
    void everyPixelOnceWhateverThePartitioningWithOneProcessorPerPartition() {
        SparkSession spark = SharedSpark.session();
        List<Row> reference = null;
        for (int partitions : new int[] {1, 2, 3}) {
            LongAccumulator built = spark.sparkContext().longAccumulator();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            List<Row> rows = runWith(partitions, built, lines);
            assertThat(rows).hasSize(37 * 45);
            assertThat(built.value()).isEqualTo(partitions);
            assertThat(lines.get(lines.size() - 1)).startsWith("fit: 9/9 tiles (100.0 %), 1665 fits");
            if (reference == null) {
                reference = rows;
            } else {
                assertThat(rows).isEqualTo(reference);
            }
        }
        TilePlanner planner = new TilePlanner(37, 45, 16);
        for (Row r : reference) {
            assertThat(r.getInt(0)).isEqualTo(planner.tileIdOf(r.getInt(1), r.getInt(2)));
        }
    }

    @Test
    void aStrictRejectionInATaskReachesTheDriverAsAUserError() {
        SparkSession spark = SharedSpark.session();
        TilePlanner planner = new TilePlanner(32, 32, 16);
        ProgressReporter progress = new ProgressReporter("read", planner.tileCount(), "spectra",
            spark.sparkContext().longAccumulator(), spark.sparkContext().longAccumulator(), 0, line -> { });
        QuarantineRecord bad = QuarantineRecord.of("READ", "FRAME_COUNT", QuarantineRecord.Scope.SWEEP,
            "sweep file has 250 frames, sweeps.csv says 300", "re-export the sweep or fix n_freq in sweeps.csv")
            .withFile("sweeps/s007.h5").withSweep("s007");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> TileStage.map(spark, planner.tiles(), 2,
            progress, PIXEL, () -> (tile, items) -> {
                if (tile.tileId() == 3) {
                    throw Stringency.STRICT.reject(bad.withTile(tile.tileId())).toUserException();
                }
                return java.util.Collections.emptyIterator();
            }).count());
        progress.close();
        Throwable user = thrown;
        while (user != null && !(user instanceof org.culet.config.UserException)) {
            user = user.getCause();
        }
        // The CLI's error handler walks the cause chain the same way and prints what/where/fix without a trace.
        assertThat(user).as("UserException in the cause chain of " + thrown).isNotNull();
        assertThat(user.getMessage()).contains("sweeps/s007.h5").contains("sweep s007").contains("tile 3")
            .contains("re-export");
    }
}
