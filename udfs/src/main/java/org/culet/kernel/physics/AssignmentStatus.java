package org.culet.kernel.physics;

/** Outcome of mapping fitted lines to NV groups and branches. */
public enum AssignmentStatus {
    /** Eight distinct lines, each the one model line of one group and branch. */
    OK,
    /** Fewer than eight lines: some fitted lines stand for two or more overlapping group branches. */
    DEGENERATE,
    /** 111 culet with only the on-axis pair (two lines): the off-axis groups are not seen. */
    ON_AXIS_ONLY,
    /** The lines are inconsistent with any assignment (on-axis splitting far from the applied field, residuals too large). */
    UNASSIGNABLE,
    /** Too few lines to assign (fewer than 2). */
    TOO_FEW_LINES,
    /** NaN, non-positive errors, unsorted centres or more than 8 lines. */
    BAD_INPUT;

    /** True when the assignment may be used by the inversion. */
    public boolean usable() {
        return this == OK || this == DEGENERATE || this == ON_AXIS_ONLY;
    }
}
