package org.culet.kernel.physics;

import java.util.Arrays;

/**
 * Per-pixel Meissner (diamagnetic) measures (physics.md Section 5):
 * <ol>
 *   <li>field shift dB = B_NV - B_applied (G) and ratio B_NV / B_applied per sweep: below 1 over a
 *       screening region, above 1 near its edges;</li>
 *   <li>screening slope at fixed T: weighted linear fit of B_NV (G) or E111 (MHz) against the coil
 *       current I (A) over several currents, divided by the unscreened slope (coil calibration in G/A, or
 *       gamma x coil calibration in MHz/A for E111: 2.8025 x 24.11 = 67.57 MHz/A); the slope cancels static
 *       offsets (remanent field, stress);</li>
 *   <li>trapped flux (REMANENT sweeps): B_rem - background per pixel, flagged where it exceeds k sigma.</li>
 * </ol>
 * Static methods; results go into caller-owned holders (no allocation per pixel except the sort scratch
 * that {@link #trappedFlux} takes from the caller).
 */
public final class MeissnerMeasures {
    private MeissnerMeasures() {
    }

    /** Field shift B_NV - B_applied in G (B_applied taken as exact). */
    public static double fieldShiftGauss(double bNvGauss, double bAppliedGauss) {
        return bNvGauss - bAppliedGauss;
    }

    /** Ratio B_NV / B_applied; NaN when |B_applied| < 1e-6 G (no applied field: use the shift). */
    public static double fieldRatio(double bNvGauss, double bAppliedGauss) {
        return Math.abs(bAppliedGauss) < 1e-6 ? Double.NaN : bNvGauss / bAppliedGauss;
    }

    /** 1-sigma of the ratio: sigma(B_NV) / |B_applied|. */
    public static double fieldRatioSigma(double bNvSigmaGauss, double bAppliedGauss) {
        return Math.abs(bAppliedGauss) < 1e-6 ? Double.NaN : bNvSigmaGauss / Math.abs(bAppliedGauss);
    }

    /** Unscreened slope of B along the bias per coil current, G/A (the coil calibration). */
    public static double unscreenedSlopeGaussPerAmp(double coilGaussPerAmp) {
        return coilGaussPerAmp;
    }

    /** Unscreened slope of E111 per coil current, MHz/A: gamma (MHz/G) x coil calibration (G/A). */
    public static double unscreenedSlopeE111MhzPerAmp(double gammaMhzPerGauss, double coilGaussPerAmp) {
        return gammaMhzPerGauss * coilGaussPerAmp;
    }

    /** Status of a screening-slope fit. */
    public enum SlopeStatus { OK, TOO_FEW_POINTS, DEGENERATE_CURRENTS, BAD_INPUT }

    /** Result of {@link #screeningSlope}; mutable, reused. Units: those of the response per A. */
    public static final class SlopeResult {
        public SlopeStatus status = SlopeStatus.BAD_INPUT;
        /** Fitted slope and intercept, 1-sigma of the slope. */
        public double slope = Double.NaN;
        public double intercept = Double.NaN;
        public double slopeSigma = Double.NaN;
        /** slope / unscreened slope and its 1-sigma. */
        public double ratio = Double.NaN;
        public double ratioSigma = Double.NaN;
        /** Coefficient of determination (weighted): 1 - SS_res / SS_tot. */
        public double rSquared = Double.NaN;
        /** Weighted chi^2 and points used. */
        public double chi2 = Double.NaN;
        public int points;
        /** True when the ratio lies below 1 by more than screening-k-sigma sigma. */
        public boolean screening;
    }

    /**
     * Weighted linear fit response = intercept + slope * I over the first n points (weights 1/sigma^2;
     * sigma may be null for equal weights, then the slope error comes from the residual scatter). When
     * sigmas are given and the reduced chi^2 exceeds 1, the slope error is scaled by its square root
     * (scatter beyond the stated errors). NaN points are skipped. Mutates out only.
     */
    public static void screeningSlope(double[] currentsA, double[] response, double[] sigma, int n,
                                      double unscreenedSlopePerAmp, MeissnerSettings settings, SlopeResult out) {
        out.status = SlopeStatus.BAD_INPUT;
        out.slope = out.intercept = out.slopeSigma = out.ratio = out.ratioSigma = out.rSquared = out.chi2 = Double.NaN;
        out.points = 0;
        out.screening = false;
        double sw = 0;
        double sx = 0;
        double sy = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(currentsA[i]) || !Double.isFinite(response[i])) {
                continue;
            }
            double w = weight(sigma, i);
            if (!(w > 0)) {
                continue;
            }
            sw += w;
            sx += w * currentsA[i];
            sy += w * response[i];
            m++;
        }
        out.points = m;
        if (m < Math.max(2, settings.minCurrents())) {
            out.status = SlopeStatus.TOO_FEW_POINTS;
            return;
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(currentsA[i]) || !Double.isFinite(response[i])) {
                continue;
            }
            double w = weight(sigma, i);
            if (!(w > 0)) {
                continue;
            }
            double dx = currentsA[i] - mx;
            double dy = response[i] - my;
            sxx += w * dx * dx;
            sxy += w * dx * dy;
            syy += w * dy * dy;
        }
        if (!(sxx > 1e-12 * sw)) {
            out.status = SlopeStatus.DEGENERATE_CURRENTS;
            return;
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double chi2 = Math.max(0, syy - slope * sxy);
        int dof = m - 2;
        double var = 1.0 / sxx;
        if (sigma == null) {
            var *= dof > 0 ? chi2 / dof : Double.NaN;
        } else if (dof > 0 && chi2 / dof > 1) {
            var *= chi2 / dof;
        }
        out.slope = slope;
        out.intercept = intercept;
        out.slopeSigma = Math.sqrt(var);
        out.chi2 = chi2;
        out.rSquared = syy > 0 ? 1 - chi2 / syy : Double.NaN;
        out.ratio = slope / unscreenedSlopePerAmp;
        out.ratioSigma = out.slopeSigma / Math.abs(unscreenedSlopePerAmp);
        out.screening = out.ratio < 1 - settings.screeningKSigma() * out.ratioSigma;
        out.status = SlopeStatus.OK;
    }

    private static double weight(double[] sigma, int i) {
        if (sigma == null) {
            return 1;
        }
        double s = sigma[i];
        return s > 0 && Double.isFinite(s) ? 1 / (s * s) : 0;
    }

    /**
     * Trapped flux of a REMANENT sweep: trappedOut[i] = bRem[i] - background, flagOut[i] = |trapped| >
     * trapped-k-sigma * sigma[i]. The background is {@code backgroundGauss} when finite, else the median of
     * bRem over pixels with onSample[i] == false (NaN pixels skipped). scratch must hold n doubles.
     * Returns the background used (NaN when none could be formed: then all outputs are NaN / false).
     * Mutates trappedOut, flagOut and scratch.
     */
    public static double trappedFlux(double[] bRemGauss, double[] sigmaGauss, boolean[] onSample, int n,
                                     double backgroundGauss, MeissnerSettings settings, double[] trappedOut,
                                     boolean[] flagOut, double[] scratch) {
        double bg = backgroundGauss;
        if (!Double.isFinite(bg)) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!onSample[i] && Double.isFinite(bRemGauss[i])) {
                    scratch[m++] = bRemGauss[i];
                }
            }
            bg = m == 0 ? Double.NaN : median(scratch, m);
        }
        for (int i = 0; i < n; i++) {
            trappedOut[i] = bRemGauss[i] - bg;
            flagOut[i] = Double.isFinite(trappedOut[i])
                && Math.abs(trappedOut[i]) > settings.trappedKSigma() * sigmaGauss[i];
        }
        return bg;
    }

    /** Median of the first m entries (sorts them in place). */
    static double median(double[] a, int m) {
        Arrays.sort(a, 0, m);
        return m % 2 == 1 ? a[m / 2] : 0.5 * (a[m / 2 - 1] + a[m / 2]);
    }
}
