package org.culet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.culet.config.UserException;

/**
 * Reader for NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; numpy.lib.format): 1-D or 2-D arrays in C
 * order of float32/float64 or integer (int16/uint16/int32/uint32/int64) samples, little or big endian, returned
 * as doubles.
 *
 * <p>Written here rather than using {@code org.jetbrains.bio:npy} (0.3.5, which does resolve from Maven Central)
 * because that library rejects version-3.0 headers ("unsupported version") and brings kotlin-stdlib onto the
 * class path; the format is a 10-byte preamble and a Python-literal header, a hundred lines to read.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /** An array read from an .npy file: shape (1 or 2 dimensions) and the values in C order. */
    public record NpyArray(int[] shape, double[] data) {
        public int rows() {
            return shape.length == 1 ? 1 : shape[0];
        }

        public int columns() {
            return shape.length == 1 ? shape[0] : shape[1];
        }
    }

    /** Reads {@code file}; {@code what} names the option for error messages (e.g. "--spectra"). */
    public static NpyArray read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserException("cannot read " + what + " file: " + e.getMessage(), file.toString(),
                "check that the file exists and is readable", e);
        }
        return parse(bytes, file.toString(), what);
    }

    static NpyArray parse(byte[] bytes, String where, String what) {
        String fixFormat = "write it with numpy.save(path, array) (a 1-D or 2-D float32/float64 array in C order)";
        if (bytes.length < 10) {
            throw new UserException(what + " is not a NumPy .npy file (too short)", where, fixFormat);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new UserException(what + " is not a NumPy .npy file (bad magic bytes)", where, fixFormat);
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer head = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int dataStart;
        if (major == 1) {
            headerLen = head.getShort(8) & 0xffff;
            dataStart = 10 + headerLen;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new UserException(what + " .npy header is truncated", where, fixFormat);
            }
            headerLen = head.getInt(8);
            dataStart = 12 + headerLen;
        } else {
            throw new UserException(what + " has unsupported .npy format version " + major + "." + (bytes[7] & 0xff),
                where, fixFormat);
        }
        if (headerLen < 0 || dataStart > bytes.length) {
            throw new UserException(what + " .npy header is truncated", where, fixFormat);
        }
        String header = new String(bytes, dataStart - headerLen, headerLen,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher fo = FORTRAN.matcher(header);
        Matcher sh = SHAPE.matcher(header);
        if (!d.find() || !fo.find() || !sh.find()) {
            throw new UserException(what + " .npy header cannot be parsed: " + header.trim(), where, fixFormat);
        }
        if (fo.group(1).equals("True")) {
            throw new UserException(what + " is stored in Fortran order", where,
                "save a C-ordered array: numpy.save(path, numpy.ascontiguousarray(array))");
        }
        String descr = d.group(1);
        String[] dims = sh.group(1).split(",");
        int count = 0;
        int[] shapeTmp = new int[dims.length];
        for (String dim : dims) {
            if (!dim.isBlank()) {
                try {
                    shapeTmp[count++] = Integer.parseInt(dim.trim());
                } catch (NumberFormatException e) {
                    throw new UserException(what + " .npy shape cannot be parsed: (" + sh.group(1) + ")", where,
                        fixFormat);
                }
            }
        }
        if (count < 1 || count > 2) {
            throw new UserException(what + " must be a 1-D or 2-D array, got " + count + " dimensions", where,
                fixFormat);
        }
        int[] shape = java.util.Arrays.copyOf(shapeTmp, count);
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (descr.length() < 3) {
            throw new UserException(what + " has an unreadable .npy dtype '" + descr + "'", where, fixFormat);
        }
        char order = descr.charAt(0);
        String type = descr.substring(1);
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (order != '<' && order != '>' && order != '|' && order != '=') {
            throw new UserException(what + " has an unreadable .npy dtype '" + descr + "'", where, fixFormat);
        }
        int size = switch (type) {
            case "f8", "i8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2" -> 2;
            default -> throw new UserException(what + " has an unsupported .npy dtype '" + descr
                + "' (supported: float32, float64, int16, uint16, int32, uint32, int64)", where,
                "convert it, e.g. numpy.save(path, array.astype(numpy.float64))");
        };
        if ((long) dataStart + n * size > bytes.length) {
            throw new UserException(what + " .npy data is truncated: header says " + n + " values of " + size
                + " bytes, file has " + (bytes.length - dataStart) + " data bytes", where, fixFormat);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, dataStart, (int) (n * size)).slice().order(bo);
        double[] data = new double[(int) n];
        for (int i = 0; i < n; i++) {
            data[i] = switch (type) {
                case "f8" -> buf.getDouble();
                case "f4" -> buf.getFloat();
                case "i8" -> buf.getLong();
                case "i4" -> buf.getInt();
                case "u4" -> buf.getInt() & 0xffffffffL;
                case "i2" -> buf.getShort();
                case "u2" -> buf.getShort() & 0xffff;
                default -> throw new AssertionError(type);
            };
        }
        return new NpyArray(shape, data);
    }
}
