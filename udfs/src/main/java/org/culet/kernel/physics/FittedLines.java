package org.culet.kernel.physics;

import java.util.Arrays;

/**
 * The fitted resonance lines of one pixel in one sweep, as the spectral fit produces them (up to 8, sorted
 * by centre frequency). A mutable holder meant to be filled and reused for every pixel (no allocation in
 * the hot loop): call {@link #clear()} then {@link #add} per line, or {@link #set}.
 *
 * <p>Units: centre, centre error and FWHM in MHz; contrast as a fraction (0.007 = 0.7 %).
 */
public final class FittedLines {
    public static final int MAX_LINES = 8;

    final double[] centreMhz = new double[MAX_LINES];
    final double[] centreErrMhz = new double[MAX_LINES];
    final double[] fwhmMhz = new double[MAX_LINES];
    final double[] contrast = new double[MAX_LINES];
    int count;

    /** Empties the holder (mutates this). */
    public FittedLines clear() {
        count = 0;
        return this;
    }

    /**
     * Appends one line (mutates this). Lines must be added in ascending centre order; {@link #isValid()}
     * checks it. Silently ignores lines beyond {@link #MAX_LINES} only after counting them, so that
     * {@link #isValid()} reports the overflow instead of dropping data.
     */
    public FittedLines add(double centreMhz, double centreErrMhz, double fwhmMhz, double contrast) {
        if (count < MAX_LINES) {
            this.centreMhz[count] = centreMhz;
            this.centreErrMhz[count] = centreErrMhz;
            this.fwhmMhz[count] = fwhmMhz;
            this.contrast[count] = contrast;
        }
        count++;
        return this;
    }

    /**
     * Copies the first {@code n} entries of the arrays (fwhm and contrast may be null: NaN is stored).
     * Mutates this only.
     */
    public FittedLines set(int n, double[] centresMhz, double[] centreErrsMhz, double[] fwhmsMhz, double[] contrasts) {
        clear();
        for (int i = 0; i < n; i++) {
            add(centresMhz[i], centreErrsMhz[i], fwhmsMhz == null ? Double.NaN : fwhmsMhz[i],
                contrasts == null ? Double.NaN : contrasts[i]);
        }
        return this;
    }

    public int count() {
        return count;
    }

    public double centreMhz(int i) {
        return centreMhz[i];
    }

    public double centreErrMhz(int i) {
        return centreErrMhz[i];
    }

    public double fwhmMhz(int i) {
        return fwhmMhz[i];
    }

    public double contrast(int i) {
        return contrast[i];
    }

    /** True when 1..8 lines, finite centres, positive finite errors, ascending centres. */
    public boolean isValid() {
        if (count < 1 || count > MAX_LINES) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(centreMhz[i]) || !(centreErrMhz[i] > 0) || !Double.isFinite(centreErrMhz[i])) {
                return false;
            }
            if (i > 0 && centreMhz[i] < centreMhz[i - 1]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        int n = Math.min(count, MAX_LINES);
        return "FittedLines" + Arrays.toString(Arrays.copyOf(centreMhz, n)) + " +- "
            + Arrays.toString(Arrays.copyOf(centreErrMhz, n));
    }
}
