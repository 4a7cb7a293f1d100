package org.culet.acquisition.formats;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Independent writers of every lab format for the tests: MFL's writer (MATLAB v5), jhdf's writer (HDF5 layouts and
 * MATLAB v7.3 = HDF5 transposed), the JDK's ImageIO TIFF writer, NumPy bytes built by hand after numpy.lib.format,
 * zip files of them (java.util.zip), and SPE 3.0 files built by hand after the SPE 3.0 specification. None of
 * them shares code with the readers. A cube is given as frames[f][y][x].
 */
public final class LabFormatWriters {
    private LabFormatWriters() {
    }

    /** MATLAB v5 via MFL: variable {@code cubeName} of MATLAB size [ny nx nf] (double) and {@code freqName} 1 x nf. */
    public static void mat5(Path file, int[][][] frames, double[] freqs, String cubeName, String freqName) throws IOException {
        int nf = frames.length;
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        Matrix cube = Mat5.newMatrix(new int[] {ny, nx, nf});
        for (int f = 0; f < nf; f++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    cube.setDouble(new int[] {y, x, f}, frames[f][y][x]);
                }
            }
        }
        Matrix fm = Mat5.newMatrix(1, nf);
        for (int f = 0; f < nf; f++) {
            fm.setDouble(0, f, freqs[f]);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (MatFile mat = Mat5.newMatFile().addArray("notes", Mat5.newString("ODMR sweep")).addArray(cubeName, cube)
            .addArray(freqName, fm)) {
            Mat5.writeToFile(mat, file.toFile());
        }
    }

    /**
     * MATLAB v7.3 layout via jhdf: a MATLAB array of size [ny nx nf] is the HDF5 dataset [nf][nx][ny] (column-major);
     * the frequency vector 1 x nf is [nf][1].
     */
    public static void mat73(Path file, int[][][] frames, double[] freqs, String cubeName, String freqName) {
        int nf = frames.length;
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        int[][][] t = new int[nf][nx][ny];
        for (int f = 0; f < nf; f++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    t[f][x][y] = frames[f][y][x];
                }
            }
        }
        double[][] fv = new double[nf][1];
        for (int f = 0; f < nf; f++) {
            fv[f][0] = freqs[f];
        }
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putDataset(cubeName, t).putAttribute("MATLAB_class", "int32");
            h.putDataset(freqName, fv).putAttribute("MATLAB_class", "double");
        }
    }

    /** An HDF5 file in another layout: group {@code data}, cube [ny][nx][nf] float32, axis in MHz in group {@code axes}. */
    public static void hdf5PixelMajor(Path file, int[][][] frames, double[] freqsHz) {
        int nf = frames.length;
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        float[][][] c = new float[ny][nx][nf];
        for (int f = 0; f < nf; f++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    c[y][x][f] = frames[f][y][x];
                }
            }
        }
        double[] mhz = new double[nf];
        for (int f = 0; f < nf; f++) {
            mhz[f] = freqsHz[f] / 1e6;
        }
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putGroup("data").putDataset("cube", c);
            h.putGroup("axes").putDataset("f_mhz", mhz);
        }
    }

    /** Multi-page TIFF through the JDK's ImageIO writer: one page per frequency, 16-bit unsigned or 32-bit float. */
    public static void tiff(Path file, int[][][] frames, boolean float32) throws IOException {
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
        ImageWriter w = it.next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (int[][] frame : frames) {
                BufferedImage img;
                if (float32) {
                    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), new int[] {32},
                        false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
                    WritableRaster r = cm.createCompatibleWritableRaster(nx, ny);
                    img = new BufferedImage(cm, r, false, null);
                } else {
                    img = new BufferedImage(nx, ny, BufferedImage.TYPE_USHORT_GRAY);
                }
                WritableRaster r = img.getRaster();
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        if (float32) {
                            r.setSample(x, y, 0, (float) frame[y][x]);
                        } else {
                            r.setSample(x, y, 0, frame[y][x]);
                        }
                    }
                }
                w.writeToSequence(new IIOImage(img, null, null), null);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
    }

    /**
     * NumPy .npy bytes after numpy.lib.format (version 1.0): the cube with {@code shape} (numpy's) stored in C or
     * Fortran order; {@code value(i, j, k)} gives element [i][j][k] of the logical array.
     */
    public static byte[] npy(String descr, int[] shape, boolean fortran, ValueAt value) {
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': %s, 'shape': (%d, %d, %d), }", descr,
            fortran ? "True" : "False", shape[0], shape[1], shape[2]);
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(pad)).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int hl = header.length();
        out.write(hl & 0xff);
        out.write(hl >> 8);
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteOrder bo = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = Integer.parseInt(descr.substring(2));
        char kind = descr.charAt(1);
        ByteBuffer b = ByteBuffer.allocate(shape[0] * shape[1] * shape[2] * size).order(bo);
        if (fortran) {
            for (int k = 0; k < shape[2]; k++) {
                for (int j = 0; j < shape[1]; j++) {
                    for (int i = 0; i < shape[0]; i++) {
                        put(b, kind, size, value.at(i, j, k));
                    }
                }
            }
        } else {
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    for (int k = 0; k < shape[2]; k++) {
                        put(b, kind, size, value.at(i, j, k));
                    }
                }
            }
        }
        out.writeBytes(b.array());
        return out.toByteArray();
    }

    /** A 1-D float64 .npy. */
    public static byte[] npy1d(double[] v) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }", v.length);
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    /** Element [i][j][k] of a logical array. */
    @FunctionalInterface
    public interface ValueAt {
        double at(int i, int j, int k);
    }

    private static void put(ByteBuffer b, char kind, int size, double v) {
        switch (kind) {
            case 'f' -> {
                if (size == 4) {
                    b.putFloat((float) v);
                } else {
                    b.putDouble(v);
                }
            }
            default -> {
                switch (size) {
                    case 1 -> b.put((byte) v);
                    case 2 -> b.putShort((short) (long) v);
                    case 4 -> b.putInt((int) (long) v);
                    default -> b.putLong((long) v);
                }
            }
        }
    }

    /** A .npz zip of {name}.npy members, stored ({@code numpy.savez}) or deflated ({@code numpy.savez_compressed}). */
    public static void npz(Path file, boolean deflated, String[] names, byte[][] members) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (int i = 0; i < names.length; i++) {
                ZipEntry e = new ZipEntry(names[i] + ".npy");
                if (!deflated) {
                    CRC32 crc = new CRC32();
                    crc.update(members[i]);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(members[i].length);
                    e.setCompressedSize(members[i].length);
                    e.setCrc(crc.getValue());
                } else {
                    e.setMethod(ZipEntry.DEFLATED);
                }
                z.putNextEntry(e);
                z.write(members[i]);
                z.closeEntry();
            }
        }
    }

    /**
     * An SPE 3.0 file built by hand: 4100-byte header, frames of {@code datatype} (1 int32, 3 uint16, 0 float32) with
     * {@code metaBytes} of per-frame metadata after each frame (LightField's time stamps), XML footer with the frame
     * and region data blocks, a sensor mapping (region of interest) and a wavelength calibration.
     */
    public static byte[] spe(int[][][] frames, int datatype, int metaBytes) {
        int nf = frames.length;
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        int esz = datatype == 3 ? 2 : 4;
        int frameBytes = nx * ny * esz;
        int stride = frameBytes + metaBytes;
        long footerOffset = 4100L + (long) nf * stride;
        String pixelFormat = switch (datatype) {
            case 0 -> "MonochromeFloating32";
            case 1 -> "MonochromeSigned32";
            default -> "MonochromeUnsigned16";
        };
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<SpeFormat version=\"3.0\" xmlns=\"http://www.princetoninstruments.com/spe/2009\">"
            + "<DataFormat><DataBlock type=\"Frame\" version=\"3.0\" count=\"" + nf + "\" pixelFormat=\"" + pixelFormat
            + "\" size=\"" + frameBytes + "\" stride=\"" + stride + "\">"
            + "<DataBlock type=\"Region\" version=\"3.0\" count=\"1\" size=\"" + frameBytes + "\" stride=\"" + frameBytes
            + "\" calibrations=\"1\" width=\"" + nx + "\" height=\"" + ny + "\" /></DataBlock></DataFormat>"
            + "<MetaFormat><MetaBlock type=\"TimeStamp\" event=\"ExposureStarted\" type2=\"Int64\" bitDepth=\"64\" /></MetaFormat>"
            + "<Calibrations version=\"2.0\"><WavelengthMapping id=\"1\" version=\"1.0\"><Wavelength>"
            + "700.0,700.5,701.0,701.5</Wavelength></WavelengthMapping>"
            + "<SensorInformation id=\"1\" width=\"1024\" height=\"1024\" />"
            + "<SensorMapping id=\"1\" x=\"100\" y=\"200\" width=\"" + nx + "\" height=\"" + ny
            + "\" xBinning=\"2\" yBinning=\"2\" /></Calibrations></SpeFormat>";
        byte[] x = xml.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) footerOffset + x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(42, (short) nx);
        b.putShort(108, (short) datatype);
        b.putShort(656, (short) ny);
        b.putLong(678, footerOffset);
        b.putInt(1446, nf);
        b.putFloat(1992, 3.0f);
        b.putShort(4098, (short) 0x5555);
        int p = 4100;
        for (int f = 0; f < nf; f++) {
            for (int y = 0; y < ny; y++) {
                for (int xx = 0; xx < nx; xx++) {
                    int v = frames[f][y][xx];
                    switch (datatype) {
                        case 0 -> b.putFloat(p, v);
                        case 1 -> b.putInt(p, v);
                        default -> b.putShort(p, (short) v);
                    }
                    p += esz;
                }
            }
            for (int m = 0; m < metaBytes; m++) {
                b.put(p++, (byte) 0x7f); // metadata bytes that must never be read as pixels
            }
        }
        b.position((int) footerOffset);
        b.put(x);
        return b.array();
    }

    /** The JSON sidecar {"frequencies_hz": [...]} (or another key). */
    public static void sidecar(Path file, String key, double[] freqs) throws IOException {
        StringBuilder sb = new StringBuilder("{\"").append(key).append("\": [");
        for (int i = 0; i < freqs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Double.toString(freqs[i]));
        }
        sb.append("], \"operator\": \"test\"}");
        Files.writeString(file, sb.toString());
    }
}
