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

    /**
     * The tiles covering the region of interest rows [y0, y0 + height) x cols [x0, x0 + width), each cropped
     * to it and keeping its full-frame id (so tile ids, and rows, do not depend on the region).
     *
     * @throws UserException when the region is empty or leaves the image
     */
    public List<Tile> tiles(int y0, int x0, int height, int width) {
        if (height <= 0 || width <= 0 || y0 < 0 || x0 < 0 || y0 + height > ny || x0 + width > nx) {
            throw new UserException("region of interest [" + y0 + ", " + x0 + ", " + height + ", " + width
                + "] is empty or leaves the " + ny + " x " + nx + " px image", "culet.pipeline.roi-px",
                "give [y0, x0, height, width] inside the image, or [] for the whole frame");
        }
        List<Tile> out = new ArrayList<>();
        for (Tile t : tiles()) {
            int ty0 = Math.max(t.y0(), y0);
            int tx0 = Math.max(t.x0(), x0);
            int ty1 = Math.min(t.y0() + t.height(), y0 + height);
            int tx1 = Math.min(t.x0() + t.width(), x0 + width);
            if (ty1 > ty0 && tx1 > tx0) {
                out.add(new Tile(t.tileId(), ty0, tx0, ty1 - ty0, tx1 - tx0));
            }
        }
        return out;
    }

    /**
     * The tiles the configuration asks for: every tile, or those covering {@code culet.pipeline.roi-px}
     * ([y0, x0, height, width]; empty = the whole frame).
     */
    public List<Tile> tiles(Config culet) {
        int[] roi = roi(culet);
        return roi == null ? tiles() : tiles(roi[0], roi[1], roi[2], roi[3]);
    }

    /** {@code culet.pipeline.roi-px} as {y0, x0, height, width}, or null for the whole frame. */
    public static int[] roi(Config culet) {
        if (!culet.hasPath("pipeline.roi-px")) {
            return null;
        }
        List<Integer> roi = culet.getIntList("pipeline.roi-px");
        if (roi.isEmpty()) {
            return null;
        }
        if (roi.size() != 4) {
            throw new UserException("culet.pipeline.roi-px must hold 4 numbers, got " + roi, "culet.pipeline.roi-px",
                "give [y0, x0, height, width] in camera pixels, or [] for the whole frame");
        }
        return new int[] {roi.get(0), roi.get(1), roi.get(2), roi.get(3)};
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
