package org.culet.acquisition.formats;

/**
 * A cube already in memory (a MATLAB v5 variable read by MFL, a deflated .npz member): the format cannot read a
 * window without decoding the whole array. Values in column-major (MATLAB) or row-major order.
 */
final class ArrayCube implements Cube {
    private final int[] shape;
    private final String dtype;
    private final java.util.function.IntToDoubleFunction value;
    private final boolean columnMajor;
    private final String access;

    ArrayCube(int[] shape, String dtype, java.util.function.IntToDoubleFunction linearValue, boolean columnMajor,
              String access) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.value = linearValue;
        this.columnMajor = columnMajor;
        this.access = access;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String dtype() {
        return dtype;
    }

    @Override
    public void readBox(int[] start, int[] count, double[] out) {
        int d0 = shape[0];
        int d1 = shape[1];
        int d2 = shape[2];
        int o = 0;
        for (int i = start[0]; i < start[0] + count[0]; i++) {
            for (int j = start[1]; j < start[1] + count[1]; j++) {
                for (int k = start[2]; k < start[2] + count[2]; k++) {
                    int linear = columnMajor ? i + d0 * (j + d1 * k) : (i * d1 + j) * d2 + k;
                    out[o++] = value.applyAsDouble(linear);
                }
            }
        }
    }

    @Override
    public boolean randomAccess() {
        return false;
    }

    @Override
    public String access() {
        return access;
    }

    @Override
    public void close() {
    }
}
