package org.culet.kernel.magnetization;

import java.util.Arrays;

/**
 * The reconstruction of one field map ({@link MagnetizationInverter}); row-major maps over the field of view,
 * mutable and reused. Magnetization in emu/cm^3 (Gaussian units: 4 pi M is in G), fields in G.
 */
public final class MagnetizationResult {
    /** Outcome of one map. */
    public enum Status {
        /** Reconstructed; the CG solve reached its tolerance. */
        OK,
        /** Reconstructed, but CG stopped at max-iterations before its tolerance (values usable, less accurate). */
        NOT_CONVERGED,
        /** Fewer valid pixels than min-valid-fraction: nothing reconstructed (maps NaN). */
        TOO_FEW_PIXELS
    }

    public Status status = Status.TOO_FEW_PIXELS;
    /** M_z per pixel, emu/cm^3, and its 1-sigma (stationary approximation, see the inverter). */
    public final double[] mzEmuPerCm3;
    public final double[] mzErrEmuPerCm3;
    /** Field of the reconstructed M at each pixel (G) and the misfit dB - model (G; NaN where no data). */
    public final double[] modelFieldGauss;
    public final double[] residualGauss;
    /** Pixel entered the final solve (valid input, not rejected as an outlier). */
    public final boolean[] used;
    /** CG iterations of the last solve, valid input pixels, pixels rejected as outliers. */
    public int iterations;
    public int validPixels;
    public int rejectedPixels;
    /** Robust scatter of the normalised misfit (1 = the misfit is as large as the stated field errors). */
    public double residualScale = Double.NaN;
    /** Per-pixel 1-sigma of M from unit field noise (emu/cm^3 per G): the noise gain of the regularised inverse. */
    public double noiseGainEmuPerCm3PerGauss = Double.NaN;

    public MagnetizationResult(int pixels) {
        mzEmuPerCm3 = new double[pixels];
        mzErrEmuPerCm3 = new double[pixels];
        modelFieldGauss = new double[pixels];
        residualGauss = new double[pixels];
        used = new boolean[pixels];
    }

    void reset() {
        status = Status.TOO_FEW_PIXELS;
        Arrays.fill(mzEmuPerCm3, Double.NaN);
        Arrays.fill(mzErrEmuPerCm3, Double.NaN);
        Arrays.fill(modelFieldGauss, Double.NaN);
        Arrays.fill(residualGauss, Double.NaN);
        Arrays.fill(used, false);
        iterations = 0;
        validPixels = 0;
        rejectedPixels = 0;
        residualScale = Double.NaN;
        noiseGainEmuPerCm3PerGauss = Double.NaN;
    }

    /**
     * Effective susceptibility chi_eff = -4 pi M_z / H (dimensionless; 1 = full screening of the applied field H in G
     * by a slab, 0 = none), NaN when |H| is not above {@code minFieldGauss}.
     */
    public static double chiEff(double mzEmuPerCm3, double appliedFieldGauss, double minFieldGauss) {
        if (!(Math.abs(appliedFieldGauss) > minFieldGauss)) {
            return Double.NaN;
        }
        return -4 * Math.PI * mzEmuPerCm3 / appliedFieldGauss;
    }
}
