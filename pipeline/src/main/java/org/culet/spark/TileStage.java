package org.culet.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs a per-tile computation across executors: the tiles are spread over {@code partitions} tasks (contiguous
 * runs of tile ids), each task builds ONE processor (so a fitter and its workspace are allocated once per
 * partition, never per pixel) and streams the rows of its tiles. Only tile descriptors travel from the driver;
 * raw frames are read inside the task. Progress is reported through a {@link ProgressReporter}: a tile counts
 * as done when its last row has been consumed.
 *
 * <p>The result is lazy: the rows are computed by the action that consumes them (typically
 * {@code RunWriter.write}); keep the reporter open until then. Consuming the Dataset twice computes it twice
 * (persist it if a later stage needs it again).
 */
public final class TileStage {
    private TileStage() {
    }

    /** Builds the processor of one task; runs on the executor, once per partition. */
    @FunctionalInterface
    public interface ProcessorFactory extends Serializable {
        TileProcessor create();
    }

    /** Turns one tile into rows; may keep state (workspaces, the previous pixel's solution) across tiles. */
    @FunctionalInterface
    public interface TileProcessor {
        /**
         * The rows of {@code tile}, in the schema given to {@link #map}; {@code itemsDone} counts progress items
         * (e.g. add 1 per fitted spectrum).
         */
        Iterator<Row> process(Tile tile, LongAccumulator itemsDone);
    }

    /**
     * The rows of every tile as a Dataset with {@code schema}.
     *
     * @param partitions number of tasks, e.g. {@link PipelineSettings#partitions}
     * @param progress   the stage's reporter (its accumulators are updated by the tasks)
     */
    public static Dataset<Row> map(SparkSession spark, List<Tile> tiles, int partitions, ProgressReporter progress,
                                   StructType schema, ProcessorFactory factory) {
        LongAccumulator tilesDone = progress.tilesDone();
        LongAccumulator itemsDone = progress.itemsDone();
        JavaRDD<Tile> rdd = new JavaSparkContext(spark.sparkContext()).parallelize(tiles, Math.max(1, partitions));
        JavaRDD<Row> rows = rdd.mapPartitions(it -> new TileRows(it, factory.create(), tilesDone, itemsDone));
        return spark.createDataFrame(rows, schema);
    }

    /** Streams the rows of a partition's tiles, one tile at a time. */
    private static final class TileRows implements Iterator<Row> {
        private final Iterator<Tile> tiles;
        private final TileProcessor processor;
        private final LongAccumulator tilesDone;
        private final LongAccumulator itemsDone;
        private Iterator<Row> current;

        TileRows(Iterator<Tile> tiles, TileProcessor processor, LongAccumulator tilesDone, LongAccumulator itemsDone) {
            this.tiles = tiles;
            this.processor = processor;
            this.tilesDone = tilesDone;
            this.itemsDone = itemsDone;
        }

        @Override
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                if (current != null) {
                    tilesDone.add(1);
                    current = null;
                }
                if (!tiles.hasNext()) {
                    return false;
                }
                current = processor.process(tiles.next(), itemsDone);
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
