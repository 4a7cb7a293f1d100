package org.culet.kernel.fit;

import java.util.Arrays;

/**
 * Reusable output of one spectral fit (one per pixel loop, overwritten by every {@code fit}); also usable as
 * a seed for the next fit (neighbour or region-average seeding). Lines are sorted by centre frequency.
 * Errors are 1-sigma, from (J^T W J)^-1 scaled by the reduced chi^2; NaN when the covariance is singular.
 * Fields of a BAD_INPUT result are NaN.
 */
public final class FitResult {
    private FitStatus status = FitStatus.BAD_INPUT;
    private int nLines;
    private int nBaseline;
    private double chi2 = Double.NaN;
    private double reducedChi2 = Double.NaN;
    private int iterations;
    final double[] centreMhz = new double[SpectrumModel.MAX_LINES];
    final double[] centreErrMhz = new double[SpectrumModel.MAX_LINES];
    final double[] fwhmMhz = new double[SpectrumModel.MAX_LINES];
    final double[] fwhmErrMhz = new double[SpectrumModel.MAX_LINES];
    final double[] contrast = new double[SpectrumModel.MAX_LINES];
    final double[] contrastErr = new double[SpectrumModel.MAX_LINES];
    final double[] amplitude = new double[SpectrumModel.MAX_LINES];
    final double[] baseline = new double[3];
    final double[] baselineErr = new double[3];
    /** The per-line arrays, for sorting and clearing without allocation. */
    private final double[][] perLine = {centreMhz, centreErrMhz, fwhmMhz, fwhmErrMhz, contrast, contrastErr, amplitude};

    public FitResult() {
        clear(0, 0);
    }

    /** Sets NaN everywhere, BAD_INPUT, and the sizes. */
    void clear(int lines, int baselineTerms) {
        status = FitStatus.BAD_INPUT;
        nLines = lines;
        nBaseline = baselineTerms;
        chi2 = Double.NaN;
        reducedChi2 = Double.NaN;
        iterations = 0;
        for (double[] a : perLine) {
            Arrays.fill(a, Double.NaN);
        }
        Arrays.fill(baseline, Double.NaN);
        Arrays.fill(baselineErr, Double.NaN);
    }

    void set(FitStatus s, double chi2Value, double reduced, int iters) {
        status = s;
        chi2 = chi2Value;
        reducedChi2 = reduced;
        iterations = iters;
    }

    void setStatus(FitStatus s) {
        status = s;
    }

    /** Copies every field of {@code other} into this (no allocation). */
    public void copyFrom(FitResult other) {
        status = other.status;
        nLines = other.nLines;
        nBaseline = other.nBaseline;
        chi2 = other.chi2;
        reducedChi2 = other.reducedChi2;
        iterations = other.iterations;
        System.arraycopy(other.centreMhz, 0, centreMhz, 0, centreMhz.length);
        System.arraycopy(other.centreErrMhz, 0, centreErrMhz, 0, centreErrMhz.length);
        System.arraycopy(other.fwhmMhz, 0, fwhmMhz, 0, fwhmMhz.length);
        System.arraycopy(other.fwhmErrMhz, 0, fwhmErrMhz, 0, fwhmErrMhz.length);
        System.arraycopy(other.contrast, 0, contrast, 0, contrast.length);
        System.arraycopy(other.contrastErr, 0, contrastErr, 0, contrastErr.length);
        System.arraycopy(other.amplitude, 0, amplitude, 0, amplitude.length);
        System.arraycopy(other.baseline, 0, baseline, 0, baseline.length);
        System.arraycopy(other.baselineErr, 0, baselineErr, 0, baselineErr.length);
    }

    /**
     * Makes this result a seed from explicit centres and FWHMs (MHz), e.g. from a previous analysis; status OK.
     * Arrays are read, not kept.
     */
    public FitResult setSeed(double[] centresMhz, double[] fwhmsMhz) {
        clear(centresMhz.length, 0);
        for (int k = 0; k < centresMhz.length; k++) {
            centreMhz[k] = centresMhz[k];
            fwhmMhz[k] = fwhmsMhz[k];
        }
        sortLines();
        status = FitStatus.OK;
        return this;
    }

    /** Sorts the per-line arrays by centre (insertion sort, n <= 8, no allocation). */
    void sortLines() {
        for (int i = 1; i < nLines; i++) {
            for (int j = i; j > 0 && centreMhz[j - 1] > centreMhz[j]; j--) {
                swap(j - 1, j);
            }
        }
    }

    private void swap(int a, int b) {
        for (double[] arr : perLine) {
            double t = arr[a];
            arr[a] = arr[b];
            arr[b] = t;
        }
    }

    public FitStatus status() {
        return status;
    }

    /** True when the result can seed another fit (converged, values finite). */
    public boolean usableAsSeed() {
        if (status == FitStatus.BAD_INPUT || status == FitStatus.SINGULAR || nLines == 0) {
            return false;
        }
        for (int k = 0; k < nLines; k++) {
            if (!Double.isFinite(centreMhz[k]) || !(fwhmMhz[k] > 0)) {
                return false;
            }
        }
        return true;
    }

    /** Weighted sum of squared residuals (Pearson chi^2 with weights 1/model in Poisson mode). */
    public double chi2() {
        return chi2;
    }

    /** chi^2 / (points - parameters). */
    public double reducedChi2() {
        return reducedChi2;
    }

    /** Levenberg-Marquardt trial steps taken (each one model evaluation). */
    public int iterations() {
        return iterations;
    }

    public int lineCount() {
        return nLines;
    }

    public int baselineTermCount() {
        return nBaseline;
    }

    /** Centre of line k (0-based, sorted by centre), MHz. */
    public double centreMhz(int k) {
        return centreMhz[k];
    }

    public double centreErrMhz(int k) {
        return centreErrMhz[k];
    }

    public double fwhmMhz(int k) {
        return fwhmMhz[k];
    }

    public double fwhmErrMhz(int k) {
        return fwhmErrMhz[k];
    }

    /** Fractional dip depth relative to the baseline at the line centre (0.01 = 1 %). */
    public double contrast(int k) {
        return contrast[k];
    }

    public double contrastErr(int k) {
        return contrastErr[k];
    }

    /** Dip amplitude A_k in the units of the input spectrum. */
    public double amplitude(int k) {
        return amplitude[k];
    }

    /** Baseline coefficient j: c0 (spectrum units), c1 (per MHz), c2 (per MHz^2), in powers of f - f_mid. */
    public double baseline(int j) {
        return baseline[j];
    }

    public double baselineErr(int j) {
        return baselineErr[j];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(status).append(" chi2=").append(chi2).append(" it=").append(iterations);
        for (int k = 0; k < nLines; k++) {
            sb.append(String.format(java.util.Locale.ROOT, " [c=%.4f+-%.4f w=%.3f C=%.5f]", centreMhz[k],
                centreErrMhz[k], fwhmMhz[k], contrast[k]));
        }
        return sb.toString();
    }
}
