package org.culet.spark;

import com.typesafe.config.Config;

/**
 * The {@code culet.pipeline} block as one immutable record, read once on the driver.
 *
 * @param stringency        what bad input does (STRICT stops, LENIENT quarantines)
 * @param tileSizePx        tile edge, px
 * @param tasksPerCore      partitions per core of the partition rule
 * @param forcedPartitions  forced partition count, 0 = the rule
 * @param progressIntervalS seconds between progress lines, 0 = none
 */
public record PipelineSettings(Stringency stringency, int tileSizePx, int tasksPerCore, int forcedPartitions,
                               double progressIntervalS) implements java.io.Serializable {

    /** Reads {@code culet.pipeline} from the {@code culet} subtree. */
    public static PipelineSettings fromConfig(Config culet) {
        return new PipelineSettings(Stringency.fromConfig(culet), culet.getInt("pipeline.tile-size-px"),
            culet.getInt("pipeline.tasks-per-core"), culet.getInt("pipeline.partitions"),
            culet.getDouble("pipeline.progress-interval-s"));
    }

    /** A tile planner for an ny x nx image. */
    public TilePlanner planner(int ny, int nx) {
        return new TilePlanner(ny, nx, tileSizePx);
    }

    /** Partitions for a stage over {@code tiles} tiles on a cluster of {@code defaultParallelism} task slots. */
    public int partitions(int tiles, int defaultParallelism) {
        return TilePlanner.partitionCount(tiles, defaultParallelism, tasksPerCore, forcedPartitions);
    }
}
