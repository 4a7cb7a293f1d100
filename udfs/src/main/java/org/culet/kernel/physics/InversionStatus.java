package org.culet.kernel.physics;

/** Outcome of the per-pixel field and stress inversion. */
public enum InversionStatus {
    /** Converged; every free component identified. */
    OK,
    /** Converged; some free components not determined by the data (flagged, reported as NaN). */
    PARTIAL,
    /** Converged but the reduced chi^2 exceeds the configured maximum (values reported, treat with care). */
    POOR_FIT,
    /** Iteration limit reached. */
    NOT_CONVERGED,
    /** The lines could not be assigned to NV groups (see the assignment status). */
    UNASSIGNABLE,
    /** Invalid input lines or D0. */
    BAD_INPUT;

    /** True when the physical values may be used (possibly with some components flagged). */
    public boolean hasValues() {
        return this == OK || this == PARTIAL || this == POOR_FIT;
    }
}
