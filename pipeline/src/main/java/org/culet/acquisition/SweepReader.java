package org.culet.acquisition;

import java.util.Map;

/**
 * Reads one sweep (a stack of camera frames over a frequency sweep) window by window, whatever the file format
 * (HDF5, MATLAB v5/v7.3, multi-page TIFF, NumPy .npy/.npz, Princeton Instruments SPE 3.0; see
 * {@link SweepReaders}). This is the interface the Spark tasks call: a task owns a tile of pixels and reads that
 * tile's window from every sweep it needs, so an implementation reads only the window's bytes where the format
 * allows it, and says so through {@link #randomAccess()} and {@link #access()} where it does not. Not
 * thread-safe (one reader per task).
 */
public interface SweepReader extends java.io.Closeable {
    int frequencyCount();

    int height();

    int width();

    /** The frequency axis in Hz; a copy, length {@link #frequencyAxisLength()} (normally {@link #frequencyCount()}). */
    double[] frequenciesHz();

    /**
     * Reads all frequencies of the window rows [y0,y0+h) x cols [x0,x0+w) into outPixelMajor, layout
     * outPixelMajor[((y - y0) * w + (x - x0)) * frequencyCount() + f] = counts; reads only the window where the
     * format allows it ({@link #randomAccess()}).
     */
    void readWindow(int y0, int x0, int h, int w, double[] outPixelMajor) throws java.io.IOException;

    /** Length of the frequency axis in use (may differ from {@link #frequencyCount()} in a malformed file). */
    default int frequencyAxisLength() {
        return frequenciesHz().length;
    }

    /** The frequency axis the file itself holds (Hz), or null when it holds none (a manifest axis is used). */
    default double[] fileFrequenciesHz() {
        return frequenciesHz();
    }

    /** The format, e.g. {@code hdf5}, {@code mat-v5}, {@code mat-v7.3}, {@code npy}, {@code npz}, {@code tiff}, {@code spe}. */
    default String format() {
        return "hdf5";
    }

    /** The cube's shape as the format reports it (numpy/h5py shape, MATLAB size). */
    default int[] shape() {
        return new int[] {frequencyCount(), height(), width()};
    }

    /** Sample type as the format names it. */
    default String dtype() {
        return "?";
    }

    /** The cube's axes in the order of {@link #shape()}, e.g. {@code f,y,x}. */
    default String axisOrder() {
        return "f,y,x";
    }

    /** Where the frequency axis comes from (a dataset, a variable, a sidecar, sweeps.csv). */
    default String frequencySource() {
        return "file";
    }

    /** False when a window read has to decode the whole cube (compressed MATLAB v5, a deflated .npz member). */
    default boolean randomAccess() {
        return true;
    }

    /** How a window is read (for logs and {@code culet inspect}). */
    default String access() {
        return "window reads";
    }

    /** Format metadata worth showing (attributes, SPE calibration and region of interest, ...). */
    default Map<String, String> metadata() {
        return Map.of();
    }
}
