package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.culet.acquisition.formats.LabFormatWriters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** culet inspect on lab files: arrays, the guessed cube, axis order, frequency axis and the format block to write. */
class InspectCommandTest {
    @TempDir
    Path dir;

    private static int[][][] cube(int nf, int ny, int nx) {
        int[][][] c = new int[nf][ny][nx];
        for (int f = 0; f < nf; f++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    c[f][y][x] = 1000 + f + 10 * y + 100 * x;
                }
            }
        }
        return c;
    }

    @Test
    void aMatlabFileShowsItsVariablesAndTheGuessedManifest() throws Exception {
        double[] mhz = new double[9];
        for (int i = 0; i < mhz.length; i++) {
            mhz[i] = 2800 + 10 * i;
        }
        Path f = dir.resolve("run42.mat");
        LabFormatWriters.mat5(f, cube(9, 12, 10), mhz, "odmr_counts", "mw_freq_mhz");
        CliHarness h = CliHarness.run("inspect", f.toString());
        assertThat(h.exitCode).as(h.out + h.err).isZero();
        assertThat(h.out).contains("format:          mat-v5")
            .contains("odmr_counts  [12, 10, 9]  double   <- sweep cube")
            .contains("mw_freq_mhz  [1, 9]  double   <- frequency axis")
            .contains("axis order:      y,x,f (guessed")
            .contains("9 points, 2800.000000 .. 2880.000000 MHz, from variable mw_freq_mhz")
            .contains("whole cube variable")
            .contains("frames-variable = \"odmr_counts\"").contains("frequencies-unit = MHz")
            .contains("axis-order = \"y,x,f\"");
    }

    @Test
    void anNpyWithoutAxisSaysWhatIsMissingAndExitsWithAUserError() throws Exception {
        int[][][] c = cube(5, 4, 3);
        Path f = dir.resolve("a.npy");
        Files.write(f, LabFormatWriters.npy("<u2", new int[] {5, 4, 3}, false, (i, j, k) -> c[i][j][k]));
        CliHarness h = CliHarness.run("inspect", f.toString());
        assertThat(h.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(h.out).contains("format:          npy").contains("no frequency axis").contains("a.json");
        CliHarness ok = CliHarness.run("inspect", f.toString(), "--frequency-axis", "2.8e9:2.9e9:5");
        assertThat(ok.exitCode).as(ok.out + ok.err).isZero();
        assertThat(ok.out).contains("cube:            shape [5, 4, 3], <u2").contains("axis order:      f,y,x")
            .contains("from sweeps.csv frequency_axis").contains("positioned reads");
    }

    @Test
    void anHdf5FileInAnotherLayout() throws Exception {
        int[][][] c = cube(7, 6, 5);
        double[] hz = new double[7];
        for (int i = 0; i < 7; i++) {
            hz[i] = 2.7e9 + 1e7 * i;
        }
        Path f = dir.resolve("lab.h5");
        LabFormatWriters.hdf5PixelMajor(f, c, hz);
        CliHarness h = CliHarness.run("inspect", f.toString());
        assertThat(h.exitCode).as(h.out + h.err).isZero();
        assertThat(h.out).contains("data/cube  [6, 5, 7]").contains("<- sweep cube").contains("axes/f_mhz  [7]")
            .contains("axis order:      y,x,f").contains("frequencies-unit = MHz")
            .contains("frames-variable = \"data/cube\"").contains("2700.000000 .. 2760.000000 MHz");
    }
}
