package org.culet.acquisition;

/**
 * Reads one sweep (a stack of camera frames over a frequency sweep) window by window. This is the interface
 * the Spark tasks call: a task owns a tile of pixels and reads that tile's window from every sweep it needs,
 * so an implementation must never read the whole file for a window. Not thread-safe (one reader per task).
 */
public interface SweepReader extends java.io.Closeable {
    int frequencyCount();

    int height();

    int width();

    /** The frequency axis in Hz; a copy, length {@link #frequencyCount()}. */
    double[] frequenciesHz();

    /** Reads all frequencies of the window rows [y0,y0+h) x cols [x0,x0+w) into outPixelMajor, layout
     *  outPixelMajor[((y - y0) * w + (x - x0)) * frequencyCount() + f] = counts; never reads the whole file. */
    void readWindow(int y0, int x0, int h, int w, double[] outPixelMajor) throws java.io.IOException;
}
