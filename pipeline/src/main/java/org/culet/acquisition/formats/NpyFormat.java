package org.culet.acquisition.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessInput;

/**
 * NumPy .npy sweeps (format versions 1.0-3.0, C or Fortran order, dtypes u1..u8, i1..i8, f4, f8 of either byte
 * order): the header is parsed, then a window is read with positioned reads of only its rows. The frequency axis
 * comes from a JSON sidecar (or sweeps.csv).
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    static final String FIX = "write it with numpy.save(path, cube) (a 3-D integer or float array), or re-copy it completely";

    private NpyFormat() {
    }

    /** A parsed .npy header: where the data starts, its shape, dtype and order. */
    record Header(long dataOffset, int[] shape, Dtype dtype, boolean fortran, String descr) {
        long dataBytes() {
            long n = dtype.size();
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Parses the header of an .npy stream starting at {@code base} of {@code in}. */
    static Header header(RandomAccessInput in, long base, String where) throws IOException {
        long len = in.length() - base;
        if (len < 10) {
            throw new UserException("not a NumPy .npy file (" + len + " bytes, shorter than the header)", where, FIX);
        }
        byte[] pre = in.read(base, 10);
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                throw new UserException("not a NumPy .npy file (no \\x93NUMPY magic)", where, FIX);
            }
        }
        int major = pre[6] & 0xff;
        long headerLen;
        int preamble;
        if (major == 1) {
            headerLen = ByteBuffer.wrap(pre, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            preamble = 10;
        } else if (major == 2 || major == 3) {
            byte[] p12 = in.read(base, 12);
            headerLen = ByteBuffer.wrap(p12, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            preamble = 12;
        } else {
            throw new UserException("unsupported .npy format version " + major, where, FIX);
        }
        if (preamble + headerLen > len) {
            throw new UserException("truncated .npy file: the header needs " + (preamble + headerLen) + " bytes, the file has "
                + len, where, FIX);
        }
        String h = new String(in.read(base + preamble, (int) headerLen),
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find() || !f.find() || !s.find()) {
            throw new UserException("corrupt .npy header: " + h.strip(), where, FIX);
        }
        Dtype dtype = Dtype.fromNumpy(d.group(1));
        if (dtype == null) {
            throw new UserException("unsupported .npy dtype '" + d.group(1) + "'", where,
                "store counts as an integer (u2, i4, ...) or float (f4, f8) array, e.g. cube.astype('<f4')");
        }
        String[] parts = s.group(1).split(",");
        int[] shape = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToInt(Integer::parseInt).toArray();
        Header header = new Header(base + preamble + headerLen, shape, dtype, f.group(1).equals("True"), d.group(1));
        long have = in.length() - header.dataOffset();
        if (have < header.dataBytes()) {
            throw new UserException("truncated .npy file: shape " + Arrays.toString(shape) + " of " + d.group(1) + " needs "
                + header.dataBytes() + " bytes of data, the file holds " + have, where, FIX);
        }
        return header;
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        RandomAccessInput in;
        try {
            in = file.openRandomAccess();
        } catch (IOException e) {
            throw new UserException("cannot open the sweep file: " + e.getMessage(), file.toString(),
                "check the file exists and is readable", e);
        }
        try {
            Header h = header(in, 0, file.toString());
            StridedCube cube = new StridedCube(in, h.dataOffset(), h.shape(), h.fortran(), h.dtype(), 0,
                "positioned reads of the window's rows (.npy " + (h.fortran() ? "Fortran" : "C") + " order)");
            double scale = spec.frequencyScaleToHz(file + " format.frequencies-unit");
            Sidecar side = overrideHz != null ? null : Sidecar.find(file, spec, scale);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("npy.descr", h.descr());
            meta.put("npy.fortran_order", Boolean.toString(h.fortran()));
            String source = "no JSON sidecar (" + Sidecar.candidates(file, spec)[0].name() + ")";
            double[] axis = null;
            if (side != null) {
                meta.putAll(side.metadata);
                axis = side.axis;
                source = axis != null ? "sidecar " + side.file.name() + " key " + spec.frequenciesVariableOrDefault()
                    : "sidecar " + side.file.name() + " has no key '" + spec.frequenciesVariableOrDefault() + "'";
            }
            return new CubeSweepReader(file, "npy", cube, null, axis, source, overrideHz, spec,
                new char[] {'f', 'y', 'x'}, meta);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UserException("cannot read the .npy file: " + e.getMessage(), file.toString(), FIX, e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // after a failure
        }
    }
}
