package org.culet.acquisition.formats;

import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;

/**
 * A 3-D HDF5 dataset read by hyperslab ({@code Dataset.getData(offset, shape)}: only the chunks the box overlaps are
 * read and decompressed). With {@code matlab} true the dataset belongs to a MATLAB v7.3 file, which stores an array
 * of MATLAB size [a b c] as the HDF5 dataset [c][b][a] (column-major): the logical shape is then the MATLAB size.
 */
final class Hdf5Cube implements Cube {
    private final Dataset dataset;
    private final boolean matlab;
    private final int[] shape;
    private final String where;

    Hdf5Cube(Dataset dataset, boolean matlab, String where) {
        this.dataset = dataset;
        this.matlab = matlab;
        int[] d = dataset.getDimensions();
        this.shape = matlab ? reverse(d) : d.clone();
        this.where = where;
    }

    static int[] reverse(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String dtype() {
        return Hdf5Support.dtypeName(dataset);
    }

    @Override
    public void readBox(int[] start, int[] count, double[] out) throws IOException {
        int[] s = matlab ? reverse(start) : start;
        int[] c = matlab ? reverse(count) : count;
        Object data;
        try {
            data = dataset.getData(new long[] {s[0], s[1], s[2]}, new int[] {c[0], c[1], c[2]});
        } catch (HdfException | IllegalArgumentException e) {
            throw new IOException("cannot read the box " + java.util.Arrays.toString(start) + " + "
                + java.util.Arrays.toString(count) + " of " + where + ": " + e.getMessage(), e);
        }
        // flat in C order of the stored dims
        int n0 = c[0];
        int n1 = c[1];
        int n2 = c[2];
        // Logical box strides of the stored axes (i, j, k): the same order, or for MATLAB the reverse (k, j, i),
        // whose C-order index is (k * n1 + j) * n0 + i.
        int so0 = matlab ? 1 : n1 * n2;
        int so1 = matlab ? n0 : n2;
        int so2 = matlab ? n0 * n1 : 1;
        for (int i = 0; i < n0; i++) {
            Object plane = java.lang.reflect.Array.get(data, i);
            for (int j = 0; j < n1; j++) {
                Object row = java.lang.reflect.Array.get(plane, j);
                int base = i * so0 + j * so1;
                copyRow(row, n2, out, base, so2, where);
            }
        }
    }

    static void copyRow(Object row, int n, double[] out, int base, int stride, String where) throws IOException {
        if (row instanceof int[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else if (row instanceof float[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else if (row instanceof double[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else if (row instanceof short[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else if (row instanceof long[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else if (row instanceof byte[] a) {
            for (int k = 0; k < n; k++) {
                out[base + k * stride] = a[k];
            }
        } else {
            throw new IOException("the cube of " + where + " has the unsupported element type "
                + (row == null ? "null" : row.getClass().getSimpleName()) + "; store integer or floating-point counts");
        }
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public String access() {
        return "HDF5 hyperslab reads (only the chunks a window overlaps)";
    }

    @Override
    public void close() {
        // the HdfFile is closed by the reader
    }
}
