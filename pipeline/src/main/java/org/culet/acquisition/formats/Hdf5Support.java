package org.culet.acquisition.formats;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.net.URI;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessChannel;

/** Opening HDF5 files (and MATLAB v7.3 files, which are HDF5) from any {@link Location} with jhdf. */
public final class Hdf5Support {
    private Hdf5Support() {
    }

    /**
     * Opens an HDF5 file: a local path directly (memory-mapped by jhdf), any other filesystem through a channel of
     * positioned reads, so that a window read fetches only its chunks over the network.
     */
    public static HdfFile open(Location file) throws IOException {
        if (file.isLocal()) {
            return new HdfFile(file.localPath());
        }
        RandomAccessChannel channel = new RandomAccessChannel(file.openRandomAccess());
        try {
            return new HdfFile(channel, URI.create(file.uri()));
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens with a user-facing error. */
    public static HdfFile openOrExplain(Location file, String what, String fix) {
        try {
            return open(file);
        } catch (HdfException | IllegalArgumentException | IOException e) {
            throw new UserException(what + " is not a readable HDF5 file: " + e.getMessage(), file.toString(), fix, e);
        }
    }

    /** The dataset at {@code path} ("frames", "/group/frames"), or null. */
    static Dataset datasetOrNull(HdfFile hdf, String path) {
        try {
            Node n = path.contains("/") ? hdf.getByPath(path) : hdf.getChildren().get(path);
            return n instanceof Dataset d ? d : null;
        } catch (HdfException | IllegalArgumentException e) {
            return null;
        }
    }

    static String dtypeName(Dataset d) {
        try {
            Class<?> t = d.getJavaType();
            String base = t == null ? "?" : t.getSimpleName();
            return base + " (" + d.getDataType().getSize() + " bytes)";
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** A numeric dataset of any rank flattened in storage order (a 1-D axis, or MATLAB's 1 x N / N x 1). */
    static double[] readFlat(Dataset d) {
        Object data = d.getData();
        java.util.List<Double> values = new java.util.ArrayList<>();
        flatten(data, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void flatten(Object o, java.util.List<Double> out) {
        if (o instanceof double[] a) {
            for (double v : a) {
                out.add(v);
            }
        } else if (o instanceof float[] a) {
            for (float v : a) {
                out.add((double) v);
            }
        } else if (o instanceof int[] a) {
            for (int v : a) {
                out.add((double) v);
            }
        } else if (o instanceof long[] a) {
            for (long v : a) {
                out.add((double) v);
            }
        } else if (o instanceof short[] a) {
            for (short v : a) {
                out.add((double) v);
            }
        } else if (o instanceof Number n) {
            out.add(n.doubleValue());
        } else if (o != null && o.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(o);
            for (int i = 0; i < n; i++) {
                flatten(java.lang.reflect.Array.get(o, i), out);
            }
        } else {
            throw new IllegalArgumentException("not numeric: " + (o == null ? "null" : o.getClass().getSimpleName()));
        }
    }
}
