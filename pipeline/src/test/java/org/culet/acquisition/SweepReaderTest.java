package org.culet.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.culet.config.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tile-window reads of HDF5 sweep files against the frames written and against a full read. */
class SweepReaderTest {
    @TempDir
    Path tmp;

    /** 7 frequencies x 37 x 21 px: not a multiple of the 16-px chunk, so edge windows cross partial chunks. */
    private static int[][][] frames() {
        SplittableRandom r = new SplittableRandom(4);
        int[][][] f = new int[7][37][21];
        for (int k = 0; k < 7; k++) {
            for (int y = 0; y < 37; y++) {
                for (int x = 0; x < 21; x++) {
                    f[k][y][x] = 1_000_000 * k + 1000 * y + x + r.nextInt(7);
                }
            }
        }
        return f;
    }

    @Test
    void windowsEqualTheSameWindowOfAFullReadIncludingEdges() throws Exception {
        int[][][] f = frames();
        double[] freq = {2.7e9, 2.8e9, 2.9e9, 3.0e9, 3.1e9, 3.2e9, 3.3e9};
        Path file = tmp.resolve("s.h5");
        SweepFiles.write(file, f, freq, "s0001", 0.02, 5);
        try (SweepReader r = SweepReaders.open(file)) {
            assertThat(r.frequencyCount()).isEqualTo(7);
            assertThat(r.height()).isEqualTo(37);
            assertThat(r.width()).isEqualTo(21);
            assertThat(r.frequenciesHz()).containsExactly(freq);
            double[] full = new double[37 * 21 * 7];
            r.readWindow(0, 0, 37, 21, full);
            for (int y = 0; y < 37; y++) {
                for (int x = 0; x < 21; x++) {
                    for (int k = 0; k < 7; k++) {
                        assertThat(full[(y * 21 + x) * 7 + k]).isEqualTo(f[k][y][x]);
                    }
                }
            }
            int[][] windows = {{0, 0, 16, 16}, {16, 16, 16, 5}, {32, 0, 5, 21}, {30, 17, 7, 4}, {5, 3, 20, 11},
                {36, 20, 1, 1}, {0, 20, 37, 1}};
            for (int[] win : windows) {
                int y0 = win[0];
                int x0 = win[1];
                int h = win[2];
                int w = win[3];
                double[] out = new double[h * w * 7];
                r.readWindow(y0, x0, h, w, out);
                for (int y = y0; y < y0 + h; y++) {
                    for (int x = x0; x < x0 + w; x++) {
                        for (int k = 0; k < 7; k++) {
                            assertThat(out[((y - y0) * w + (x - x0)) * 7 + k]).as("window %s,%s pixel %d,%d f%d", y0, x0, y, x, k)
                                .isEqualTo(full[(y * 21 + x) * 7 + k]);
                        }
                    }
                }
            }
            assertThatThrownBy(() -> r.readWindow(30, 0, 8, 4, new double[8 * 4 * 7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        }
        try (Hdf5SweepReader h = new Hdf5SweepReader(file)) {
            assertThat(h.exposureS()).isEqualTo(0.02);
            assertThat(h.averages()).isEqualTo(5.0);
            assertThat(h.sweepIdAttribute()).isEqualTo("s0001");
        }
    }

    @Test
    void sweepFilesAreChunkedByTileSoAWindowReadTouchesFewChunks() throws Exception {
        int[][][] f = frames();
        Path file = tmp.resolve("c.h5");
        SweepFiles.write(file, f, new double[] {1, 2, 3, 4, 5, 6, 7}, "c", 0.01, 1);
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(file)) {
            io.jhdf.api.dataset.ChunkedDataset d = (io.jhdf.api.dataset.ChunkedDataset) h.getDatasetByPath(SweepFiles.FRAMES);
            assertThat(d.getChunkDimensions()).containsExactly(7, 16, 16);
            assertThat(d.getJavaType()).isEqualTo(int.class);
        }
    }

    @Test
    void missingFileAndUnknownFormatAreUserErrors() {
        assertThatThrownBy(() -> SweepReaders.open(tmp.resolve("nope.h5"))).isInstanceOf(UserException.class)
            .hasMessageContaining("nope.h5").hasMessageContaining("fix:");
        assertThatThrownBy(() -> SweepReaders.open(tmp.resolve("x.xyz"))).isInstanceOf(UserException.class)
            .hasMessageContaining("unknown sweep file format");
    }
}
