package org.culet.spark;

import java.io.Serializable;

/**
 * A rectangle of camera pixels processed by one task: rows y0 .. y0+height-1, columns x0 .. x0+width-1.
 * Tile ids are row-major over the tile grid of a {@link TilePlanner} and stable for a given image size and
 * tile size.
 */
public record Tile(int tileId, int y0, int x0, int height, int width) implements Serializable {
    public int pixelCount() {
        return height * width;
    }

    public boolean contains(int y, int x) {
        return y >= y0 && y < y0 + height && x >= x0 && x < x0 + width;
    }
}
