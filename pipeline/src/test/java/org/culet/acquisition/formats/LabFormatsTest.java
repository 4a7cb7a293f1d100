package org.culet.acquisition.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lab format written by an independent writer ({@link LabFormatWriters}) and read back window by window:
 * the windows must equal the cube written, exactly (integer counts survive every format's sample type here).
 */
class LabFormatsTest {
    /** 7 frequencies x 37 x 21 px: odd sizes so windows cross strips, chunks and rows unevenly. */
    static final int NF = 7;
    static final int NY = 37;
    static final int NX = 21;

    @TempDir
    Path dir;

    static int[][][] cube(long seed, int max) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][][] c = new int[NF][NY][NX];
        for (int f = 0; f < NF; f++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    c[f][y][x] = r.nextInt(max);
                }
            }
        }
        return c;
    }

    static double[] freqs() {
        double[] f = new double[NF];
        for (int i = 0; i < NF; i++) {
            f[i] = 2.70e9 + 0.1e9 * i;
        }
        return f;
    }

    /** Checks shape, axis and several windows (corners, edges, the whole frame) against the cube. */
    static void assertReadsBack(SweepReader r, int[][][] c, double[] freqsHz) throws IOException {
        assertThat(r.frequencyCount()).isEqualTo(NF);
        assertThat(r.height()).isEqualTo(NY);
        assertThat(r.width()).isEqualTo(NX);
        assertThat(r.frequenciesHz()).containsExactly(freqsHz);
        int[][] windows = {{0, 0, NY, NX}, {0, 0, 1, 1}, {5, 3, 16, 16}, {30, 14, 7, 7}, {36, 20, 1, 1}, {12, 0, 9, 21}};
        for (int[] w : windows) {
            double[] out = new double[w[2] * w[3] * NF];
            Arrays.fill(out, Double.NaN);
            r.readWindow(w[0], w[1], w[2], w[3], out);
            for (int y = 0; y < w[2]; y++) {
                for (int x = 0; x < w[3]; x++) {
                    for (int f = 0; f < NF; f++) {
                        double expected = c[f][w[0] + y][w[1] + x];
                        double got = out[(y * w[3] + x) * NF + f];
                        if (got != expected) {
                            throw new AssertionError(r.format() + " window " + Arrays.toString(w) + " pixel (" + y + "," + x
                                + ") f " + f + ": " + got + " != " + expected);
                        }
                    }
                }
            }
        }
    }

    private static SweepFormat fmt(String type, String frames, String freqs, String axis, String unit) {
        return new SweepFormat(type, frames, freqs, axis, unit, null);
    }

    @Test
    void matlabV5CubeInEitherAxisOrderWithTheFrequencyVectorInAnotherVariable() throws IOException {
        int[][][] c = cube(1, 1_000_000);
        Path f = dir.resolve("s1.mat");
        LabFormatWriters.mat5(f, c, freqs(), "odmr", "freq_hz");
        // guessed order: the MATLAB size [37 21 7] has the frequency axis last
        try (SweepReader r = SweepReaders.open(Location.of(f), fmt("auto", "odmr", "freq_hz", null, null), null)) {
            assertThat(r.format()).isEqualTo("mat-v5");
            assertThat(r.shape()).containsExactly(NY, NX, NF);
            assertThat(r.axisOrder()).isEqualTo("y,x,f");
            assertThat(r.randomAccess()).isFalse();
            assertThat(r.access()).contains("whole cube variable");
            assertReadsBack(r, c, freqs());
        }
        try (SweepReader r = SweepReaders.open(Location.of(f), fmt("mat", "odmr", "freq_hz", "y,x,f", null), null)) {
            assertReadsBack(r, c, freqs());
        }
    }

    @Test
    void matlabV73IsHdf5InColumnMajorOrder() throws IOException {
        int[][][] c = cube(2, 1_000_000);
        Path f = dir.resolve("s1_v73.mat");
        LabFormatWriters.mat73(f, c, freqs(), "odmr", "freq_hz");
        try (SweepReader r = SweepReaders.open(Location.of(f), fmt("auto", "odmr", "freq_hz", "y,x,f", null), null)) {
            assertThat(r.format()).isEqualTo("mat-v7.3");
            assertThat(r.shape()).containsExactly(NY, NX, NF); // MATLAB size, not the HDF5 dims [7][21][37]
            assertThat(r.randomAccess()).isTrue();
            assertReadsBack(r, c, freqs());
        }
    }

    @Test
    void hdf5WithDatasetPathsAxisOrderAndUnitFromTheManifest() throws IOException {
        int[][][] c = cube(3, 1_000_000);
        Path f = dir.resolve("pm.h5");
        LabFormatWriters.hdf5PixelMajor(f, c, freqs());
        try (SweepReader r = SweepReaders.open(Location.of(f), fmt("hdf5", "data/cube", "axes/f_mhz", "y,x,f", "MHz"), null)) {
            assertThat(r.shape()).containsExactly(NY, NX, NF);
            assertThat(r.frequencySource()).isEqualTo("dataset axes/f_mhz");
            double[] expected = freqs();
            double[] got = r.frequenciesHz();
            for (int i = 0; i < NF; i++) {
                assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3));
            }
            double[] out = new double[4 * 5 * NF];
            r.readWindow(10, 3, 4, 5, out);
            assertThat(out[(2 * 5 + 1) * NF + 6]).isEqualTo(c[6][12][4]);
        }
        // without the unit the axis ends at 3300 "Hz": the error says it looks like MHz
        assertThatThrownBy(() -> SweepReaders.open(Location.of(f), fmt("hdf5", "data/cube", "axes/f_mhz", "y,x,f", null), null))
            .isInstanceOf(UserException.class).hasMessageContaining("looks like MHz").hasMessageContaining("pm.h5")
            .hasMessageContaining("frequencies-unit = MHz");
    }

    @Test
    void multiPageTiff16BitAndFloat32WithASidecar() throws IOException {
        int[][][] c16 = cube(4, 65_536);
        Path t16 = dir.resolve("s16.tif");
        LabFormatWriters.tiff(t16, c16, false);
        LabFormatWriters.sidecar(dir.resolve("s16.json"), "frequencies_hz", freqs());
        try (SweepReader r = SweepReaders.open(Location.of(t16), SweepFormat.AUTO, null)) {
            assertThat(r.format()).isEqualTo("tiff");
            assertThat(r.dtype()).isEqualTo("uint16");
            assertThat(r.frequencySource()).isEqualTo("sidecar s16.json key frequencies_hz");
            assertThat(r.metadata()).containsEntry("sidecar.operator", "test");
            assertReadsBack(r, c16, freqs());
        }
        int[][][] c32 = cube(5, 1 << 24); // float32 holds every integer below 2^24 exactly
        Path t32 = dir.resolve("s32.tiff");
        LabFormatWriters.tiff(t32, c32, true);
        LabFormatWriters.sidecar(dir.resolve("s32.json"), "frequencies_hz", freqs());
        try (SweepReader r = SweepReaders.open(Location.of(t32), SweepFormat.AUTO, null)) {
            assertThat(r.dtype()).isEqualTo("float32");
            assertReadsBack(r, c32, freqs());
        }
    }

    @Test
    void aTiffLongerThanTheStreamBufferIsReadAcrossBufferBoundaries() throws IOException {
        // 120 float pages of 16 x 16 px = 123 KB: IFDs and strips straddle the 64 KiB read-ahead buffer
        int[][][] c = new int[120][16][16];
        SplittableRandom r = new SplittableRandom(12);
        for (int[][] page : c) {
            for (int[] row : page) {
                for (int x = 0; x < row.length; x++) {
                    row[x] = 500_000 + r.nextInt(100_000);
                }
            }
        }
        Path t = dir.resolve("long.tif");
        LabFormatWriters.tiff(t, c, true);
        double[] fr = new double[120];
        for (int i = 0; i < fr.length; i++) {
            fr[i] = 2.6e9 + 1e6 * i;
        }
        for (int y0 = 0; y0 < 16; y0 += 8) {
            for (int x0 = 0; x0 < 16; x0 += 8) {
                try (SweepReader reader = SweepReaders.open(Location.of(t), SweepFormat.AUTO, fr)) {
                    double[] out = new double[8 * 8 * 120];
                    reader.readWindow(y0, x0, 8, 8, out);
                    for (int f = 0; f < 120; f += 7) {
                        assertThat(out[(3 * 8 + 5) * 120 + f]).isEqualTo(c[f][y0 + 3][x0 + 5]);
                    }
                }
            }
        }
    }

    @Test
    void npyInCAndFortranOrderAndSeveralDtypes() throws IOException {
        int[][][] c = cube(6, 60_000);
        LabFormatWriters.sidecar(dir.resolve("a.json"), "frequencies_hz", freqs());
        Files.write(dir.resolve("a.npy"), LabFormatWriters.npy("<u2", new int[] {NF, NY, NX}, false, (i, j, k) -> c[i][j][k]));
        try (SweepReader r = SweepReaders.open(Location.of(dir.resolve("a.npy")), SweepFormat.AUTO, null)) {
            assertThat(r.dtype()).isEqualTo("<u2");
            assertThat(r.axisOrder()).isEqualTo("f,y,x");
            assertReadsBack(r, c, freqs());
        }
        LabFormatWriters.sidecar(dir.resolve("b.json"), "frequencies_hz", freqs());
        Files.write(dir.resolve("b.npy"), LabFormatWriters.npy("<i4", new int[] {NF, NY, NX}, true, (i, j, k) -> c[i][j][k]));
        try (SweepReader r = SweepReaders.open(Location.of(dir.resolve("b.npy")), SweepFormat.AUTO, null)) {
            assertThat(r.metadata()).containsEntry("npy.fortran_order", "true");
            assertReadsBack(r, c, freqs());
        }
        // pixel-major [ny][nx][nf] big-endian float64, sidecar key and axis order named in the manifest
        LabFormatWriters.sidecar(dir.resolve("c.json"), "freq", freqs());
        Files.write(dir.resolve("c.npy"), LabFormatWriters.npy(">f8", new int[] {NY, NX, NF}, false, (i, j, k) -> c[k][i][j]));
        try (SweepReader r = SweepReaders.open(Location.of(dir.resolve("c.npy")), fmt("npy", null, "freq", "y,x,f", null), null)) {
            assertReadsBack(r, c, freqs());
        }
        // Fortran-order float32 [nx][ny][nf]: axis order x,y,f
        Files.write(dir.resolve("d.npy"), LabFormatWriters.npy("<f4", new int[] {NX, NY, NF}, true, (i, j, k) -> c[k][j][i]));
        try (SweepReader r = SweepReaders.open(Location.of(dir.resolve("d.npy")), fmt("npy", null, null, "x;y;f", null), freqs())) {
            assertThat(r.frequencySource()).isEqualTo("sweeps.csv frequency_axis");
            assertReadsBack(r, c, freqs());
        }
    }

    @Test
    void npzStoredMembersAreReadByWindowDeflatedOnesWhole() throws IOException {
        int[][][] c = cube(7, 1_000_000);
        byte[] cubeBytes = LabFormatWriters.npy("<i4", new int[] {NF, NY, NX}, false, (i, j, k) -> c[i][j][k]);
        byte[] axis = LabFormatWriters.npy1d(freqs());
        for (boolean deflated : new boolean[] {false, true}) {
            Path f = dir.resolve(deflated ? "z.npz" : "s.npz");
            LabFormatWriters.npz(f, deflated, new String[] {"frequencies_hz", "frames"}, new byte[][] {axis, cubeBytes});
            try (SweepReader r = SweepReaders.open(Location.of(f), SweepFormat.AUTO, null)) {
                assertThat(r.format()).isEqualTo("npz");
                assertThat(r.randomAccess()).isEqualTo(!deflated);
                assertThat(r.access()).contains(deflated ? "inflated whole" : "stored .npz member");
                assertReadsBack(r, c, freqs());
            }
        }
    }

    @Test
    void speWithPerFrameMetadataAndTheFootersRegionOfInterest() throws IOException {
        int[][][] c = cube(8, 1_000_000);
        Path f = dir.resolve("run.spe");
        Files.write(f, LabFormatWriters.spe(c, 1, 16));
        LabFormatWriters.sidecar(dir.resolve("run.json"), "frequencies_hz", freqs());
        try (SweepReader r = SweepReaders.open(Location.of(f), SweepFormat.AUTO, null)) {
            assertThat(r.format()).isEqualTo("spe");
            assertThat(r.dtype()).isEqualTo("<i4");
            assertThat(r.metadata()).containsEntry("spe.roi", "x=100 y=200 width=21 height=37 xBinning=2 yBinning=2")
                .containsEntry("spe.pixelFormat", "MonochromeSigned32")
                .containsEntry("spe.wavelength-mapping", "4 values, 700.0 .. 701.5 nm");
            assertReadsBack(r, c, freqs());
        }
        int[][][] c16 = cube(9, 65_536);
        Path g = dir.resolve("u16.spe");
        Files.write(g, LabFormatWriters.spe(c16, 3, 0));
        try (SweepReader r = SweepReaders.open(Location.of(g), SweepFormat.AUTO, freqs())) {
            assertReadsBack(r, c16, freqs());
        }
    }

    @Test
    void truncatedAndCorruptFilesNameTheFileAndTheFix() throws IOException {
        int[][][] c = cube(10, 60_000);
        byte[] npy = LabFormatWriters.npy("<u2", new int[] {NF, NY, NX}, false, (i, j, k) -> c[i][j][k]);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(npy, npy.length - 100));
        assertThatThrownBy(() -> SweepReaders.open(Location.of(cut), SweepFormat.AUTO, freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("truncated .npy file").hasMessageContaining("cut.npy")
            .hasMessageContaining("fix:");
        Path notNpy = dir.resolve("text.npy");
        Files.writeString(notNpy, "frequency,counts\n1,2\n");
        assertThatThrownBy(() -> SweepReaders.open(Location.of(notNpy), SweepFormat.AUTO, freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("not a NumPy .npy file").hasMessageContaining("text.npy");

        byte[] spe = LabFormatWriters.spe(c, 3, 0);
        Path speCut = dir.resolve("cut.spe");
        Files.write(speCut, Arrays.copyOf(spe, 4100 + 1000));
        assertThatThrownBy(() -> SweepReaders.open(Location.of(speCut), SweepFormat.AUTO, freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("cut.spe").hasMessageContaining("fix:")
            .hasMessageContaining("outside the file");
        byte[] bad = spe.clone();
        bad[4098] = 0;
        Path speBad = dir.resolve("bad.spe");
        Files.write(speBad, bad);
        assertThatThrownBy(() -> SweepReaders.open(Location.of(speBad), SweepFormat.AUTO, freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("not an SPE file").hasMessageContaining("bad.spe");

        Path mat = dir.resolve("m.mat");
        LabFormatWriters.mat5(mat, c, freqs(), "odmr", "freq_hz");
        byte[] m = Files.readAllBytes(mat);
        Path matCut = dir.resolve("mcut.mat");
        Files.write(matCut, Arrays.copyOf(m, m.length / 2));
        assertThatThrownBy(() -> SweepReaders.open(Location.of(matCut), fmt("mat", "odmr", "freq_hz", null, null), null))
            .isInstanceOf(UserException.class).hasMessageContaining("not a readable MATLAB v5").hasMessageContaining("mcut.mat");
        assertThatThrownBy(() -> SweepReaders.open(Location.of(mat), fmt("mat", "cube", "freq_hz", null, null), null))
            .isInstanceOf(UserException.class).hasMessageContaining("no numeric variable 'cube'")
            .hasMessageContaining("odmr [37, 21, 7]").hasMessageContaining("frames-variable");

        Path tif = dir.resolve("t.tif");
        LabFormatWriters.tiff(tif, c, false);
        byte[] t = Files.readAllBytes(tif);
        Path tifCut = dir.resolve("tcut.tif");
        Files.write(tifCut, Arrays.copyOf(t, t.length / 3));
        assertThatThrownBy(() -> {
            try (SweepReader r = SweepReaders.open(Location.of(tifCut), SweepFormat.AUTO, freqs())) {
                r.readWindow(0, 0, NY, NX, new double[NY * NX * NF]);
            }
        }).satisfies(e -> assertThat(e.getMessage()).contains("tcut.tif"));

        Path npz = dir.resolve("bad.npz");
        Files.write(npz, Arrays.copyOf(npy, 200));
        assertThatThrownBy(() -> SweepReaders.open(Location.of(npz), SweepFormat.AUTO, freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("bad.npz").hasMessageContaining("zip");
    }

    @Test
    void aWrongAxisOrderOrAMismatchedFrequencyAxisIsExplained() throws IOException {
        int[][][] c = cube(11, 60_000);
        Path f = dir.resolve("pm.npy");
        Files.write(f, LabFormatWriters.npy("<u2", new int[] {NY, NX, NF}, false, (i, j, k) -> c[k][i][j]));
        assertThatThrownBy(() -> SweepReaders.open(Location.of(f), fmt("npy", null, null, "f,y,x", null), freqs()))
            .isInstanceOf(UserException.class)
            .hasMessageContaining("axis order 'f,y,x' puts the frequency axis on dimension 0 (length 37)")
            .hasMessageContaining("pm.npy").hasMessageContaining("set axis-order = \"y,x,f\"");
        assertThatThrownBy(() -> SweepReaders.open(Location.of(f), fmt("npy", null, null, "f,y,y", null), freqs()))
            .isInstanceOf(UserException.class).hasMessageContaining("not a permutation of f, y, x");
        // no axis anywhere
        assertThatThrownBy(() -> SweepReaders.open(Location.of(f), SweepFormat.AUTO, null))
            .isInstanceOf(UserException.class).hasMessageContaining("no frequency axis")
            .hasMessageContaining("no JSON sidecar (pm.json)").hasMessageContaining("START_HZ:STOP_HZ:POINTS");
        // 6 frequencies for 7 frames: no axis fits, the window read refuses
        try (SweepReader r = SweepReaders.open(Location.of(f), SweepFormat.AUTO, Arrays.copyOf(freqs(), 6))) {
            assertThat(r.frequencyAxisLength()).isEqualTo(6);
            assertThatThrownBy(() -> r.readWindow(0, 0, 1, 1, new double[NF * 40]))
                .isInstanceOf(IOException.class).hasMessageContaining("frequency axis has 6 points");
        }
    }

    @Test
    void formatIsInferredFromTheExtensionOrRefusedWithTheFix() {
        assertThat(SweepFormat.typeFromExtension("a.TIFF")).isEqualTo("tiff");
        assertThat(SweepFormat.typeFromExtension("a.hdf5")).isEqualTo("hdf5");
        assertThatThrownBy(() -> SweepReaders.open(Location.of(dir.resolve("x.xyz")), SweepFormat.AUTO, null))
            .isInstanceOf(UserException.class).hasMessageContaining("unknown sweep file format 'x.xyz'")
            .hasMessageContaining("format { type = hdf5 | mat | npy | npz | tiff | spe }");
    }
}
