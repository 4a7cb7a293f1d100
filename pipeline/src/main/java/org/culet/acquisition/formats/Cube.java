package org.culet.acquisition.formats;

import java.io.Closeable;
import java.io.IOException;

/**
 * A 3-D array of a sweep file as its format presents it: {@link #shape()} in the order the format reports it
 * (numpy/h5py {@code .shape}, MATLAB {@code size()}), read box by box. Not thread-safe.
 */
interface Cube extends Closeable {
    int[] shape();

    /** Element type as the format names it (e.g. {@code <u2}, {@code int32}, {@code single}). */
    String dtype();

    /**
     * Reads the box [start, start + count) into {@code out} in C order of the box (the last axis fastest),
     * converting samples to double.
     */
    void readBox(int[] start, int[] count, double[] out) throws IOException;

    /** True when a box read fetches only (about) the bytes of the box; false when the cube is read whole. */
    boolean randomAccess();

    /** How a window is read, for logs and {@code culet inspect}. */
    String access();
}
