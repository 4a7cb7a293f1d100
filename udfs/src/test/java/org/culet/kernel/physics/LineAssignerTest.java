package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.NvConstants;
import org.junit.jupiter.api.Test;

class LineAssignerTest {
    final LineAssigner assigner = new LineAssigner(NvConstants.DEFAULT, CuletOrientation.C111, PixelPhysicsKernelTest.SETTINGS);
    final SyntheticLines gen = new SyntheticLines(CuletOrientation.C111);

    @Test
    void resolvedLinesOnAxisPairOutermostAndEveryModelLineOnItsOwnLine() {
        // No shear: the three off-axis groups coincide exactly; with a little shear they separate.
        double[] exact = gen.lines(new double[] {90, 15, 13, 0.8, -0.5}, 2870);
        FittedLines lines = new FittedLines();
        SyntheticLines.noisy(exact, new double[] {.05, .05, .05, .05, .05, .05, .05, .05}, new Random(1), 0.0, lines);
        LineAssignment a = new LineAssignment();
        assigner.assign(lines, 0, 0, 90, 2870, a);
        assertThat(a.status()).isEqualTo(AssignmentStatus.OK);
        assertThat(a.fittedIndex(0, 0)).isEqualTo(0);
        assertThat(a.fittedIndex(0, 1)).isEqualTo(7);
        for (int j = 0; j < 8; j++) {
            assertThat(a.multiplicity(j)).isEqualTo(1);
        }
        // f- of the off-axis groups below their f+ lines
        for (int g = 1; g < 4; g++) {
            assertThat(a.fittedIndex(g, 0)).isLessThan(4);
            assertThat(a.fittedIndex(g, 1)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void mergedOffAxisLinesCarrySeveralGroupBranches() {
        double[] exact = gen.lines(new double[] {90, 15, 13, 0, 0}, 2870);
        FittedLines lines = new FittedLines();
        SyntheticLines.noisy(exact, new double[] {.05, .05, .05, .05, .05, .05, .05, .05}, new Random(2), 1.0, lines);
        assertThat(lines.count()).isEqualTo(4);
        LineAssignment a = new LineAssignment();
        assigner.assign(lines, 0, 0, 90, 2870, a);
        assertThat(a.status()).isEqualTo(AssignmentStatus.DEGENERATE);
        assertThat(a.multiplicity(1)).isEqualTo(3);
        assertThat(a.multiplicity(2)).isEqualTo(3);
        assertThat(LineAssigner.lowerInnerLines(lines)).isEqualTo(1);
        assertThat(LineAssigner.groupingCount(1, 1, true)).isEqualTo(1);
        // Resolved 3 + 3: six pairings modulo the relabelling symmetry; 36 without it.
        assertThat(LineAssigner.groupingCount(3, 3, true)).isEqualTo(6);
        assertThat(LineAssigner.groupingCount(3, 3, false)).isEqualTo(36);
    }

    /** The per-pixel path allocates nothing once warm (hot-loop rule of the project guide). */
    @Test
    void solveAllocatesNothingPerPixel() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PixelPhysicsKernel k = PixelPhysicsKernelTest.kernel(CuletOrientation.C111);
        Random rnd = new Random(3);
        int n = 200;
        FittedLines[] px = new FittedLines[n];
        double[] sig = {.1, .1, .1, .1, .1, .1, .1, .1};
        for (int i = 0; i < n; i++) {
            px[i] = new FittedLines();
            SyntheticLines.noisy(gen.lines(SyntheticLines.randomTruth(rnd), 2870), sig, rnd, i % 2 == 0 ? 0 : 10, px[i]);
        }
        InversionResult r = new InversionResult();
        for (int warm = 0; warm < 3; warm++) {
            for (FittedLines l : px) {
                k.solve(l, 0, 0, 80, 2870, r);
            }
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (FittedLines l : px) {
            k.solve(l, 0, 0, 80, 2870, r);
        }
        long bytes = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.println("allocated bytes for " + n + " pixels: " + bytes);
        assertThat(bytes / n).isLessThan(64);
    }
}
