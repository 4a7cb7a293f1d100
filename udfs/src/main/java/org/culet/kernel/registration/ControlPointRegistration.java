package org.culet.kernel.registration;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Affine or similarity transform EDX -> ODMR from matched control points, by linear least squares (EJML
 * QR), with per-point residuals and the parameter covariance sigma^2 (M^T M)^-1, sigma^2 = SSR / (2n - k).
 */
public final class ControlPointRegistration {
    private ControlPointRegistration() {
    }

    /**
     * Least-squares fit of the configured model to n points (srcX, srcY in EDX px; dstX, dstY in ODMR px).
     */
    public static RegistrationResult fit(RegistrationSettings.Model model, double[] srcX, double[] srcY,
                                         double[] dstX, double[] dstY, int n) {
        return model == RegistrationSettings.Model.SIMILARITY
            ? fitSimilarity(srcX, srcY, dstX, dstY, n) : fitAffine(srcX, srcY, dstX, dstY, n);
    }

    /** Six-parameter affine fit (needs 3 non-collinear points; residuals need 4 or more). */
    public static RegistrationResult fitAffine(double[] srcX, double[] srcY, double[] dstX, double[] dstY, int n) {
        if (!finite(srcX, srcY, dstX, dstY, n)) {
            return RegistrationResult.failed(RegistrationResult.Status.BAD_INPUT);
        }
        if (n < 3) {
            return RegistrationResult.failed(RegistrationResult.Status.TOO_FEW_POINTS);
        }
        // Rows [u v 0 0 1 0] -> x', [0 0 u v 0 1] -> y'; parameters (a11, a12, a21, a22, tx, ty).
        DMatrixRMaj m = new DMatrixRMaj(2 * n, 6);
        DMatrixRMaj b = new DMatrixRMaj(2 * n, 1);
        for (int i = 0; i < n; i++) {
            m.set(2 * i, 0, srcX[i]);
            m.set(2 * i, 1, srcY[i]);
            m.set(2 * i, 4, 1);
            b.set(2 * i, 0, dstX[i]);
            m.set(2 * i + 1, 2, srcX[i]);
            m.set(2 * i + 1, 3, srcY[i]);
            m.set(2 * i + 1, 5, 1);
            b.set(2 * i + 1, 0, dstY[i]);
        }
        return solve(m, b, 6, n, srcX, srcY, dstX, dstY, false);
    }

    /** Four-parameter similarity fit x' = a u - b v + tx, y' = b u + a v + ty (needs 2 distinct points). */
    public static RegistrationResult fitSimilarity(double[] srcX, double[] srcY, double[] dstX, double[] dstY, int n) {
        if (!finite(srcX, srcY, dstX, dstY, n)) {
            return RegistrationResult.failed(RegistrationResult.Status.BAD_INPUT);
        }
        if (n < 2) {
            return RegistrationResult.failed(RegistrationResult.Status.TOO_FEW_POINTS);
        }
        DMatrixRMaj m = new DMatrixRMaj(2 * n, 4);
        DMatrixRMaj b = new DMatrixRMaj(2 * n, 1);
        for (int i = 0; i < n; i++) {
            m.set(2 * i, 0, srcX[i]);
            m.set(2 * i, 1, -srcY[i]);
            m.set(2 * i, 2, 1);
            b.set(2 * i, 0, dstX[i]);
            m.set(2 * i + 1, 0, srcY[i]);
            m.set(2 * i + 1, 1, srcX[i]);
            m.set(2 * i + 1, 3, 1);
            b.set(2 * i + 1, 0, dstY[i]);
        }
        return solve(m, b, 4, n, srcX, srcY, dstX, dstY, true);
    }

    private static RegistrationResult solve(DMatrixRMaj m, DMatrixRMaj b, int k, int n, double[] srcX,
                                            double[] srcY, double[] dstX, double[] dstY, boolean similarity) {
        DMatrixRMaj mtm = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(m, m, mtm);
        DMatrixRMaj inv = new DMatrixRMaj(k, k);
        // Condition check on the normal matrix: collinear points make it singular.
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.symmPosDef(k);
        if (!chol.setA(mtm.copy()) || chol.quality() < 1e-12) {
            return RegistrationResult.failed(RegistrationResult.Status.DEGENERATE);
        }
        chol.invert(inv);
        LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(2 * n, k);
        DMatrixRMaj x = new DMatrixRMaj(k, 1);
        if (!qr.setA(m.copy())) {
            return RegistrationResult.failed(RegistrationResult.Status.DEGENERATE);
        }
        qr.solve(b, x);
        AffineTransform2D t = similarity
            ? new AffineTransform2D(x.get(0), -x.get(1), x.get(1), x.get(0), x.get(2), x.get(3))
            : new AffineTransform2D(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5));
        double[] res = new double[n];
        double ssr = 0;
        for (int i = 0; i < n; i++) {
            double dx = t.applyX(srcX[i], srcY[i]) - dstX[i];
            double dy = t.applyY(srcX[i], srcY[i]) - dstY[i];
            res[i] = Math.hypot(dx, dy);
            ssr += dx * dx + dy * dy;
        }
        int dof = 2 * n - k;
        double[] cov = null;
        if (dof > 0) {
            double s2 = ssr / dof;
            double[] ck = new double[k * k];
            for (int i = 0; i < k * k; i++) {
                ck[i] = inv.data[i] * s2;
            }
            cov = similarity ? similarityToAffineCovariance(ck) : ck;
        }
        return new RegistrationResult(t, RegistrationResult.Status.OK, Math.sqrt(ssr / n), res, cov, Double.NaN, 0);
    }

    /** Maps the covariance of (a, b, tx, ty) to that of (a11 = a, a12 = -b, a21 = b, a22 = a, tx, ty). */
    private static double[] similarityToAffineCovariance(double[] c4) {
        double[][] g = {{1, 0, 0, 0}, {0, -1, 0, 0}, {0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double[] out = new double[36];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double s = 0;
                for (int p = 0; p < 4; p++) {
                    for (int q = 0; q < 4; q++) {
                        s += g[i][p] * c4[4 * p + q] * g[j][q];
                    }
                }
                out[6 * i + j] = s;
            }
        }
        return out;
    }

    private static boolean finite(double[] a, double[] b, double[] c, double[] d, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i]) || !Double.isFinite(c[i]) || !Double.isFinite(d[i])) {
                return false;
            }
        }
        return true;
    }
}
