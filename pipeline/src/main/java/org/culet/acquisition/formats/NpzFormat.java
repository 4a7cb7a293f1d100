package org.culet.acquisition.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NumPy .npz sweeps (a zip of .npy members, {@code numpy.savez(path, frames=cube, frequencies_hz=axis)}). The zip's
 * central directory is read with positioned reads; a stored member ({@code numpy.savez}) is an .npy at a known
 * offset and is read window by window; a deflated member ({@code numpy.savez_compressed}) can only be inflated
 * from its start, so it is inflated whole for every window (said once per file in the log).
 */
final class NpzFormat {
    private static final Logger LOG = LoggerFactory.getLogger(NpzFormat.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    static final String FIX = "write it with numpy.savez(path, frames=cube, frequencies_hz=axis) (savez_compressed works "
        + "but is read whole per window), or re-copy it completely";

    private NpzFormat() {
    }

    /** One member of the zip's central directory. */
    record Member(String name, int method, long compressedSize, long size, long localHeaderOffset) {
    }

    static List<Member> members(RandomAccessInput in, String where) throws IOException {
        long len = in.length();
        int tail = (int) Math.min(len, 65_557);
        if (tail < 22) {
            throw new UserException("not a .npz (zip) file: " + len + " bytes", where, FIX);
        }
        byte[] t = in.read(len - tail, tail);
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new UserException("not a .npz file or truncated: no zip end-of-central-directory record", where, FIX);
        }
        long entries = b.getShort(eocd + 10) & 0xffff;
        long cdSize = b.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = b.getInt(eocd + 16) & 0xffffffffL;
        if ((cdOffset == 0xffffffffL || entries == 0xffff) && eocd >= 20 && b.getInt(eocd - 20) == 0x07064b50) {
            long z64 = b.getLong(eocd - 20 + 8);
            ByteBuffer z = ByteBuffer.wrap(in.read(z64, 56)).order(ByteOrder.LITTLE_ENDIAN);
            if (z.getInt(0) != 0x06064b50) {
                throw new UserException("corrupt zip64 end-of-central-directory record", where, FIX);
            }
            entries = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdOffset + cdSize > len || cdSize > Integer.MAX_VALUE) {
            throw new UserException("corrupt or truncated .npz: the central directory lies beyond the end of the file", where, FIX);
        }
        ByteBuffer cd = ByteBuffer.wrap(in.read(cdOffset, (int) cdSize)).order(ByteOrder.LITTLE_ENDIAN);
        List<Member> out = new ArrayList<>();
        int p = 0;
        for (long e = 0; e < entries; e++) {
            if (p + 46 > cdSize || cd.getInt(p) != 0x02014b50) {
                throw new UserException("corrupt .npz central directory at entry " + e, where, FIX);
            }
            int method = cd.getShort(p + 10) & 0xffff;
            long comp = cd.getInt(p + 20) & 0xffffffffL;
            long size = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long local = cd.getInt(p + 42) & 0xffffffffL;
            String name = new String(slice(cd, p + 46, nameLen), StandardCharsets.UTF_8);
            int x = p + 46 + nameLen;
            int xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = cd.getShort(x) & 0xffff;
                int sz = cd.getShort(x + 2) & 0xffff;
                if (id == 0x0001) {
                    int q = x + 4;
                    if (size == 0xffffffffL) {
                        size = cd.getLong(q);
                        q += 8;
                    }
                    if (comp == 0xffffffffL) {
                        comp = cd.getLong(q);
                        q += 8;
                    }
                    if (local == 0xffffffffL) {
                        local = cd.getLong(q);
                    }
                }
                x += 4 + sz;
            }
            out.add(new Member(name, method, comp, size, local));
            p = xEnd + commentLen;
        }
        return out;
    }

    private static byte[] slice(ByteBuffer b, int off, int len) {
        byte[] out = new byte[len];
        b.get(off, out, 0, len);
        return out;
    }

    /** Offset of a member's data (after its local header). */
    static long dataOffset(RandomAccessInput in, Member m, String where) throws IOException {
        ByteBuffer lh = ByteBuffer.wrap(in.read(m.localHeaderOffset(), 30)).order(ByteOrder.LITTLE_ENDIAN);
        if (lh.getInt(0) != 0x04034b50) {
            throw new UserException("corrupt .npz: member " + m.name() + " has no local header", where, FIX);
        }
        long off = m.localHeaderOffset() + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
        if (off + m.compressedSize() > in.length()) {
            throw new UserException("truncated .npz: member " + m.name() + " ends beyond the end of the file", where, FIX);
        }
        return off;
    }

    static Member find(List<Member> members, String variable) {
        for (Member m : members) {
            if (m.name().equals(variable + ".npy") || m.name().equals(variable)) {
                return m;
            }
        }
        return null;
    }

    /** The member as an .npy input: a view of the file when stored, inflated bytes when deflated. */
    static RandomAccessInput memberInput(RandomAccessInput in, Member m, String where) throws IOException {
        long off = dataOffset(in, m, where);
        if (m.method() == 0) {
            return new RandomAccessInput() {
                @Override
                public long length() {
                    return m.size();
                }

                @Override
                public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
                    if (position + len > m.size()) {
                        throw new java.io.EOFException("read beyond member " + m.name() + " of " + where);
                    }
                    in.readFully(off + position, buffer, offset, len);
                }

                @Override
                public String description() {
                    return where + " member " + m.name();
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
        if (m.method() != 8) {
            throw new UserException("member " + m.name() + " uses zip compression method " + m.method(), where,
                "write the .npz with numpy.savez (stored) or numpy.savez_compressed (deflate)");
        }
        if (m.size() > Integer.MAX_VALUE - 16 || m.compressedSize() > Integer.MAX_VALUE - 16) {
            throw new UserException("deflated member " + m.name() + " is larger than 2 GiB", where,
                "write it with numpy.savez (stored: read by window) or split the sweep");
        }
        String key = DecodedCache.key(location(where), m.name() + "|" + m.localHeaderOffset());
        byte[] cached = (byte[]) DecodedCache.get(key);
        if (cached != null) {
            in.close();
            return RandomAccessInput.ofBytes(cached, where + " member " + m.name());
        }
        byte[] comp = in.read(off, (int) m.compressedSize());
        byte[] raw = new byte[(int) m.size()];
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(comp);
            int n = 0;
            while (n < raw.length) {
                int k = inf.inflate(raw, n, raw.length - n);
                if (k == 0 && (inf.finished() || inf.needsInput())) {
                    break;
                }
                n += k;
            }
            if (n != raw.length) {
                throw new UserException("corrupt deflated member " + m.name() + ": " + n + " of " + raw.length + " bytes", where, FIX);
            }
        } catch (DataFormatException e) {
            throw new UserException("corrupt deflated member " + m.name() + ": " + e.getMessage(), where, FIX, e);
        } finally {
            inf.end();
        }
        in.close();
        DecodedCache.put(key, raw);
        return RandomAccessInput.ofBytes(raw, where + " member " + m.name());
    }

    private static Location location(String where) {
        return Location.of(where);
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        String where = file.toString();
        RandomAccessInput in;
        try {
            in = file.openRandomAccess();
        } catch (IOException e) {
            throw new UserException("cannot open the sweep file: " + e.getMessage(), where, "check the file exists and is readable", e);
        }
        RandomAccessInput member = null;
        try {
            List<Member> members = members(in, where);
            String cubeName = spec.framesVariableOrDefault();
            Member m = find(members, cubeName);
            if (m == null) {
                throw new UserException("the .npz has no member '" + cubeName + "' (it has: "
                    + String.join(", ", members.stream().map(Member::name).toList()) + ")", where,
                    "name the cube with frames-variable in acquisition.conf's format block, or save it as "
                        + "numpy.savez(path, frames=cube, frequencies_hz=axis)");
            }
            double scale = spec.frequencyScaleToHz(where + " format.frequencies-unit");
            String freqName = spec.frequenciesVariableOrDefault();
            Member fm = find(members, freqName);
            double[] axis = null;
            String source = "the .npz has no member '" + freqName + "'";
            if (fm != null) {
                try (RandomAccessInput fin = memberInput(file.openRandomAccess(), fm, where)) {
                    NpyFormat.Header fh = NpyFormat.header(fin, 0, where + " member " + fm.name());
                    long n = fh.dataBytes() / fh.dtype().size();
                    axis = new double[(int) n];
                    byte[] bytes = fin.read(fh.dataOffset(), (int) fh.dataBytes());
                    fh.dtype().decode(bytes, 0, (int) n, axis, 0, 1);
                    for (int i = 0; i < axis.length; i++) {
                        axis[i] *= scale;
                    }
                    source = "member " + fm.name();
                }
            }
            member = memberInput(in, m, where);
            NpyFormat.Header h = NpyFormat.header(member, 0, where + " member " + m.name());
            boolean stored = m.method() == 0;
            String access = stored ? "positioned reads of the window's rows (stored .npz member, "
                + (h.fortran() ? "Fortran" : "C") + " order)"
                : "deflated .npz member: inflated whole (numpy.savez_compressed), once per JVM while memory allows; "
                    + "write numpy.savez for window reads";
            StridedCube cube = new StridedCube(member, h.dataOffset(), h.shape(), h.fortran(), h.dtype(), 0, access);
            if (!stored) {
                cube.wholeInMemory();
                if (WARNED.add(where)) {
                    LOG.info("{}: {}", where, access);
                }
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("members", String.join("; ", members.stream().map(x -> x.name() + " (" + (x.method() == 0 ? "stored"
                : "deflated") + ", " + x.size() + " bytes)").toList()));
            meta.put("npy.descr", h.descr());
            meta.put("npy.fortran_order", Boolean.toString(h.fortran()));
            return new CubeSweepReader(file, "npz", cube, null, axis, source, overrideHz, spec,
                new char[] {'f', 'y', 'x'}, meta);
        } catch (IOException e) {
            NpyFormat.closeQuietly(member != null ? member : in);
            throw new UserException("cannot read the .npz file: " + e.getMessage(), where, FIX, e);
        } catch (RuntimeException e) {
            NpyFormat.closeQuietly(member != null ? member : in);
            throw e;
        }
    }
}
