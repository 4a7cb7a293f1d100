package org.culet.kernel.fit;

/**
 * Outcome of one spectral fit. A fit never throws: every pixel gets one of these.
 * Order of precedence when several apply: BAD_INPUT, SINGULAR, NOT_CONVERGED, AT_BOUND, LOW_CONTRAST, OK.
 */
public enum FitStatus {
    /** Converged; every line has a significant contrast and no parameter sits on a bound. */
    OK,
    /** Maximum number of iterations reached before the chi^2 or step tolerance was met. */
    NOT_CONVERGED,
    /** The normal matrix (J^T J) could not be factorised: parameters not identifiable (e.g. two identical lines). */
    SINGULAR,
    /** Converged, but a line's contrast is below {@code min-contrast} or below {@code min-contrast-snr} times its error. */
    LOW_CONTRAST,
    /** Converged with a centre or width on its box bound (line at the sweep edge, width at its limit). */
    AT_BOUND,
    /** NaN, infinite, saturated or non-positive input, or fewer points than parameters; nothing was fitted. */
    BAD_INPUT;
}
