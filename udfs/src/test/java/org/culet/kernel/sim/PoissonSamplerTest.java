package org.culet.kernel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class PoissonSamplerTest {
    @Test
    void logGammaMatchesCommonsMath() {
        for (double x : new double[] {1, 2, 3, 5.5, 7, 8, 11, 100, 12345, 7.5e5}) {
            assertThat(PoissonSampler.logGamma(x)).as("x=%s", x)
                .isCloseTo(Gamma.logGamma(x), within(1e-9 * Math.max(1, Math.abs(Gamma.logGamma(x)))));
        }
    }

    @Test
    void meanAndVarianceMatchLambdaForSmallMediumAndCameraSizedMeans() {
        SplittableRandom rng = new SplittableRandom(42);
        int n = 200_000;
        for (double lambda : new double[] {0.7, 4.0, 37.0, 2.0e3, 7.0e5}) {
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < n; i++) {
                double k = PoissonSampler.sample(lambda, rng);
                sum += k;
                sum2 += k * k;
            }
            double mean = sum / n;
            double var = sum2 / n - mean * mean;
            // Standard error of the mean sqrt(lambda/n); of the variance ~ lambda sqrt(2/n). 5 sigma bounds.
            assertThat(mean).as("mean, lambda=%s", lambda).isCloseTo(lambda, within(5 * Math.sqrt(lambda / n)));
            assertThat(var).as("variance, lambda=%s", lambda).isCloseTo(lambda, within(5 * lambda * Math.sqrt(2.0 / n) + 0.01));
        }
    }

    @Test
    void smallMeanProbabilitiesMatchThePoissonPmf() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 400_000;
        double lambda = 12.0; // the PTRS branch
        int[] hist = new int[60];
        for (int i = 0; i < n; i++) {
            hist[(int) Math.min(59, PoissonSampler.sample(lambda, rng))]++;
        }
        for (int k = 4; k <= 20; k++) {
            double p = Math.exp(-lambda + k * Math.log(lambda) - Gamma.logGamma(k + 1));
            assertThat(hist[k] / (double) n).as("P(%d)", k).isCloseTo(p, within(5 * Math.sqrt(p / n)));
        }
    }

    @Test
    void sameSeedSameStream() {
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(PoissonSampler.sample(5e5, a)).isEqualTo(PoissonSampler.sample(5e5, b));
        }
    }
}
