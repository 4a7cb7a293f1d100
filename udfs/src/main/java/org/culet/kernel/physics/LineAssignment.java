package org.culet.kernel.physics;

import java.util.Arrays;
import org.culet.kernel.nv.NvFrames;

/**
 * Mapping of the 8 model lines (NV group g = 0..3, branch b = 0 for f-, 1 for f+; model line index
 * {@code 2 g + b}, the order of {@link org.culet.kernel.nv.NvHamiltonian}) to fitted lines (index into
 * {@link FittedLines}, ascending centre). One fitted line may stand for several model lines (degenerate
 * groups); a model line may be unassigned (-1) only when its group is not seen (ON_AXIS_ONLY). Mutable,
 * reused per pixel.
 */
public final class LineAssignment {
    public static final int MODEL_LINES = 2 * NvFrames.GROUPS;

    final int[] fittedIndex = new int[MODEL_LINES];
    final int[] multiplicity = new int[FittedLines.MAX_LINES];
    int lineCount;
    AssignmentStatus status = AssignmentStatus.BAD_INPUT;

    /** Fitted-line index of model line {@code 2 * group + branch}, or -1. */
    public int fittedIndex(int modelLine) {
        return fittedIndex[modelLine];
    }

    /** Fitted-line index of a group's branch (group 0..3, branch 0 = f-, 1 = f+), or -1. */
    public int fittedIndex(int group, int branch) {
        return fittedIndex[2 * group + branch];
    }

    /** Number of model lines carried by fitted line {@code fitted}. */
    public int multiplicity(int fitted) {
        return multiplicity[fitted];
    }

    public int lineCount() {
        return lineCount;
    }

    public AssignmentStatus status() {
        return status;
    }

    void reset(int lines, AssignmentStatus s) {
        Arrays.fill(fittedIndex, -1);
        Arrays.fill(multiplicity, 0);
        lineCount = lines;
        status = s;
    }

    void recount() {
        Arrays.fill(multiplicity, 0);
        for (int k = 0; k < MODEL_LINES; k++) {
            if (fittedIndex[k] >= 0) {
                multiplicity[fittedIndex[k]]++;
            }
        }
    }

    /** True when both assignments map every model line to the same fitted line. */
    public boolean sameMapping(LineAssignment other) {
        return Arrays.equals(fittedIndex, other.fittedIndex);
    }

    /** Copies {@code other} into this (mutates this only). */
    public void copyFrom(LineAssignment other) {
        System.arraycopy(other.fittedIndex, 0, fittedIndex, 0, MODEL_LINES);
        System.arraycopy(other.multiplicity, 0, multiplicity, 0, multiplicity.length);
        lineCount = other.lineCount;
        status = other.status;
    }

    @Override
    public String toString() {
        return status + Arrays.toString(fittedIndex);
    }
}
