package org.culet.kernel.linalg;

/** Dot products for the fits' hot loops. Stateless. */
public final class Dot {
    private Dot() {
    }

    /**
     * Sum of a[ao + i] b[bo + i] over i < len, with four accumulators: they break the floating-point add latency
     * chain (the JIT does not reorder a single-sum reduction), about 2-3 times faster on the fits' 100-1000 points.
     */
    public static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
