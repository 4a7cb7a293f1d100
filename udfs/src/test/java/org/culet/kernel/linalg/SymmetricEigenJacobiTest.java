package org.culet.kernel.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The Jacobi eigen-solver against EJML's SVD (the oracle) on random normal matrices J^T J. */
class SymmetricEigenJacobiTest {

    @Test
    void eigenvaluesAreSquaredSingularValuesAndTheVectorsReconstructTheMatrix() {
        Random random = new Random(42);
        SymmetricEigenJacobi jacobi = new SymmetricEigenJacobi(9);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(9);
            int rows = n + random.nextInt(6);
            DMatrixRMaj j = new DMatrixRMaj(rows, n);
            for (int i = 0; i < rows * n; i++) {
                // columns of very different scale, as in the unscaled inversion Jacobian
                j.data[i] = random.nextGaussian() * Math.pow(10, (i % n) - 2);
            }
            double[] normal = new double[n * n];
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    double c = 0;
                    for (int r = 0; r < rows; r++) {
                        c += j.get(r, p) * j.get(r, q);
                    }
                    normal[p * n + q] = c;
                }
            }
            double[] copy = normal.clone();
            assertThat(jacobi.decompose(normal, n)).isTrue();
            assertThat(normal).containsExactly(copy);

            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, n, false, false, true);
            assertThat(svd.decompose(j.copy())).isTrue();
            double[] expected = Arrays.copyOf(svd.getSingularValues(), n);
            double[] actual = new double[n];
            for (int k = 0; k < n; k++) {
                actual[k] = Math.sqrt(Math.max(0, jacobi.value(k)));
            }
            Arrays.sort(expected);
            Arrays.sort(actual);
            double largest = expected[n - 1];
            for (int k = 0; k < n; k++) {
                // eigenvalues are accurate to ~1e-15 of the largest; singular values to its square root
                assertThat(Math.abs(actual[k] * actual[k] - expected[k] * expected[k]))
                    .isLessThanOrEqualTo(1e-12 * largest * largest);
            }
            double maxEntry = 0;
            for (double v : copy) {
                maxEntry = Math.max(maxEntry, Math.abs(v));
            }
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    double rebuilt = 0;
                    double dot = 0;
                    for (int k = 0; k < n; k++) {
                        rebuilt += jacobi.vector(p, k) * jacobi.value(k) * jacobi.vector(q, k);
                        dot += jacobi.vector(k, p) * jacobi.vector(k, q);
                    }
                    assertThat(Math.abs(rebuilt - copy[p * n + q])).isLessThanOrEqualTo(1e-12 * maxEntry);
                    assertThat(dot).isCloseTo(p == q ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void rejectsNonFiniteMatricesAndHandlesZero() {
        SymmetricEigenJacobi jacobi = new SymmetricEigenJacobi(3);
        assertThat(jacobi.decompose(new double[] {1, Double.NaN, 0, Double.NaN, 1, 0, 0, 0, 1}, 3)).isFalse();
        assertThat(jacobi.decompose(new double[4], 2)).isTrue();
        assertThat(jacobi.value(0)).isZero();
        assertThat(jacobi.vector(1, 1)).isEqualTo(1.0);
    }
}
