package org.culet.acquisition.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** A fixed-size numeric sample type with its byte order (NumPy descr, SPE data type). Immutable. */
record Dtype(String name, char kind, int size, ByteOrder order) {

    /** Parses a NumPy descr such as {@code <u2}, {@code >f8}, {@code |u1}; null when unsupported. */
    static Dtype fromNumpy(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char bo = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (bo != '<' && bo != '>' && bo != '|' && bo != '=') {
            return null;
        }
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            default -> false;
        };
        return ok ? new Dtype(descr, kind, size, order) : null;
    }

    static Dtype littleEndian(char kind, int size) {
        String n = String.format(Locale.ROOT, "<%c%d", kind, size);
        return new Dtype(n, kind, size, ByteOrder.LITTLE_ENDIAN);
    }

    /** Decodes {@code n} samples from {@code bytes} at byte {@code off} into {@code out[outOff + i * outStride]}. */
    void decode(byte[] bytes, int off, int n, double[] out, int outOff, int outStride) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        int o = outOff;
        int p = off;
        switch (kind) {
            case 'f' -> {
                if (size == 4) {
                    for (int i = 0; i < n; i++, p += 4, o += outStride) {
                        out[o] = b.getFloat(p);
                    }
                } else {
                    for (int i = 0; i < n; i++, p += 8, o += outStride) {
                        out[o] = b.getDouble(p);
                    }
                }
            }
            case 'i' -> {
                for (int i = 0; i < n; i++, p += size, o += outStride) {
                    out[o] = switch (size) {
                        case 1 -> b.get(p);
                        case 2 -> b.getShort(p);
                        case 4 -> b.getInt(p);
                        default -> (double) b.getLong(p);
                    };
                }
            }
            default -> {
                for (int i = 0; i < n; i++, p += size, o += outStride) {
                    out[o] = switch (size) {
                        case 1 -> b.get(p) & 0xff;
                        case 2 -> b.getShort(p) & 0xffff;
                        case 4 -> b.getInt(p) & 0xffffffffL;
                        default -> unsignedLong(b.getLong(p));
                    };
                }
            }
        }
    }

    private static double unsignedLong(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1L);
    }
}
