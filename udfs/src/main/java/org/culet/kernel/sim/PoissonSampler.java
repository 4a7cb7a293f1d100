package org.culet.kernel.sim;

import java.util.SplittableRandom;

/**
 * Exact Poisson variates from a {@link SplittableRandom} (so a seed reproduces the counts bit for bit):
 * multiplication of uniforms for small means, and the transformed rejection method with squeeze PTRS
 * (W. Hoermann, "The transformed rejection method for generating Poisson random variables", Insurance:
 * Mathematics and Economics 12, 39 (1993)) for means >= 10, as in NumPy's legacy generator. Stateless.
 */
public final class PoissonSampler {
    private static final double[] LOGGAM_COEFFS = {
        8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
        8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
        1.796443723688307e-01, -1.39243221690590e+00};

    private PoissonSampler() {
    }

    /** One Poisson variate of mean {@code lambda} (>= 0; NaN or negative gives 0). */
    public static long sample(double lambda, SplittableRandom rng) {
        if (!(lambda > 0)) {
            return 0;
        }
        if (lambda < 10) {
            double limit = Math.exp(-lambda);
            double prod = rng.nextDouble();
            long k = 0;
            while (prod > limit) {
                prod *= rng.nextDouble();
                k++;
            }
            return k;
        }
        double slam = Math.sqrt(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k; // the squeeze: ~80 % of draws at camera-sized means end here, with no logarithm
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            // Slow path (evaluated lazily, same result as computing these up front).
            double invalpha = 1.1239 + 1.1328 / (b - 3.4);
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                <= -lambda + k * Math.log(lambda) - logGamma(k + 1.0)) {
                return k;
            }
        }
    }

    /** ln Gamma(x) for x > 0 (Stirling series with upward recurrence below 7, as NumPy's loggam). */
    static double logGamma(double x) {
        if (x == 1.0 || x == 2.0) {
            return 0.0;
        }
        double x0 = x;
        int n = 0;
        if (x <= 7.0) {
            n = (int) (7 - x);
            x0 = x + n;
        }
        double x2 = 1.0 / (x0 * x0);
        double gl0 = LOGGAM_COEFFS[9];
        for (int k = 8; k >= 0; k--) {
            gl0 = gl0 * x2 + LOGGAM_COEFFS[k];
        }
        double gl = gl0 / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
        if (x <= 7.0) {
            for (int k = 1; k <= n; k++) {
                gl -= Math.log(x0 - 1.0);
                x0 -= 1.0;
            }
        }
        return gl;
    }
}
