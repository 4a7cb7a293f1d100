package org.culet.kernel.physics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;

/**
 * Prints the single-thread throughput of {@link PixelPhysicsKernel#solve}, {@link PixelPhysicsKernel#solveFrom}
 * and {@link PixelPhysicsKernel#solveAtStress} (pixels/s) on resolved (8-line) and merged (10 MHz) synthetic
 * pixels, for each Jacobian route of the inversion ({@code culet.physics.inversion.jacobian}) in the same JVM.
 * solveFrom and solveAtStress are given the true stress of the synthetic pixel (their use case: the stress from
 * another sweep). Run after {@code mvn -pl udfs test-compile}:
 * {@code java -cp udfs/target/classes:udfs/target/test-classes:$(cat cp.txt) org.culet.kernel.physics.InversionThroughputMain [n] [routes]}
 * with routes a comma-separated list of {@code analytic}, {@code finite-difference} (default: both). Each
 * (route, entry point) pair is timed over 3 passes after 2 warm-up passes; the best pass is reported (the
 * machine is shared, the fastest pass is the least disturbed).
 */
public final class InversionThroughputMain {
    private interface Entry {
        boolean run(PixelPhysicsKernel kernel, int i, InversionResult r);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String[] routes = (args.length > 1 ? args[1] : "analytic,finite-difference").split(",");
        for (double merge : new double[] {0.0, 10.0}) {
            FittedLines[] pixels = new FittedLines[n];
            double[][] truth = new double[n][];
            Random rnd = new Random(1);
            SyntheticLines gen = new SyntheticLines(CuletOrientation.C111);
            double[] sig = new double[8];
            for (int i = 0; i < n; i++) {
                double[] t = SyntheticLines.randomTruth(rnd);
                for (int j = 0; j < 8; j++) {
                    sig[j] = 0.05 + 0.25 * rnd.nextDouble();
                }
                pixels[i] = new FittedLines();
                SyntheticLines.noisy(gen.lines(t, 2870), sig, rnd, merge, pixels[i]);
                truth[i] = t;
            }
            String[] names = {"solve", "solveFrom", "solveAtStress"};
            Entry[] entries = {
                (k, i, r) -> {
                    k.solve(pixels[i], 0, 0, truth[i][0], 2870, r);
                    return r.status.hasValues();
                },
                (k, i, r) -> {
                    double[] t = truth[i];
                    k.solveFrom(pixels[i], 0, 0, t[0], 2870, t[1], t[2], t[3], t[4], r);
                    return r.status.hasValues();
                },
                (k, i, r) -> {
                    double[] t = truth[i];
                    return k.solveAtStress(pixels[i], 0, 0, t[0], 2870, t[1], t[2], t[3], t[4], r);
                }};
            for (String route : routes) {
                Config root = ConfigFactory.parseString("culet.physics.inversion.jacobian = " + route.trim())
                    .withFallback(ConfigFactory.defaultReference());
                PixelPhysicsKernel kernel = PixelPhysicsKernel.fromConfig(root, CuletOrientation.C111);
                InversionResult r = new InversionResult();
                for (int e = 0; e < entries.length; e++) {
                    for (int warm = 0; warm < 2; warm++) {
                        for (int i = 0; i < n; i++) {
                            entries[e].run(kernel, i, r);
                        }
                    }
                    double best = Double.POSITIVE_INFINITY;
                    int ok = 0;
                    for (int pass = 0; pass < 3; pass++) {
                        long t0 = System.nanoTime();
                        ok = 0;
                        for (int i = 0; i < n; i++) {
                            ok += entries[e].run(kernel, i, r) ? 1 : 0;
                        }
                        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    }
                    System.out.printf("%-17s %-13s %-18s %d pixels in %.3f s: %8.0f pixels/s per thread (%d with values)%n",
                        route.trim(), names[e], merge == 0 ? "resolved 8 lines" : "merged at 10 MHz", n, best, n / best, ok);
                }
            }
        }
    }
}
