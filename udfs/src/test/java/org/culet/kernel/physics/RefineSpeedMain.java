package org.culet.kernel.physics;

import java.util.Random;

/** Development tool: time per whole-spectrum refinement on the SpectrumRefineTest pixels (not a test). */
public final class RefineSpeedMain {
    public static void main(String[] args) {
        SpectrumRefineTest t = new SpectrumRefineTest();
        for (int rep = 0; rep < Integer.getInteger("reps", 4); rep++) {
            for (double[] range : new double[][] {{0, 0.2}, {0.8, 1.5}}) {
                t.refineNanos = 0;
                t.refineCalls = 0;
                t.refiner.retries = 0;
                java.util.Arrays.fill(t.refiner.evaluations, 0);
                SpectrumRefineTest.Outcome o = t.run(new Random(5), 120, range[0], range[1]);
                System.out.printf("tau %.1f-%.1f: %.0f us per refine, retries %d, evals none/linear/full %s per refine %.1f/%.1f/%.1f  rms %.4f pull %.3f%n",
                    range[0], range[1], t.refineNanos / 1e3 / t.refineCalls, t.refiner.retries,
                    java.util.Arrays.toString(t.refiner.evaluations), t.refiner.evaluations[0] / (double) t.refineCalls,
                    t.refiner.evaluations[1] / (double) t.refineCalls, t.refiner.evaluations[2] / (double) t.refineCalls,
                    o.refinedRmsGpa(), o.refinedPull());
            }
        }
    }
}
