package org.culet.kernel.linalg;

/**
 * Eigen-decomposition of a small dense symmetric matrix (n up to about 10) by the cyclic Jacobi method
 * (Golub and Van Loan, Matrix Computations, 4th ed., Section 8.5.2, with the stable rotation of 8.5.1 and
 * the threshold strategy of Rutishauser's routine). Used on the normal matrix J^T J of the field and stress
 * inversion, whose 4 to 9 parameters made a general SVD of J (EJML) the largest single cost of the per-pixel
 * physics (JFR: about 30 % of the fit stage); on matrices this small Jacobi is several times cheaper,
 * allocation-free, and accurate to a few ulps of the largest eigenvalue (relative accuracy of small
 * eigenvalues is not needed: the inversion cuts directions below 1e-6 of the largest eigenvalue).
 *
 * <p>Not thread-safe: one instance per thread; {@link #decompose} allocates nothing.
 */
public final class SymmetricEigenJacobi {
    private static final int MAX_SWEEPS = 50;

    private final int capacity;
    private final double[] a;
    private final double[] values;
    private final double[] vectors;
    private int n;

    /** @param capacity the largest matrix order this instance will decompose */
    public SymmetricEigenJacobi(int capacity) {
        this.capacity = capacity;
        this.a = new double[capacity * capacity];
        this.values = new double[capacity];
        this.vectors = new double[capacity * capacity];
    }

    /**
     * Decomposes the symmetric n x n matrix held row-major in m[0 .. n*n) (only its upper triangle is read;
     * m is not modified). Afterwards {@link #value(int)} and {@link #vector(int, int)} give A = V diag(w) V^T
     * with orthonormal columns of V, eigenvalues in no particular order.
     *
     * @return false when the matrix holds a non-finite entry or the sweeps did not converge
     */
    public boolean decompose(double[] m, int order) {
        if (order < 1 || order > capacity) {
            throw new IllegalArgumentException("order " + order + " outside 1.." + capacity);
        }
        n = order;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = m[i * n + j];
                if (!Double.isFinite(v)) {
                    return false;
                }
                a[i * n + j] = v;
                a[j * n + i] = v;
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < n * n; i++) {
            vectors[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            vectors[i * n + i] = 1;
        }
        if (scale == 0) {
            for (int i = 0; i < n; i++) {
                values[i] = 0;
            }
            return true;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p * n + q] * a[p * n + q];
                }
            }
            // Converged when the off-diagonal mass is below the rounding level of the largest entry.
            if (Math.sqrt(off) <= 1e-15 * scale) {
                for (int i = 0; i < n; i++) {
                    values[i] = a[i * n + i];
                }
                return true;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(p, q);
                }
            }
        }
        return false;
    }

    /** One Jacobi rotation annihilating a[p][q] (Golub and Van Loan Algorithm 8.5.1, symSchur2). */
    private void rotate(int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) {
            return;
        }
        double app = a[p * n + p];
        double aqq = a[q * n + q];
        double tau = (aqq - app) / (2 * apq);
        double t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = vectors[k * n + p];
            double vkq = vectors[k * n + q];
            vectors[k * n + p] = c * vkp - s * vkq;
            vectors[k * n + q] = s * vkp + c * vkq;
        }
    }

    /** Eigenvalue k of the last decomposition. */
    public double value(int k) {
        return values[k];
    }

    /** Component row of eigenvector k (column k of V) of the last decomposition. */
    public double vector(int row, int k) {
        return vectors[row * n + k];
    }
}
