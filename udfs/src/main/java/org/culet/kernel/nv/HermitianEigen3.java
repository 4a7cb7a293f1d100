package org.culet.kernel.nv;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigenvalues of a 3x3 complex Hermitian matrix, two exact routes:
 * <ul>
 *   <li>{@link #eigenvaluesEjml}: EJML's symmetric QR eigen-solver applied to the real 6x6 embedding
 *       [[Re H, -Im H], [Im H, Re H]], whose spectrum is that of H with every eigenvalue doubled.
 *       EJML has no complex Hermitian eigen-solver; this embedding is the standard exact reduction.</li>
 *   <li>{@link #eigenvaluesClosedForm}: the trigonometric solution of the characteristic cubic
 *       (Smith, Commun. ACM 4, 168 (1961)), allocation-free, about 20x faster; used in hot loops and
 *       tested against the EJML route.</li>
 * </ul>
 * The matrix is given by its real diagonal d1..d3 and upper off-diagonal elements h12, h13, h23 as
 * (re, im) pairs. Not thread-safe: one instance per thread (it owns the EJML workspace).
 */
public final class HermitianEigen3 {
    private final DMatrixRMaj embedding = new DMatrixRMaj(6, 6);
    private final EigenDecomposition_F64<DMatrixRMaj> ejml = DecompositionFactory_DDRM.eig(6, false, true);
    private final double[] six = new double[6];

    /**
     * Closed-form eigenvalues, ascending, into out3 (mutated). Accurate to ~1e-12 relative for
     * well-separated eigenvalues and to ~sqrt(machine eps) x scale when two nearly coincide.
     */
    public static void eigenvaluesClosedForm(double d1, double d2, double d3,
                                             double h12Re, double h12Im, double h13Re, double h13Im,
                                             double h23Re, double h23Im, double[] out3) {
        double q = (d1 + d2 + d3) / 3.0;
        double b1 = d1 - q;
        double b2 = d2 - q;
        double b3 = d3 - q;
        double a2 = h12Re * h12Re + h12Im * h12Im;
        double b2abs = h13Re * h13Re + h13Im * h13Im;
        double c2 = h23Re * h23Re + h23Im * h23Im;
        double p2 = (b1 * b1 + b2 * b2 + b3 * b3 + 2 * (a2 + b2abs + c2)) / 6.0;
        if (p2 <= 0) {
            out3[0] = q;
            out3[1] = q;
            out3[2] = q;
            return;
        }
        double p = Math.sqrt(p2);
        // det(B) for Hermitian B = [[b1,a,b],[a*,b2,c],[b*,c*,b3]]:
        // b1 b2 b3 - b1|c|^2 - b2|b|^2 - b3|a|^2 + 2 Re(a c b*)
        double acRe = h12Re * h23Re - h12Im * h23Im;
        double acIm = h12Re * h23Im + h12Im * h23Re;
        double reAcConjB = acRe * h13Re + acIm * h13Im;
        double det = b1 * b2 * b3 - b1 * c2 - b2 * b2abs - b3 * a2 + 2 * reAcConjB;
        double r = det / (2 * p * p2);
        double phi;
        if (r <= -1) {
            phi = Math.PI / 3;
        } else if (r >= 1) {
            phi = 0;
        } else {
            phi = Math.acos(r) / 3;
        }
        double largest = q + 2 * p * Math.cos(phi);
        double smallest = q + 2 * p * Math.cos(phi + 2 * Math.PI / 3);
        out3[0] = smallest;
        out3[1] = 3 * q - largest - smallest;
        out3[2] = largest;
    }

    /**
     * Eigenvalues through EJML, ascending, into out3 (mutated). Returns false when EJML reports a
     * failed decomposition (out3 then holds NaN).
     */
    public boolean eigenvaluesEjml(double d1, double d2, double d3,
                                   double h12Re, double h12Im, double h13Re, double h13Im,
                                   double h23Re, double h23Im, double[] out3) {
        double[] re = {d1, h12Re, h13Re, h12Re, d2, h23Re, h13Re, h23Re, d3};
        double[] im = {0, h12Im, h13Im, -h12Im, 0, h23Im, -h13Im, -h23Im, 0};
        embedding.zero();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double a = re[3 * i + j];
                double b = im[3 * i + j];
                embedding.set(i, j, a);
                embedding.set(i + 3, j + 3, a);
                embedding.set(i, j + 3, -b);
                embedding.set(i + 3, j, b);
            }
        }
        if (!ejml.decompose(embedding)) {
            out3[0] = out3[1] = out3[2] = Double.NaN;
            return false;
        }
        for (int i = 0; i < 6; i++) {
            six[i] = ejml.getEigenvalue(i).real;
        }
        java.util.Arrays.sort(six);
        out3[0] = 0.5 * (six[0] + six[1]);
        out3[1] = 0.5 * (six[2] + six[3]);
        out3[2] = 0.5 * (six[4] + six[5]);
        return true;
    }
}
