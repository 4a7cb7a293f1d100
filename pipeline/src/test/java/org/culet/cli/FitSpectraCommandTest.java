package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code culet fit-spectra} on CSV and NPY input (files written here, byte by byte for NPY) and malformed input. */
class FitSpectraCommandTest {
    private static final int M = 120;
    private static final double[] TRUE_CENTRES_MHZ = {2831.0, 2912.0};

    @TempDir
    Path dir;

    /** Frequencies 2750..3000 MHz in Hz. */
    private static double[] freqsHz() {
        double[] f = new double[M];
        for (int i = 0; i < M; i++) {
            f[i] = (2750.0 + 250.0 * i / (M - 1)) * 1e6;
        }
        return f;
    }

    /** Two Lorentzian dips (contrast 1 %, FWHM 12 MHz) on a baseline of 1000, noise 1 (0.1 %). */
    private static double[][] spectra(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] f = freqsHz();
        double[][] s = new double[n][M];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < M; i++) {
                double fm = f[i] * 1e-6;
                double dip = 0;
                for (double c : TRUE_CENTRES_MHZ) {
                    double u = 2 * (fm - c) / 12.0;
                    dip += 0.01 / (1 + u * u);
                }
                double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
                s[r][i] = 1000 * (1 - dip) + g;
            }
        }
        return s;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Culet.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path csv(String name, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.9g", row[i]));
            }
            sb.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    /** Writes an .npy file by hand: format version, dtype ('<f8', '>f4', ...), shape, C order. */
    private Path npy(String name, int major, String descr, int[] shape, double[] data) throws IOException {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int pre = major == 1 ? 10 : 12;
        int total = pre + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = descr.endsWith("8") ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(pre + header.length() + data.length * size);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) header.length());
            b.put(len.array(), 0, 2);
        } else {
            len.putInt(header.length());
            b.put(len.array(), 0, 4);
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.order(order);
        for (double v : data) {
            if (size == 8) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static double[] flatten(double[][] rows) {
        double[] d = new double[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, d, r * rows[0].length, rows[0].length);
        }
        return d;
    }

    private static void assertGoodOutput(Path outCsv, int n) throws IOException {
        List<String> lines = Files.readAllLines(outCsv);
        assertThat(lines.get(0)).isEqualTo("index,status,chi2,iterations,"
            + "line1_center_mhz,line1_center_err_mhz,line1_fwhm_mhz,line1_contrast,"
            + "line2_center_mhz,line2_center_err_mhz,line2_fwhm_mhz,line2_contrast,baseline_c0");
        assertThat(lines).hasSize(n + 1);
        for (int r = 1; r <= n; r++) {
            String[] cells = lines.get(r).split(",");
            assertThat(cells).hasSize(13);
            assertThat(cells[0]).isEqualTo(Integer.toString(r - 1));
            assertThat(cells[1]).isEqualTo("OK");
            for (int k = 0; k < 2; k++) {
                double c = Double.parseDouble(cells[4 + 4 * k]);
                double err = Double.parseDouble(cells[5 + 4 * k]);
                assertThat(Math.abs(c - TRUE_CENTRES_MHZ[k])).isLessThan(5 * err);
                // FWHM 12 MHz: its 1-sigma error here is ~0.7 MHz, so +-4 MHz is > 5 sigma
                assertThat(Double.parseDouble(cells[6 + 4 * k])).isBetween(8.0, 16.0);
                assertThat(Double.parseDouble(cells[7 + 4 * k])).isBetween(0.007, 0.013); // contrast 1 %, 1-sigma ~0.06 %
            }
            assertThat(Double.parseDouble(cells[12])).isBetween(999.0, 1001.0);
        }
    }

    private static void assertSummaryLine(String stdout, int n, int threads) {
        String[] lines = stdout.strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("fitted " + n + " spectra in [0-9.]+ s: [0-9]+ fits/s per thread \\("
            + threads + " threads\\)");
    }

    @Test
    void fitsCsvSpectra() throws IOException {
        Path spectra = csv("spectra.csv", spectra(40, 1));
        Path freqs = csv("freqs.csv", new double[][] {freqsHz()});
        Path out = dir.resolve("fits.csv");
        Run r = run("fit-spectra", "--spectra", spectra.toString(), "--freqs", freqs.toString(), "--lines", "2",
            "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertSummaryLine(r.out(), 40, 1);
        assertGoodOutput(out, 40);
    }

    @Test
    void fitsNpySpectraOfEveryHeaderVersionAndByteOrder() throws IOException {
        double[][] s = spectra(30, 2);
        Path freqs = npy("freqs.npy", 1, "<f8", new int[] {M}, freqsHz());
        String[][] variants = {{"1", "<f8"}, {"2", ">f8"}, {"3", "<f4"}, {"1", ">f4"}};
        for (String[] v : variants) {
            Path spectra = npy("spectra-" + v[0] + v[1].replace('<', 'l').replace('>', 'b') + ".npy",
                Integer.parseInt(v[0]), v[1], new int[] {30, M}, flatten(s));
            Path out = dir.resolve("fits-" + v[0] + ".csv");
            Run r = run("fit-spectra", "--spectra", spectra.toString(), "--freqs", freqs.toString(), "--lines", "2",
                "--shape", "lorentzian", "--baseline", "constant", "--threads", "2", "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertSummaryLine(r.out(), 30, 2);
            assertGoodOutput(out, 30);
        }
    }

    @Test
    void badInputRowsGetAStatusNotAnError() throws IOException {
        double[][] s = spectra(3, 3);
        s[1][10] = Double.NaN;
        Path spectra = npy("nan.npy", 1, "<f8", new int[] {3, M}, flatten(s));
        Path freqs = csv("freqs.csv", new double[][] {freqsHz()});
        Path out = dir.resolve("fits.csv");
        Run r = run("fit-spectra", "--spectra", spectra.toString(), "--freqs", freqs.toString(), "--lines", "2",
            "--baseline", "linear", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).endsWith("line2_contrast,baseline_c0,baseline_c1");
        assertThat(lines.get(2)).startsWith("1,BAD_INPUT,NaN,0,");
        assertThat(lines.get(1)).startsWith("0,OK,");
    }

    @Test
    void malformedInputGivesAClearUserError() throws IOException {
        Path freqs = csv("freqs.csv", new double[][] {freqsHz()});
        Path out = dir.resolve("fits.csv");
        double[][] good = spectra(3, 4);

        // wrong row length
        double[][] ragged = {good[0], java.util.Arrays.copyOf(good[1], M - 1), good[2]};
        Run r = run("fit-spectra", "--spectra", csv("ragged.csv", ragged).toString(), "--freqs", freqs.toString(),
            "--lines", "2", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("row 2 has " + (M - 1) + " values, expected " + M).contains("ragged.csv, line 2")
            .doesNotContain("Exception");

        // non-numeric cell, with row and column
        Path text = dir.resolve("text.csv");
        List<String> rows = Files.readAllLines(csv("tmp.csv", good));
        String[] cells = rows.get(1).split(",");
        cells[1] = "abc";
        rows.set(1, String.join(",", cells));
        Files.write(text, rows);
        r = run("fit-spectra", "--spectra", text.toString(), "--freqs", freqs.toString(), "--lines", "2",
            "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("non-numeric value 'abc' in row 2, column 2");

        // mismatched frequency axis
        double[] shortAxis = java.util.Arrays.copyOf(freqsHz(), M - 5);
        r = run("fit-spectra", "--spectra", csv("ok.csv", good).toString(), "--freqs",
            csv("short.csv", new double[][] {shortAxis}).toString(), "--lines", "2", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("spectra have " + M + " points per row but the frequency axis has " + (M - 5));

        // frequencies in MHz instead of Hz
        double[] mhz = freqsHz();
        for (int i = 0; i < M; i++) {
            mhz[i] *= 1e-6;
        }
        r = run("fit-spectra", "--spectra", csv("ok2.csv", good).toString(), "--freqs",
            csv("mhz.csv", new double[][] {mhz}).toString(), "--lines", "2", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("must be in Hz");

        // unreadable NPY dtype (complex128) and a file that is not NPY at all
        Path complex = npy("complex.npy", 1, "<c16", new int[] {3, M}, new double[0]);
        r = run("fit-spectra", "--spectra", complex.toString(), "--freqs", freqs.toString(), "--lines", "2",
            "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("unsupported .npy dtype '<c16'");
        Path notNpy = dir.resolve("fake.npy");
        Files.writeString(notNpy, "1,2,3\n");
        r = run("fit-spectra", "--spectra", notNpy.toString(), "--freqs", freqs.toString(), "--lines", "2",
            "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("not a NumPy .npy file");

        // bad options
        r = run("fit-spectra", "--spectra", csv("ok3.csv", good).toString(), "--freqs", freqs.toString(),
            "--lines", "9", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("--lines must be 1..8");
        r = run("fit-spectra", "--spectra", csv("ok4.csv", good).toString(), "--freqs", freqs.toString(),
            "--lines", "2", "--shape", "cauchy", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("unknown --shape 'cauchy'");
        // missing file
        r = run("fit-spectra", "--spectra", dir.resolve("missing.csv").toString(), "--freqs", freqs.toString(),
            "--lines", "2", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("cannot read --spectra file");
    }
}
