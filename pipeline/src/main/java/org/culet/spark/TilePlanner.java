package org.culet.spark;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.culet.config.UserException;

/**
 * Splits an ny x nx camera image into square tiles of {@code tileSizePx} (edge tiles smaller), numbered
 * row-major: tile (r, c) has id r * tileColumns + c. The same image and tile size always give the same ids,
 * which the tables keep ({@code tile_id}). Also decides how many Spark partitions a stage over tiles uses.
 * Immutable.
 */
public final class TilePlanner {
    private final int ny;
    private final int nx;
    private final int tileSizePx;
    private final int tileRows;
    private final int tileColumns;

    public TilePlanner(int ny, int nx, int tileSizePx) {
        if (ny <= 0 || nx <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + ny + " x " + nx);
        }
        if (tileSizePx <= 0) {
            throw new UserException("tile size must be positive, got " + tileSizePx, "culet.pipeline.tile-size-px",
                "set a tile edge in pixels, e.g. 32");
        }
        this.ny = ny;
        this.nx = nx;
        this.tileSizePx = tileSizePx;
        this.tileRows = (ny + tileSizePx - 1) / tileSizePx;
        this.tileColumns = (nx + tileSizePx - 1) / tileSizePx;
    }

    /** A planner with {@code culet.pipeline.tile-size-px} from the {@code culet} subtree. */
    public static TilePlanner fromConfig(Config culet, int ny, int nx) {
        return new TilePlanner(ny, nx, culet.getInt("pipeline.tile-size-px"));
    }

    public int tileSizePx() {
        return tileSizePx;
    }

    public int tileRows() {
        return tileRows;
    }

    public int tileColumns() {
        return tileColumns;
    }

    public int tileCount() {
        return tileRows * tileColumns;
    }

    /** The tile with id {@code tileId}. */
    public Tile tile(int tileId) {
        if (tileId < 0 || tileId >= tileCount()) {
            throw new IllegalArgumentException("tile id " + tileId + " outside 0.." + (tileCount() - 1));
        }
        int r = tileId / tileColumns;
        int c = tileId % tileColumns;
        int y0 = r * tileSizePx;
        int x0 = c * tileSizePx;
        return new Tile(tileId, y0, x0, Math.min(tileSizePx, ny - y0), Math.min(tileSizePx, nx - x0));
    }

    /** Every tile, by id. */
    public List<Tile> tiles() {
        List<Tile> out = new ArrayList<>(tileCount());
        for (int id = 0; id < tileCount(); id++) {
            out.add(tile(id));
        }
        return out;
    }

    /** Id of the tile holding pixel (y, x). */
    public int tileIdOf(int y, int x) {
        if (y < 0 || y >= ny || x < 0 || x >= nx) {
            throw new IllegalArgumentException("pixel (" + y + ", " + x + ") outside " + ny + " x " + nx);
        }
        return (y / tileSizePx) * tileColumns + x / tileSizePx;
    }

    /**
     * Partitions for a stage over {@code tiles} tiles: {@code forced} when positive (configuration
     * {@code culet.pipeline.partitions}), else min(tiles, defaultParallelism x tasksPerCore), at least 1. It follows
     * the data (never more partitions than tiles, so no empty tasks) and the cluster (a few tasks per core, so a
     * slow tile does not idle the other cores).
     */
    public static int partitionCount(int tiles, int defaultParallelism, int tasksPerCore, int forced) {
        if (forced > 0) {
            return Math.min(forced, Math.max(1, tiles));
        }
        long byCluster = (long) Math.max(1, defaultParallelism) * Math.max(1, tasksPerCore);
        return (int) Math.max(1, Math.min(tiles, byCluster));
    }

    /** {@link #partitionCount(int, int, int, int)} with tasks-per-core and partitions from the configuration. */
    public static int partitionCount(Config culet, int tiles, int defaultParallelism) {
        return partitionCount(tiles, defaultParallelism, culet.getInt("pipeline.tasks-per-core"),
            culet.getInt("pipeline.partitions"));
    }
}
