package org.culet.pipeline;

import java.util.Arrays;

/**
 * Robust weighted mean of one quantity of one pixel over its sweeps (the pixel_table stress from the reference
 * sweeps): values further than 4 x max(1.4826 MAD, own 1-sigma) from the median are left out, the rest averaged with
 * weights 1/sigma^2; the error 1/sqrt(sum w) grows by sqrt(reduced chi^2) when the scatter exceeds the errors.
 *
 * <p>Correlated errors: stress from the line centres carries the blending of merged off-axis lines (a fitted centre
 * over several split transitions is not their mean), the same in every sweep of a pixel, so where such a value is
 * among those kept, the error is not allowed below the median single-sweep error (independent averaging of 6
 * reference sweeps gave sigma_ZZ pulls of 3.9 on the demo). Stress from the whole-spectrum fit (every transition its
 * own dip) has no such shared term: where every value kept is such, they average as independent measurements.
 *
 * <p>Use: {@link #clear}, {@link #add} per sweep, then {@link #mean} and {@link #error}. Not thread-safe; buffers
 * grow to the largest count seen and are reused (no allocation per pixel after that).
 */
final class RobustSweepMean {
    private double[] values = new double[0];
    private double[] errors = new double[0];
    private double[] deviations = new double[0];
    private double[] medianScratch = new double[0];
    private boolean[] independent = new boolean[0];
    private int count;
    private double error = Double.NaN;

    /** Starts a new mean for up to capacity values. */
    void clear(int capacity) {
        if (values.length < capacity) {
            values = new double[capacity];
            errors = new double[capacity];
            deviations = new double[capacity];
            medianScratch = new double[capacity];
            independent = new boolean[capacity];
        }
        count = 0;
        error = Double.NaN;
    }

    /**
     * Adds one sweep's value and 1-sigma (ignored unless the value is finite and sigma > 0); fromSpectrum: it came from
     * the whole-spectrum fit (no error shared with the pixel's other sweeps).
     */
    void add(double value, double sigma, boolean fromSpectrum) {
        if (Double.isFinite(value) && sigma > 0) {
            values[count] = value;
            errors[count] = sigma;
            independent[count] = fromSpectrum;
            count++;
        }
    }

    /** The robust weighted mean of the values added (NaN when none); sets {@link #error}. */
    double mean() {
        error = Double.NaN;
        int m = count;
        if (m == 0) {
            return Double.NaN;
        }
        double median = median(values, m);
        for (int i = 0; i < m; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        double mad = 1.4826 * median(deviations, m);
        double sw = 0;
        double swv = 0;
        double swvv = 0;
        int kept = 0;
        boolean shared = false;
        for (int i = 0; i < m; i++) {
            if (Math.abs(values[i] - median) > 4 * Math.max(mad, errors[i])) {
                continue;
            }
            double w = 1 / (errors[i] * errors[i]);
            sw += w;
            swv += w * values[i];
            swvv += w * values[i] * values[i];
            shared |= !independent[i];
            deviations[kept++] = errors[i]; // the kept values' errors, for the floor below
        }
        double mean = swv / sw;
        double err = 1 / Math.sqrt(sw);
        if (kept > 1) {
            double reduced = Math.max(0, swvv - sw * mean * mean) / (kept - 1);
            if (reduced > 1) {
                err *= Math.sqrt(reduced);
            }
        }
        error = shared ? Math.max(err, median(deviations, kept)) : err;
        return mean;
    }

    /** 1-sigma of the last {@link #mean} (NaN when it had no values). */
    double error() {
        return error;
    }

    /** Median of the first n values (not modified; sorted in a scratch copy). */
    private double median(double[] a, int n) {
        System.arraycopy(a, 0, medianScratch, 0, n);
        Arrays.sort(medianScratch, 0, n);
        return n % 2 == 1 ? medianScratch[n / 2] : 0.5 * (medianScratch[n / 2 - 1] + medianScratch[n / 2]);
    }
}
