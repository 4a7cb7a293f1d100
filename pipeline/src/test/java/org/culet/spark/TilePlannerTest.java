package org.culet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.junit.jupiter.api.Test;

class TilePlannerTest {
    @Test
    void tilesCoverEveryPixelExactlyOnceWithSmallerEdgeTiles() {
        TilePlanner planner = new TilePlanner(70, 45, 32);
        assertThat(planner.tileRows()).isEqualTo(3);
        assertThat(planner.tileColumns()).isEqualTo(2);
        List<Tile> tiles = planner.tiles();
        assertThat(tiles).hasSize(6);
        int[][] owner = new int[70][45];
        for (Tile t : tiles) {
            for (int y = t.y0(); y < t.y0() + t.height(); y++) {
                for (int x = t.x0(); x < t.x0() + t.width(); x++) {
                    owner[y][x]++;
                    assertThat(planner.tileIdOf(y, x)).isEqualTo(t.tileId());
                }
            }
        }
        for (int[] row : owner) {
            for (int count : row) {
                assertThat(count).isEqualTo(1);
            }
        }
        assertThat(tiles.stream().mapToInt(Tile::pixelCount).sum()).isEqualTo(70 * 45);
        // Edge tiles: last row is 70 - 64 = 6 tall, last column 45 - 32 = 13 wide.
        assertThat(planner.tile(5)).isEqualTo(new Tile(5, 64, 32, 6, 13));
        assertThat(planner.tile(1)).isEqualTo(new Tile(1, 0, 32, 32, 13));
    }

    @Test
    void idsAreStableAndRowMajor() {
        TilePlanner a = new TilePlanner(64, 96, 32);
        TilePlanner b = new TilePlanner(64, 96, 32);
        assertThat(a.tiles()).isEqualTo(b.tiles());
        assertThat(a.tileIdOf(33, 70)).isEqualTo(1 * 3 + 2);
    }

    @Test
    void partitionCountFollowsDataAndCluster() {
        assertThat(TilePlanner.partitionCount(4, 8, 3, 0)).isEqualTo(4);     // fewer tiles than slots
        assertThat(TilePlanner.partitionCount(1000, 2, 3, 0)).isEqualTo(6);  // 2 cores x 3 tasks per core
        assertThat(TilePlanner.partitionCount(1000, 16, 3, 0)).isEqualTo(48);
        assertThat(TilePlanner.partitionCount(0, 2, 3, 0)).isEqualTo(1);
        assertThat(TilePlanner.partitionCount(10, 2, 3, 2)).isEqualTo(2);    // forced
        assertThat(TilePlanner.partitionCount(3, 2, 3, 8)).isEqualTo(3);     // never more than tiles
        var culet = CuletConfig.defaults().culet();
        assertThat(TilePlanner.fromConfig(culet, 64, 64).tileSizePx()).isEqualTo(32);
        assertThat(TilePlanner.partitionCount(culet, 100, 2)).isEqualTo(6);
    }

    @Test
    void settingsFromConfiguration() {
        PipelineSettings s = PipelineSettings.fromConfig(CuletConfig.load(null, java.util.Map.of(
            "culet.pipeline.tile-size-px", "16", "culet.pipeline.partitions", "3")).culet());
        assertThat(s.stringency()).isEqualTo(Stringency.STRICT);
        assertThat(s.planner(64, 64).tileCount()).isEqualTo(16);
        assertThat(s.partitions(16, 2)).isEqualTo(3);
        assertThat(s.progressIntervalS()).isEqualTo(5.0);
    }

    @Test
    void badTileSizeIsAUserError() {
        assertThatThrownBy(() -> new TilePlanner(10, 10, 0)).isInstanceOf(UserException.class)
            .hasMessageContaining("culet.pipeline.tile-size-px");
    }
}
