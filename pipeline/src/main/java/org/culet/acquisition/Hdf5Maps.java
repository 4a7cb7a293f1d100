package org.culet.acquisition;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.culet.config.UserException;

/** Small helpers to read 2-D/3-D map datasets and attributes from HDF5 files with user-facing errors. */
final class Hdf5Maps {
    private Hdf5Maps() {
    }

    static HdfFile open(Path file, String what, String fix) {
        return open(org.culet.io.Location.of(file), what, fix);
    }

    /** Opens a local or remote (Hadoop URI) HDF5 file with user-facing errors. */
    static HdfFile open(org.culet.io.Location file, String what, String fix) {
        if (!file.isFile()) {
            throw new UserException(what + " not found", file.toString(), fix);
        }
        return org.culet.acquisition.formats.Hdf5Support.openOrExplain(file, what, fix);
    }

    static Dataset dataset(HdfFile hdf, Object file, String name, String fix) {
        Node n = hdf.getChildren().get(name);
        if (!(n instanceof Dataset d)) {
            throw new UserException("dataset '" + name + "' is missing", file + " dataset " + name, fix);
        }
        return d;
    }

    /** A 2-D numeric dataset as double[rows][cols]. */
    static double[][] read2d(HdfFile hdf, Object file, String name, String fix) {
        Object data = dataset(hdf, file, name, fix).getData();
        if (data instanceof double[][] d) {
            return d;
        }
        if (data instanceof float[][] f) {
            double[][] d = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                d[i] = new double[f[i].length];
                for (int j = 0; j < f[i].length; j++) {
                    d[i][j] = f[i][j];
                }
            }
            return d;
        }
        if (data instanceof int[][] a) {
            double[][] d = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                d[i] = new double[a[i].length];
                for (int j = 0; j < a[i].length; j++) {
                    d[i][j] = a[i][j];
                }
            }
            return d;
        }
        throw new UserException("dataset '" + name + "' is not a 2-D numeric array", file + " dataset " + name, fix);
    }

    /** A 3-D numeric dataset [k][rows][cols] flattened to double[k][rows * cols]. */
    static double[][] read3dFlat(HdfFile hdf, Object file, String name, String fix) {
        Object data = dataset(hdf, file, name, fix).getData();
        if (data instanceof double[][][] d) {
            double[][] out = new double[d.length][];
            for (int k = 0; k < d.length; k++) {
                out[k] = flatten(d[k]);
            }
            return out;
        }
        if (data instanceof float[][][] f) {
            double[][] out = new double[f.length][];
            for (int k = 0; k < f.length; k++) {
                int h = f[k].length;
                int w = f[k][0].length;
                out[k] = new double[h * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[k][y * w + x] = f[k][y][x];
                    }
                }
            }
            return out;
        }
        throw new UserException("dataset '" + name + "' is not a 3-D numeric array", file + " dataset " + name, fix);
    }

    static double[] flatten(double[][] a) {
        int h = a.length;
        int w = h == 0 ? 0 : a[0].length;
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(a[y], 0, out, y * w, w);
        }
        return out;
    }

    static double[][] unflatten(double[] a, int h, int w) {
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(a, y * w, out[y], 0, w);
        }
        return out;
    }

    static double numberAttribute(HdfFile hdf, String name) {
        Attribute a = hdf.getAttribute(name);
        if (a == null) {
            return Double.NaN;
        }
        Object d = a.getData();
        return d instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String stringAttribute(HdfFile hdf, String name) {
        Attribute a = hdf.getAttribute(name);
        return a == null ? null : String.valueOf(a.getData());
    }
}
