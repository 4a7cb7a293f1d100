package org.culet.kernel.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Dot#dot4} is bit-identical to four {@link Dot#dot} calls: the whole-spectrum refinement's normal matrix relies
 * on it to be unchanged by the fused products (SpectrumHamiltonianFitter).
 */
class DotTest {
    @Test
    void dot4IsBitIdenticalToFourDots() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int len = rnd.nextInt(40) + (trial % 5 == 0 ? 300 : 0);
            double[] a = new double[len + 7];
            double[] b = new double[4 * len + 13];
            double[] c = new double[len + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = rnd.nextGaussian();
            }
            int ao = rnd.nextInt(7);
            int o0 = rnd.nextInt(13);
            int o1 = o0 + len;
            int o2 = rnd.nextInt(3);
            int o3 = o0 + 2 * len;
            double[] out = new double[6];
            Dot.dot4(a, ao, b, o0, b, o1, c, o2, b, o3, len, out, 1);
            assertThat(out[1]).isEqualTo(Dot.dot(a, ao, b, o0, len));
            assertThat(out[2]).isEqualTo(Dot.dot(a, ao, b, o1, len));
            assertThat(out[3]).isEqualTo(Dot.dot(a, ao, c, o2, len));
            assertThat(out[4]).isEqualTo(Dot.dot(a, ao, b, o3, len));
            assertThat(out[0]).isZero();
            assertThat(out[5]).isZero();
        }
    }
}
