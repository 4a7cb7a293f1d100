package org.culet.kernel.fit;

import com.typesafe.config.Config;

/**
 * Settings of the spectral fit and its seeding, from {@code culet.fit} in reference.conf (every key is
 * documented there with its unit).
 *
 * @param maxIterations     maximum number of Levenberg-Marquardt trial steps per fit
 * @param chi2RelTol        converged when an accepted step lowers chi^2 by less than this fraction
 * @param stepRelTol        converged when every parameter moves by less than this fraction of its value
 * @param initialLambda     initial Marquardt damping (relative to diag of the reduced normal matrix)
 * @param minFwhmMhz        lower box bound of every FWHM
 * @param maxFwhmMhz        upper box bound of every FWHM
 * @param centreMarginMhz   centres are bounded to [f_min - margin, f_max + margin]
 * @param minContrast       LOW_CONTRAST when a fitted contrast (fraction of the baseline) is below this
 * @param minContrastSnr    LOW_CONTRAST when a fitted contrast is below this many of its 1-sigma errors
 * @param voigtEta          Lorentzian fraction of the pseudo-Voigt (fixed, not fitted)
 * @param saturationLevel   BAD_INPUT when any input value is >= this (raw counts); 0 disables the check
 * @param poisson           fit raw counts by Poisson maximum likelihood (iteratively reweighted, weights 1/model)
 * @param seedSmoothingFwhmMhz   FWHM of the Gaussian smoothing applied before peak finding
 * @param seedMinDipSnr          a dip is a peak-finder candidate when deeper than this many smoothed-noise sigmas
 * @param seedDefaultFwhmMhz     FWHM seed when a dip's width cannot be measured
 * @param seedZeroFieldSplittingMhz  centre around which single dips are mirrored into an NV pair
 * @param seedRefitChi2Ratio     a neighbour/region-seeded fit is redone from peak-finder seeds when its reduced
 *                               chi^2 exceeds this many times the noise variance estimated from the spectrum
 * @param seedRescueAttempts     times a fit that is not OK (or whose reduced chi^2 is too high) is retried with its
 *                               weakest line moved to the deepest dip left in the residual (a line the peak finder missed)
 */
public record FitSettings(int maxIterations, double chi2RelTol, double stepRelTol, double initialLambda,
                          double minFwhmMhz, double maxFwhmMhz, double centreMarginMhz,
                          double minContrast, double minContrastSnr, double voigtEta, double saturationLevel,
                          boolean poisson,
                          double seedSmoothingFwhmMhz, double seedMinDipSnr, double seedDefaultFwhmMhz,
                          double seedZeroFieldSplittingMhz, double seedRefitChi2Ratio,
                          int seedRescueAttempts) implements java.io.Serializable {

    /** The reference.conf defaults (kept equal to it; FitSettingsTest checks). */
    public static final FitSettings DEFAULT = new FitSettings(100, 1e-7, 1e-8, 1e-3, 1.0, 150.0, 0.0,
        1e-4, 3.0, 0.5, 0.0, false, 6.0, 3.0, 12.0, 2870.0, 2.0, 2);

    /** Reads the {@code culet.fit} block (pass {@code config.getConfig("culet.fit")}). */
    public static FitSettings fromConfig(Config fit) {
        Config seed = fit.getConfig("seed");
        return new FitSettings(
            fit.getInt("max-iterations"),
            fit.getDouble("chi2-rel-tol"),
            fit.getDouble("step-rel-tol"),
            fit.getDouble("initial-lambda"),
            fit.getDouble("min-fwhm-mhz"),
            fit.getDouble("max-fwhm-mhz"),
            fit.getDouble("centre-margin-mhz"),
            fit.getDouble("min-contrast"),
            fit.getDouble("min-contrast-snr"),
            fit.getDouble("voigt-eta"),
            fit.getDouble("saturation-level"),
            "poisson".equalsIgnoreCase(fit.getString("estimator")),
            seed.getDouble("smoothing-fwhm-mhz"),
            seed.getDouble("min-dip-snr"),
            seed.getDouble("default-fwhm-mhz"),
            seed.getDouble("zero-field-splitting-mhz"),
            seed.getDouble("refit-chi2-ratio"),
            seed.getInt("rescue-attempts"));
    }

    /** A copy with the Poisson estimator switched on or off. */
    public FitSettings withPoisson(boolean on) {
        return new FitSettings(maxIterations, chi2RelTol, stepRelTol, initialLambda, minFwhmMhz, maxFwhmMhz,
            centreMarginMhz, minContrast, minContrastSnr, voigtEta, saturationLevel, on, seedSmoothingFwhmMhz,
            seedMinDipSnr, seedDefaultFwhmMhz, seedZeroFieldSplittingMhz, seedRefitChi2Ratio, seedRescueAttempts);
    }

    /** A copy with another number of rescue attempts (0 disables the residual search for missed lines). */
    public FitSettings withRescueAttempts(int attempts) {
        return new FitSettings(maxIterations, chi2RelTol, stepRelTol, initialLambda, minFwhmMhz, maxFwhmMhz,
            centreMarginMhz, minContrast, minContrastSnr, voigtEta, saturationLevel, poisson, seedSmoothingFwhmMhz,
            seedMinDipSnr, seedDefaultFwhmMhz, seedZeroFieldSplittingMhz, seedRefitChi2Ratio, attempts);
    }
}
