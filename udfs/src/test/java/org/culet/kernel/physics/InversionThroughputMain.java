package org.culet.kernel.physics;

import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;

/**
 * Prints the single-thread throughput of {@link PixelPhysicsKernel#solve} (pixels/s) on resolved (8-line)
 * and merged (10 MHz) synthetic pixels. Run after {@code mvn -pl udfs test-compile}:
 * {@code java -cp udfs/target/classes:udfs/target/test-classes:$(cat cp.txt) org.culet.kernel.physics.InversionThroughputMain}
 */
public final class InversionThroughputMain {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        PixelPhysicsKernel kernel = PixelPhysicsKernel.fromConfig(ConfigFactory.defaultReference(), CuletOrientation.C111);
        for (double merge : new double[] {0.0, 10.0}) {
            FittedLines[] pixels = new FittedLines[n];
            double[] bz = new double[n];
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
                bz[i] = t[0];
            }
            InversionResult r = new InversionResult();
            for (int warm = 0; warm < 2; warm++) {
                for (int i = 0; i < n; i++) {
                    kernel.solve(pixels[i], 0, 0, bz[i], 2870, r);
                }
            }
            long t0 = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < n; i++) {
                kernel.solve(pixels[i], 0, 0, bz[i], 2870, r);
                ok += r.status.hasValues() ? 1 : 0;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %d pixels in %.3f s: %.0f pixels/s per thread (%d with values)%n",
                merge == 0 ? "resolved 8 lines" : "merged at 10 MHz", n, s, n / s, ok);
        }
    }
}
