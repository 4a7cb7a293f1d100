package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelBenchmarkSamplingTest {
    @Test
    void theSampleStrideVisitsEveryTileAndSpreadsOverRowsAndColumns() {
        for (int tiles : new int[] {1, 2, 3, 4, 16, 64, 100}) {
            int stride = KernelBenchmark.sampleStride(tiles);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < tiles; i++) {
                seen.add((int) ((long) i * stride % tiles));
            }
            assertThat(seen).as("tiles %d, stride %d", tiles, stride).hasSize(tiles);
        }
        // 16 samples over an 8 x 8 grid of tiles: every row and every column of tiles is hit (every 4th tile would
        // hit only columns 0 and 4).
        int stride = KernelBenchmark.sampleStride(64);
        Set<Integer> rows = new HashSet<>();
        Set<Integer> columns = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            int t = i * stride % 64;
            rows.add(t / 8);
            columns.add(t % 8);
        }
        assertThat(rows).hasSize(8);
        assertThat(columns).hasSizeGreaterThanOrEqualTo(6);
    }
}
