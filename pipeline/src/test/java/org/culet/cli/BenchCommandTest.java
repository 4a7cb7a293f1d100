package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.config.UserException;
import org.culet.spark.Tile;
import org.culet.spark.TilePlanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of culet bench that decide what is measured (the measurement itself is the bench's job). */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void defaultRegionIsTheCentral64PixelsAndParsesExplicitOnes() {
        assertThat(BenchCommand.region(null, 256, 256)).containsExactly(96, 96, 64, 64);
        assertThat(BenchCommand.region(null, 100, 40)).containsExactly(18, 0, 64, 40);
        assertThat(BenchCommand.region("all", 256, 256)).isNull();
        assertThat(BenchCommand.region(" 1, 2,3 ,4", 256, 256)).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> BenchCommand.region("1,2,3", 8, 8)).isInstanceOf(UserException.class)
            .hasMessageContaining("4 numbers");
        assertThat(BenchCommand.parallelism("local[2]")).isEqualTo(2);
        assertThat(BenchCommand.parallelism("local[3,2]")).isEqualTo(3);
        assertThat(BenchCommand.parallelism("local")).isEqualTo(1);
    }

    @Test
    void regionTilesAreCroppedAndKeepTheirFrameIds() {
        TilePlanner planner = new TilePlanner(64, 64, 32);
        List<Tile> tiles = planner.tiles(30, 10, 4, 30);
        assertThat(tiles).extracting(Tile::tileId).containsExactly(0, 1, 2, 3);
        assertThat(tiles.get(0)).isEqualTo(new Tile(0, 30, 10, 2, 22));
        assertThat(tiles.get(3)).isEqualTo(new Tile(3, 32, 32, 2, 8));
        assertThat(tiles.stream().mapToInt(Tile::pixelCount).sum()).isEqualTo(4 * 30);
        assertThatThrownBy(() -> planner.tiles(60, 0, 8, 8)).isInstanceOf(UserException.class)
            .hasMessageContaining("leaves the 64 x 64 px image");
    }

    @Test
    void repeatsTheSweepCatalogueUnderNewIdsToReachTheAskedCount() throws Exception {
        Path acq = dir.resolve("tiny");
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "3", "--out", acq.toString())).isZero();
        Path derived = BenchCommand.withSweepCount(acq, 12, dir.resolve("twelve"));
        var validated = AcquisitionValidator.validate(derived);
        List<String> ids = AcquisitionValidator.sweepIds(validated);
        assertThat(ids).hasSize(12).doesNotHaveDuplicates();
        assertThat(ids.get(5)).isEqualTo(ids.get(0) + "-r1");
        assertThat(ids.get(10)).isEqualTo(ids.get(0) + "-r2");
        assertThat(Files.isSymbolicLink(derived.resolve("edx"))).isTrue();
        assertThat(AcquisitionValidator.sweepIds(AcquisitionValidator.validate(
            BenchCommand.withSweepCount(acq, 2, dir.resolve("two"))))).hasSize(2);
    }
}
