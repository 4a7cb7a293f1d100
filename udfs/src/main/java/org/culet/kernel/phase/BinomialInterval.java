package org.culet.kernel.phase;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Wilson score interval for a binomial proportion (Wilson, J. Am. Stat. Assoc. 22, 209 (1927)): for k
 * successes in n trials and z the two-sided normal quantile of the confidence level,
 * centre = (p + z^2/2n) / (1 + z^2/n), half-width = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
 * Chosen over Clopper-Pearson because it is not over-conservative and stays inside [0, 1] at k = 0 or n.
 */
public final class BinomialInterval {
    private BinomialInterval() {
    }

    /** Two-sided normal quantile z for a confidence level (0.95 -> 1.95996). */
    public static double z(double confidenceLevel) {
        return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidenceLevel) / 2);
    }

    /** Lower Wilson bound; NaN for n = 0. */
    public static double lower(int k, int n, double z) {
        if (n == 0) {
            return Double.NaN;
        }
        return centre(k, n, z) - halfWidth(k, n, z);
    }

    /** Upper Wilson bound; NaN for n = 0. */
    public static double upper(int k, int n, double z) {
        if (n == 0) {
            return Double.NaN;
        }
        return centre(k, n, z) + halfWidth(k, n, z);
    }

    private static double centre(int k, int n, double z) {
        double p = (double) k / n;
        return (p + z * z / (2.0 * n)) / (1 + z * z / n);
    }

    private static double halfWidth(int k, int n, double z) {
        double p = (double) k / n;
        return z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
    }
}
