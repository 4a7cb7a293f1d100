package org.culet.kernel.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Registration and composition on synthetic maps with a known EDX -> ODMR affine transform. */
class RegistrationTest {
    static final RegistrationSettings SETTINGS = RegistrationSettings.fromConfig(ConfigFactory.defaultReference());
    /** The reference settings with the affine model (the synthetic truth below has a small shear). */
    static final RegistrationSettings AFFINE = new RegistrationSettings(RegistrationSettings.Model.AFFINE,
        SETTINGS.pyramidLevels(), SETTINGS.coarseShiftRangePx(), SETTINGS.coarseRotationRangeDeg(),
        SETTINGS.coarseRotationSteps(), SETTINGS.maxEvaluations(), SETTINGS.nccTolerance(),
        SETTINGS.areaWeightingThreshold(), SETTINGS.minNiAtPercent(), SETTINGS.highPassSigmaPx());
    static final int OW = 64;
    static final int OH = 64;
    static final int EW = 112;
    static final int EH = 112;
    /** Truth EDX pixel -> ODMR pixel: scale ~0.62 (EDX finer), 7 degrees, a little shear, a shift. */
    static final AffineTransform2D TRUTH = new AffineTransform2D(
        0.62 * Math.cos(0.122), -0.62 * Math.sin(0.122) + 0.01, 0.62 * Math.sin(0.122), 0.61 * Math.cos(0.122), -1.3, -4.7);

    /** Sample outline: a soft-edged superellipse with internal structure (ODMR pixel coordinates). */
    static double scene(double x, double y) {
        double dx = (x - 31) / 21;
        double dy = (y - 30) / 17;
        double r = Math.pow(Math.pow(Math.abs(dx), 3) + Math.pow(Math.abs(dy), 3), 1.0 / 3);
        double inside = 0.5 * (1 - Math.tanh((r - 1) * 20));
        double spots = Math.exp(-((x - 22) * (x - 22) + (y - 25) * (y - 25)) / 18)
            + 0.6 * Math.exp(-((x - 40) * (x - 40) + (y - 37) * (y - 37)) / 30);
        return inside * (1 + 0.5 * spots);
    }

    static boolean onSample(double x, double y) {
        return scene(x, y) > 0.9;
    }

    /** Off-stoichiometric stripe in La:Ni around 1.5. */
    static double ratio(double x, double y) {
        double d = (x * 0.8 + y * 0.6 - 38) / 3.0;
        return 1.5 + 0.3 * Math.exp(-d * d) - 0.002 * (x - 32);
    }

    static double ni(double x, double y) {
        return onSample(x, y) ? 20 + 0.05 * y : 0.2;
    }

    static double la(double x, double y) {
        return ni(x, y) * ratio(x, y);
    }

    @Test
    void settingsFromReferenceConf() {
        assertThat(SETTINGS).isEqualTo(RegistrationSettings.DEFAULT);
    }

    @Test
    void affineInverseAndCompose() {
        AffineTransform2D id = TRUTH.compose(TRUTH.inverse());
        assertThat(id.a11()).isCloseTo(1, within(1e-12));
        assertThat(id.a12()).isCloseTo(0, within(1e-12));
        assertThat(id.tx()).isCloseTo(0, within(1e-12));
        assertThat(id.ty()).isCloseTo(0, within(1e-12));
    }

    @Test
    void controlPointsRecoverTheAffineWithResiduals() {
        Random rnd = new Random(5);
        int n = 20;
        double[] u = new double[n];
        double[] v = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = 10 + 90 * rnd.nextDouble();
            v[i] = 10 + 90 * rnd.nextDouble();
            x[i] = TRUTH.applyX(u[i], v[i]) + 0.1 * rnd.nextGaussian();
            y[i] = TRUTH.applyY(u[i], v[i]) + 0.1 * rnd.nextGaussian();
        }
        RegistrationResult r = ControlPointRegistration.fitAffine(u, v, x, y, n);
        assertThat(r.status()).isEqualTo(RegistrationResult.Status.OK);
        double rms = transformRms(r.transform());
        System.out.printf("control points: transform RMS %.4f px, residual RMS %.4f px, sigma at centre %.4f px%n",
            rms, r.residualRmsPx(), r.positionSigmaPx(56, 56));
        assertThat(rms).isLessThanOrEqualTo(0.1);
        // residual RMS of 2-D noise 0.1 px per axis: 0.1 sqrt(2) sqrt((2n - 6) / 2n) = 0.12
        assertThat(r.residualRmsPx()).isBetween(0.08, 0.17);
        assertThat(r.positionSigmaPx(56, 56)).isBetween(0.02, 0.1);
        // Similarity on a similarity truth; collinear points are degenerate; too few points.
        AffineTransform2D sim = AffineTransform2D.similarity(0.6, 0.3, 4, -2);
        for (int i = 0; i < n; i++) {
            x[i] = sim.applyX(u[i], v[i]);
            y[i] = sim.applyY(u[i], v[i]);
        }
        RegistrationResult s = ControlPointRegistration.fitSimilarity(u, v, x, y, n);
        assertThat(s.transform().a11()).isCloseTo(sim.a11(), within(1e-9));
        assertThat(s.transform().a21()).isCloseTo(sim.a21(), within(1e-9));
        assertThat(s.transform().tx()).isCloseTo(4, within(1e-8));
        double[] cu = {0, 1, 2, 3};
        double[] cv = {0, 1, 2, 3};
        assertThat(ControlPointRegistration.fitAffine(cu, cv, cu, cv, 4).status()).isEqualTo(RegistrationResult.Status.DEGENERATE);
        assertThat(ControlPointRegistration.fitAffine(cu, cv, cu, cv, 2).status()).isEqualTo(RegistrationResult.Status.TOO_FEW_POINTS);
    }

    @Test
    void intensityRegistrationRecoversTheAffineAndLaNi() {
        Random rnd = new Random(17);
        double[] odmr = new double[OW * OH];
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                odmr[y * OW + x] = 0.8 * scene(x, y) + 0.1 + 0.02 * rnd.nextGaussian();
            }
        }
        double[] edx = new double[EW * EH];
        double[] laMap = new double[EW * EH];
        double[] niMap = new double[EW * EH];
        for (int v = 0; v < EH; v++) {
            for (int u = 0; u < EW; u++) {
                double x = TRUTH.applyX(u, v);
                double y = TRUTH.applyY(u, v);
                edx[v * EW + u] = 100 * scene(x, y) + 20 + 3 * rnd.nextGaussian();
                // counting noise, 1 % relative
                laMap[v * EW + u] = la(x, y) * (1 + 0.01 * rnd.nextGaussian());
                niMap[v * EW + u] = ni(x, y) * (1 + 0.01 * rnd.nextGaussian());
            }
        }
        // Nominal guess from the pixel sizes (3 % off), no rotation, centres aligned.
        AffineTransform2D guess = AffineTransform2D.similarity(0.6, 0, 31.5 - 0.6 * 55.5, 31.5 - 0.6 * 55.5);
        RegistrationResult r = new IntensityRegistration(AFFINE).register(odmr, OW, OH, edx, EW, EH, guess);
        assertThat(r.status()).isEqualTo(RegistrationResult.Status.OK);
        double rms = transformRms(r.transform());
        CompositionMapper.Composition c = new CompositionMapper(SETTINGS).map(laMap, niMap, EW, EH, r, OW, OH);
        double sq = 0;
        int count = 0;
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                if (!onSample(x, y) || !onSample(x - 1, y) || !onSample(x + 1, y) || !onSample(x, y - 1) || !onSample(x, y + 1)) {
                    continue;
                }
                double e = c.laNiRatio()[y * OW + x] - footprintRatio(x, y);
                sq += e * e;
                count++;
            }
        }
        double ratioRms = Math.sqrt(sq / count);
        System.out.printf("intensity registration: transform RMS %.4f px over the sample, NCC %.4f, %d evaluations; "
            + "La:Ni RMS %.4f over %d px (area-weighted %s)%n", rms, r.ncc(), r.evaluations(), ratioRms, count, c.areaWeighted());
        assertThat(rms).isLessThanOrEqualTo(0.3);
        assertThat(c.areaWeighted()).isTrue();
        assertThat(count).isGreaterThan(500);
        assertThat(ratioRms).isLessThanOrEqualTo(0.03);
        assertThat(c.registrationResidualPx()[0]).isNaN(); // intensity registration has no covariance
    }

    @Test
    void intensityRegistrationToleratesInvertedContrastBetweenModalities() {
        // The sample darkens the NV photoluminescence (ODMR reference) but is bright in the electron image.
        Random rnd = new Random(29);
        double[] odmr = new double[OW * OH];
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                odmr[y * OW + x] = 1.0 - 0.6 * scene(x, y) + 0.02 * rnd.nextGaussian();
            }
        }
        double[] edx = new double[EW * EH];
        for (int v = 0; v < EH; v++) {
            for (int u = 0; u < EW; u++) {
                edx[v * EW + u] = 100 * scene(TRUTH.applyX(u, v), TRUTH.applyY(u, v)) + 20 + 3 * rnd.nextGaussian();
            }
        }
        AffineTransform2D guess = AffineTransform2D.similarity(0.6, 0, 31.5 - 0.6 * 55.5, 31.5 - 0.6 * 55.5);
        RegistrationResult r = new IntensityRegistration(AFFINE).register(odmr, OW, OH, edx, EW, EH, guess);
        assertThat(r.status()).isEqualTo(RegistrationResult.Status.OK);
        assertThat(r.ncc()).isGreaterThan(0.8);
        assertThat(transformRms(r.transform())).isLessThan(0.3);
    }

    @Test
    void areaWeightingAveragesAFineCheckerboard() {
        // 4x finer source checkerboard: area weighting gives 0.5 everywhere, a centre sample gives 0 or 1.
        int sw = 64;
        double[] src = new double[sw * sw];
        for (int v = 0; v < sw; v++) {
            for (int u = 0; u < sw; u++) {
                src[v * sw + u] = (u + v) % 2;
            }
        }
        AffineTransform2D dstToSrc = new AffineTransform2D(4, 0, 0, 4, 2, 2);
        double[] out = new double[15 * 15];
        assertThat(MapResampler.resample(src, sw, sw, dstToSrc, 15, 15, 1.0, out)).isTrue();
        for (double v : out) {
            assertThat(v).isCloseTo(0.5, within(1e-9));
        }
        MapResampler.resample(src, sw, sw, dstToSrc, 15, 15, 10.0, out);
        assertThat(out[0]).isEqualTo(0.0); // the centre sample aliases to one checker colour
        assertThat(MapResampler.bilinear(src, sw, sw, 0.5, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(MapResampler.bilinear(src, sw, sw, -0.1, 0)).isNaN();
    }

    /** RMS over on-sample ODMR pixels of |T_est(T_true^-1 p) - p|, ODMR px. */
    static double transformRms(AffineTransform2D est) {
        AffineTransform2D inv = TRUTH.inverse();
        double sq = 0;
        int n = 0;
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                if (!onSample(x, y)) {
                    continue;
                }
                double u = inv.applyX(x, y);
                double v = inv.applyY(x, y);
                double dx = est.applyX(u, v) - x;
                double dy = est.applyY(u, v) - y;
                sq += dx * dx + dy * dy;
                n++;
            }
        }
        return Math.sqrt(sq / n);
    }

    /** Truth La:Ni of an ODMR pixel: ratio of footprint means of La and Ni (8x8 supersampling). */
    static double footprintRatio(int x, int y) {
        double sl = 0;
        double sn = 0;
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                double xx = x - 0.5 + (i + 0.5) / 8;
                double yy = y - 0.5 + (j + 0.5) / 8;
                sl += la(xx, yy);
                sn += ni(xx, yy);
            }
        }
        return sl / sn;
    }

    @Test
    void intensityRegistrationWithTheSimilarityModel() {
        AffineTransform2D truth = AffineTransform2D.similarity(0.62, -0.08, 2.5, -3.0);
        Random rnd = new Random(23);
        double[] odmr = new double[OW * OH];
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                odmr[y * OW + x] = scene(x, y) + 0.02 * rnd.nextGaussian();
            }
        }
        double[] edx = new double[EW * EH];
        for (int v = 0; v < EH; v++) {
            for (int u = 0; u < EW; u++) {
                edx[v * EW + u] = 50 * scene(truth.applyX(u, v), truth.applyY(u, v)) + 10 + 2 * rnd.nextGaussian();
            }
        }
        RegistrationSettings sim = new RegistrationSettings(RegistrationSettings.Model.SIMILARITY, SETTINGS.pyramidLevels(),
            SETTINGS.coarseShiftRangePx(), SETTINGS.coarseRotationRangeDeg(), SETTINGS.coarseRotationSteps(),
            SETTINGS.maxEvaluations(), SETTINGS.nccTolerance(), SETTINGS.areaWeightingThreshold(), SETTINGS.minNiAtPercent());
        RegistrationResult r = new IntensityRegistration(sim).register(odmr, OW, OH, edx, EW, EH,
            AffineTransform2D.similarity(0.6, 0, 31.5 - 0.6 * 55.5, 31.5 - 0.6 * 55.5));
        assertThat(r.status()).isEqualTo(RegistrationResult.Status.OK);
        AffineTransform2D est = r.transform();
        // a similarity stays a similarity
        assertThat(est.a11()).isCloseTo(est.a22(), within(1e-12));
        assertThat(est.a12()).isCloseTo(-est.a21(), within(1e-12));
        double sq = 0;
        int n = 0;
        AffineTransform2D inv = truth.inverse();
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                if (onSample(x, y)) {
                    double u = inv.applyX(x, y);
                    double v = inv.applyY(x, y);
                    sq += Math.pow(est.applyX(u, v) - x, 2) + Math.pow(est.applyY(u, v) - y, 2);
                    n++;
                }
            }
        }
        System.out.printf("similarity registration: RMS %.4f px%n", Math.sqrt(sq / n));
        assertThat(Math.sqrt(sq / n)).isLessThanOrEqualTo(0.3);
    }

    @Test
    void highPassFilterLetsASmoothIlluminationGradientNotPullTheOptimum() {
        // A PL reference: the sample darkens it, and the illumination falls off by a factor 3 across the field.
        AffineTransform2D truth = AffineTransform2D.similarity(0.62, 0.1, -1.0, -4.0);
        Random rnd = new Random(31);
        double[] odmr = new double[OW * OH];
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                double illumination = 1.0 - 0.66 * Math.hypot(x - 10, y - 5) / Math.hypot(OW, OH);
                odmr[y * OW + x] = illumination * (1.0 - 0.3 * scene(x, y)) + 0.01 * rnd.nextGaussian();
            }
        }
        double[] edx = new double[EW * EH];
        for (int v = 0; v < EH; v++) {
            for (int u = 0; u < EW; u++) {
                edx[v * EW + u] = 50 * scene(truth.applyX(u, v), truth.applyY(u, v)) + 10 + 2 * rnd.nextGaussian();
            }
        }
        assertThat(SETTINGS.highPassSigmaPx()).isPositive();
        RegistrationResult r = new IntensityRegistration(SETTINGS).register(odmr, OW, OH, edx, EW, EH,
            AffineTransform2D.similarity(0.6, 0, 31.5 - 0.6 * 55.5, 31.5 - 0.6 * 55.5));
        assertThat(r.status()).isEqualTo(RegistrationResult.Status.OK);
        AffineTransform2D est = r.transform();
        AffineTransform2D inv = truth.inverse();
        double sq = 0;
        int n = 0;
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                if (onSample(x, y)) {
                    double u = inv.applyX(x, y);
                    double v = inv.applyY(x, y);
                    sq += Math.pow(est.applyX(u, v) - x, 2) + Math.pow(est.applyY(u, v) - y, 2);
                    n++;
                }
            }
        }
        assertThat(Math.sqrt(sq / n)).isLessThanOrEqualTo(0.3);
    }
}
