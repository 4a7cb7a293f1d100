package org.culet.kernel.fit;

/**
 * Peak-finder seeds for the spectral fit (physics.md Section 2): normalise the spectrum by its off-resonance
 * baseline (a least-squares line through the points at or above the median), smooth the fractional
 * dip depth with a Gaussian of {@code smoothing-fwhm-mhz}, take local maxima deeper than {@code min-dip-snr}
 * smoothed-noise sigmas, measure each dip's FWHM at half depth (deconvolved from the smoothing), keep the
 * deepest N and, when fewer than N dips are found (lines merged), split the widest dip in two until there are N.
 *
 * <p>One instance per fitter: its workspace is allocated once for {@code m} points and reused; not thread-safe.
 */
public final class PeakSeeder {
    private final FitSettings settings;
    private final int m;
    private final double[] depth;
    private final double[] smooth;
    private final double[] sortBuf;
    private final double[] kernel;
    private final int[] candIndex;
    private final double[] candDepth;
    private final double[] candWidth;
    private double noiseSigma;
    private int found;

    public PeakSeeder(int nFreq, FitSettings settings) {
        this.settings = settings;
        this.m = nFreq;
        depth = new double[nFreq];
        smooth = new double[nFreq];
        sortBuf = new double[nFreq];
        kernel = new double[129];
        candIndex = new int[nFreq];
        candDepth = new double[nFreq];
        candWidth = new double[nFreq];
    }

    /** Robust per-point noise sigma of the last analysed spectrum, in spectrum units (from second differences). */
    public double noiseSigma() {
        return noiseSigma;
    }

    /** The smoothed fractional depth of the last seeded spectrum (workspace view, for tests and diagnostics). */
    double[] smoothedDepth() {
        return smooth;
    }

    /** Number of dips the peak finder found in the last spectrum, before splitting to reach N. */
    public int dipsFound() {
        return found;
    }

    /**
     * Estimates the per-point noise of {@code y[off..off+m)} from the median absolute second difference
     * (insensitive to smooth dips and baselines). Mutates only the workspace.
     */
    public double estimateNoise(double[] y, int off) {
        int k = 0;
        for (int i = 1; i < m - 1; i++) {
            sortBuf[k++] = Math.abs(y[off + i - 1] - 2 * y[off + i] + y[off + i + 1]);
        }
        if (k == 0) {
            noiseSigma = 0;
            return 0;
        }
        double med = select(sortBuf, k, k / 2); // (upper) median, O(k) quickselect
        // For white noise the second difference has sigma*sqrt(6); MAD -> sigma factor 1.4826.
        noiseSigma = 1.4826 * med / Math.sqrt(6.0);
        return noiseSigma;
    }

    /**
     * Finds {@code nWanted} dip seeds in {@code y[off..off+m)} on the axis {@code f} (MHz, increasing).
     * Writes centres (sorted) and FWHMs (MHz) into {@code centres[0..nWanted)} and {@code fwhms[0..nWanted)};
     * returns the number of dips found before splitting. Never throws for finite input.
     */
    public int seed(double[] f, double[] y, int off, int nWanted, double[] centres, double[] fwhms) {
        double fMin = f[0];
        double fMax = f[m - 1];
        double step = (fMax - fMin) / Math.max(1, m - 1);
        // 1. off-resonance baseline: least-squares line through the points at or above the median, which are off
        //    resonance whatever the number of dips and wherever they are (also at the sweep edges)
        for (int i = 0; i < m; i++) {
            sortBuf[i] = y[off + i];
        }
        double median = select(sortBuf, m, m / 2);
        double sw = 0;
        double sf = 0;
        double sy = 0;
        double sff = 0;
        double sfy = 0;
        double fRef = 0.5 * (fMin + fMax);
        for (int i = 0; i < m; i++) {
            double yi = y[off + i];
            if (yi >= median) {
                double fi = f[i] - fRef;
                sw += 1;
                sf += fi;
                sy += yi;
                sff += fi * fi;
                sfy += fi * yi;
            }
        }
        double den = sw * sff - sf * sf;
        double slope = den > 0 ? (sw * sfy - sf * sy) / den : 0;
        double intercept = (sy - slope * sf) / Math.max(sw, 1);
        for (int i = 0; i < m; i++) {
            double base = intercept + slope * (f[i] - fRef);
            depth[i] = base != 0 ? 1.0 - y[off + i] / base : 0;
        }
        return findDips(f, nWanted, centres, fwhms);
    }

    /**
     * Finds the single most prominent dip in a fractional-depth curve {@code depthIn[0..m)} (e.g. the negative
     * residual of a fit divided by its baseline): writes its centre and FWHM (MHz) into {@code centre[0]} and
     * {@code fwhm[0]} and returns true when one is significant (same thresholds as {@link #seed}).
     */
    public boolean strongestDip(double[] f, double[] depthIn, double[] centre, double[] fwhm) {
        System.arraycopy(depthIn, 0, depth, 0, m);
        double c0 = centre[0];
        double w0 = fwhm[0];
        findDips(f, 1, centre, fwhm);
        if (found == 0) {
            centre[0] = c0;
            fwhm[0] = w0;
            return false;
        }
        return true;
    }

    /** Steps 2-6 of {@link #seed} on the depth already in the workspace. */
    private int findDips(double[] f, int nWanted, double[] centres, double[] fwhms) {
        double fMin = f[0];
        double fMax = f[m - 1];
        double step = (fMax - fMin) / Math.max(1, m - 1);
        // 2. noise of the depth and Gaussian smoothing
        estimateNoise(depth, 0);
        double depthNoise = noiseSigma;
        double sigmaPts = settings.seedSmoothingFwhmMhz() / (2.0 * Math.sqrt(2.0 * Math.log(2.0))) / step;
        int half = (int) Math.min(64, Math.ceil(3.0 * sigmaPts));
        double kSumSq = 0;
        if (sigmaPts < 0.3 || half < 1) {
            System.arraycopy(depth, 0, smooth, 0, m);
            kSumSq = 1;
            half = 0;
        } else {
            double ks = 0;
            for (int j = -half; j <= half; j++) {
                kernel[j + half] = Math.exp(-0.5 * j * j / (sigmaPts * sigmaPts));
                ks += kernel[j + half];
            }
            for (int j = 0; j <= 2 * half; j++) {
                kernel[j] /= ks;
                kSumSq += kernel[j] * kernel[j];
            }
            for (int i = 0; i < m; i++) {
                double acc = 0;
                double wsum = 0;
                int lo = Math.max(0, i - half);
                int hi = Math.min(m - 1, i + half);
                for (int j = lo; j <= hi; j++) {
                    double kw = kernel[j - i + half];
                    acc += kw * depth[j];
                    wsum += kw;
                }
                smooth[i] = acc / wsum;
            }
        }
        double threshold = settings.seedMinDipSnr() * depthNoise * Math.sqrt(kSumSq);
        double smoothFwhm = half == 0 ? 0 : settings.seedSmoothingFwhmMhz();
        // 3. local maxima of the smoothed depth above threshold
        int nc = 0;
        for (int i = 0; i < m; i++) {
            double d = smooth[i];
            boolean leftOk = i == 0 || d > smooth[i - 1];
            boolean rightOk = i == m - 1 || d >= smooth[i + 1];
            if (leftOk && rightOk && d > threshold && prominence(i) > threshold) {
                candIndex[nc] = i;
                candDepth[nc] = d;
                candWidth[nc] = dipWidth(f, i, step, smoothFwhm);
                nc++;
            }
        }
        // 4. keep the deepest nWanted (partial selection sort; nc is small)
        int keep = Math.min(nc, nWanted);
        for (int a = 0; a < keep; a++) {
            int best = a;
            for (int b = a + 1; b < nc; b++) {
                if (candDepth[b] > candDepth[best]) {
                    best = b;
                }
            }
            swap(a, best);
            centres[a] = f[candIndex[a]] + subPointOffset(candIndex[a]) * step;
            fwhms[a] = candWidth[a];
        }
        found = keep;
        int have = keep;
        if (have == 0) {
            // no significant dip: start from the deepest smoothed point with the default width
            int best = 0;
            for (int i = 1; i < m; i++) {
                if (smooth[i] > smooth[best]) {
                    best = i;
                }
            }
            centres[0] = f[best];
            fwhms[0] = clampWidth(settings.seedDefaultFwhmMhz());
            have = 1;
        }
        // 5. merged lines: split the widest dip until there are nWanted
        while (have < nWanted) {
            int widest = 0;
            for (int a = 1; a < have; a++) {
                if (fwhms[a] > fwhms[widest]) {
                    widest = a;
                }
            }
            double c = centres[widest];
            double w = fwhms[widest];
            double newW = clampWidth(Math.max(0.5 * w, settings.minFwhmMhz()));
            centres[widest] = c - 0.25 * w;
            fwhms[widest] = newW;
            centres[have] = c + 0.25 * w;
            fwhms[have] = newW;
            have++;
        }
        // 6. sort by centre
        for (int a = 1; a < nWanted; a++) {
            for (int b = a; b > 0 && centres[b - 1] > centres[b]; b--) {
                double t = centres[b];
                centres[b] = centres[b - 1];
                centres[b - 1] = t;
                t = fwhms[b];
                fwhms[b] = fwhms[b - 1];
                fwhms[b - 1] = t;
            }
        }
        return found;
    }

    /**
     * Topographic prominence of the smoothed maximum at i: its depth above the higher of the two lowest points
     * reached before a deeper point (or the sweep end) on each side. Rejects noise wiggles on a dip's flank.
     */
    private double prominence(int i) {
        double d = smooth[i];
        double minL = d;
        for (int j = i - 1; j >= 0 && smooth[j] <= d; j--) {
            minL = Math.min(minL, smooth[j]);
        }
        double minR = d;
        for (int j = i + 1; j < m && smooth[j] <= d; j++) {
            minR = Math.min(minR, smooth[j]);
        }
        if (i == 0) {
            return d - minR; // a dip at the sweep edge: only its inner side is seen
        }
        if (i == m - 1) {
            return d - minL;
        }
        return d - Math.max(minL, minR);
    }

    /** The k-th smallest of a[0..n) (Hoare quickselect, middle pivot; reorders a, allocates nothing). */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Parabolic interpolation of the smoothed maximum at index i, in points (-0.5..0.5). */
    private double subPointOffset(int i) {
        if (i == 0 || i == m - 1) {
            return 0;
        }
        double a = smooth[i - 1];
        double b = smooth[i];
        double c = smooth[i + 1];
        double den = a - 2 * b + c;
        if (den >= 0) {
            return 0;
        }
        double off = 0.5 * (a - c) / den;
        return Math.max(-0.5, Math.min(0.5, off));
    }

    /** FWHM of the smoothed dip at index i (MHz), deconvolved from the smoothing; walks to half depth or a valley. */
    private double dipWidth(double[] f, int i, double step, double smoothFwhm) {
        double halfDepth = 0.5 * smooth[i];
        double left = Double.NaN;
        for (int j = i; j > 0; j--) {
            if (smooth[j - 1] <= halfDepth) {
                double t = (smooth[j] - halfDepth) / (smooth[j] - smooth[j - 1]);
                left = (f[i] - f[j]) + t * (f[j] - f[j - 1]);
                break;
            }
            if (smooth[j - 1] > smooth[j]) {
                break; // rising again: a neighbouring dip
            }
        }
        double right = Double.NaN;
        for (int j = i; j < m - 1; j++) {
            if (smooth[j + 1] <= halfDepth) {
                double t = (smooth[j] - halfDepth) / (smooth[j] - smooth[j + 1]);
                right = (f[j] - f[i]) + t * (f[j + 1] - f[j]);
                break;
            }
            if (smooth[j + 1] > smooth[j]) {
                break;
            }
        }
        double w;
        if (!Double.isNaN(left) && !Double.isNaN(right)) {
            w = left + right;
        } else if (!Double.isNaN(left)) {
            w = 2 * left;
        } else if (!Double.isNaN(right)) {
            w = 2 * right;
        } else {
            return clampWidth(settings.seedDefaultFwhmMhz());
        }
        double w2 = w * w - smoothFwhm * smoothFwhm;
        w = w2 > (0.25 * w * w) ? Math.sqrt(w2) : 0.5 * w;
        return clampWidth(Math.max(w, step));
    }

    private double clampWidth(double w) {
        return Math.max(settings.minFwhmMhz(), Math.min(settings.maxFwhmMhz(), w));
    }

    private void swap(int a, int b) {
        int ti = candIndex[a];
        candIndex[a] = candIndex[b];
        candIndex[b] = ti;
        double t = candDepth[a];
        candDepth[a] = candDepth[b];
        candDepth[b] = t;
        t = candWidth[a];
        candWidth[a] = candWidth[b];
        candWidth[b] = t;
    }
}
