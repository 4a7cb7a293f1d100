package org.culet.kernel.registration;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Intensity-based registration of an EDX reference image onto the ODMR reference image (both showing the
 * sample outline): maximises the absolute normalised cross-correlation |NCC| between the ODMR image and the
 * EDX image resampled (bilinear) through the candidate transform, over the 6 affine (or 4 similarity)
 * parameters. The absolute value because the two modalities may show the sample with opposite contrast: the
 * sample darkens the NV photoluminescence of the ODMR reference but is bright in an electron image.
 *
 * <p>Coarse to fine on a 2x image pyramid ({@code pyramid-levels}): at the coarsest level a grid search over
 * shifts ({@code coarse-shift-range-px}) and rotations ({@code coarse-rotation-range-deg}) around the initial
 * guess, then at every level Nelder-Mead ({@code org.apache.commons.math3} SimplexOptimizer, the named
 * library) refines all parameters. Parameters are expressed as pixel displacements (the linear part
 * scaled by the image half-size) so that the simplex is isotropic. Not per-pixel: allocates freely.
 */
public final class IntensityRegistration {
    private final RegistrationSettings settings;

    public IntensityRegistration(RegistrationSettings settings) {
        this.settings = settings;
    }

    /**
     * Registers edx (edxW x edxH) onto odmr (odmrW x odmrH). {@code initialEdxToOdmr} is the starting guess
     * (e.g. the nominal scale from the pixel sizes); returns the transform EDX pixel -> ODMR pixel.
     */
    public RegistrationResult register(double[] odmr, int odmrW, int odmrH, double[] edx, int edxW, int edxH,
                                       AffineTransform2D initialEdxToOdmr) {
        if (!finite(odmr) || !finite(edx) || odmr.length != odmrW * odmrH || edx.length != edxW * edxH) {
            return RegistrationResult.failed(RegistrationResult.Status.BAD_INPUT);
        }
        AffineTransform2D init = initialEdxToOdmr.inverse();
        if (!Double.isFinite(init.a11())) {
            return RegistrationResult.failed(RegistrationResult.Status.BAD_INPUT);
        }
        if (settings.highPassSigmaPx() > 0) {
            // Remove illumination and brightness variations slower than the sample outline, so that NCC compares
            // edges, not the PL brightness field; the EDX image is filtered at the same physical scale.
            double scale = Math.sqrt(Math.abs(initialEdxToOdmr.determinant()));
            odmr = highPass(odmr, odmrW, odmrH, settings.highPassSigmaPx());
            edx = highPass(edx, edxW, edxH, settings.highPassSigmaPx() / scale);
        }
        int levels = Math.max(1, settings.pyramidLevels());
        List<double[]> odmrPyr = new ArrayList<>();
        List<double[]> edxPyr = new ArrayList<>();
        int[] ow = new int[levels];
        int[] oh = new int[levels];
        int[] ew = new int[levels];
        int[] eh = new int[levels];
        odmrPyr.add(odmr);
        edxPyr.add(edx);
        ow[0] = odmrW;
        oh[0] = odmrH;
        ew[0] = edxW;
        eh[0] = edxH;
        for (int l = 1; l < levels; l++) {
            if (ow[l - 1] < 16 || oh[l - 1] < 16 || ew[l - 1] < 16 || eh[l - 1] < 16) {
                levels = l;
                break;
            }
            odmrPyr.add(MapResampler.downsample2(odmrPyr.get(l - 1), ow[l - 1], oh[l - 1]));
            edxPyr.add(MapResampler.downsample2(edxPyr.get(l - 1), ew[l - 1], eh[l - 1]));
            ow[l] = ow[l - 1] / 2;
            oh[l] = oh[l - 1] / 2;
            ew[l] = ew[l - 1] / 2;
            eh[l] = eh[l - 1] / 2;
        }
        double radius = 0.5 * Math.max(odmrW, odmrH);
        double cx = 0.5 * (odmrW - 1);
        double cy = 0.5 * (odmrH - 1);
        // current estimate: ODMR full-res pixel -> EDX full-res pixel
        AffineTransform2D current = init;
        int evaluations = 0;
        // Coarse grid search at the coarsest level.
        int top = levels - 1;
        {
            double scaleTop = 1 << top;
            double best = Double.NEGATIVE_INFINITY;
            AffineTransform2D bestT = current;
            int rs = Math.max(1, settings.coarseRotationSteps());
            double range = settings.coarseShiftRangePx();
            double stepPx = scaleTop;
            for (int r = 0; r < rs; r++) {
                double deg = rs == 1 ? 0 : -settings.coarseRotationRangeDeg() + 2 * settings.coarseRotationRangeDeg() * r / (rs - 1);
                AffineTransform2D rot = aboutCentre(Math.toRadians(deg), cx, cy);
                for (double dy = -range; dy <= range + 1e-9; dy += stepPx) {
                    for (double dx = -range; dx <= range + 1e-9; dx += stepPx) {
                        // shift the ODMR frame by (dx, dy): odmr -> edx = current o rot o shift
                        AffineTransform2D cand = current.compose(rot).compose(new AffineTransform2D(1, 0, 0, 1, -dx, -dy));
                        double v = ncc(odmrPyr.get(top), ow[top], oh[top], edxPyr.get(top), ew[top], eh[top], cand, top);
                        evaluations++;
                        if (v > best) {
                            best = v;
                            bestT = cand;
                        }
                    }
                }
            }
            current = bestT;
        }
        double finalNcc = Double.NaN;
        boolean converged = true;
        boolean similarity = settings.model() == RegistrationSettings.Model.SIMILARITY;
        for (int l = top; l >= 0; l--) {
            final int level = l;
            final AffineTransform2D base = current;
            final double[] o = odmrPyr.get(l);
            final double[] e = edxPyr.get(l);
            final int w = ow[l];
            final int h = oh[l];
            final int we = ew[l];
            final int he = eh[l];
            final double[] bestP = new double[similarity ? 4 : 6];
            final double[] bestV = {Double.POSITIVE_INFINITY};
            final int[] count = {0};
            ObjectiveFunction f = new ObjectiveFunction(p -> {
                count[0]++;
                double v = -ncc(o, w, h, e, we, he, perturb(base, p, radius, cx, cy, similarity), level);
                if (v < bestV[0]) {
                    bestV[0] = v;
                    System.arraycopy(p, 0, bestP, 0, p.length);
                }
                return v;
            });
            double stepPx = Math.max(0.5, 1 << l);
            double[] steps = new double[bestP.length];
            java.util.Arrays.fill(steps, stepPx);
            SimplexOptimizer opt = new SimplexOptimizer(new SimpleValueChecker(settings.nccTolerance(), settings.nccTolerance()));
            try {
                opt.optimize(new MaxEval(settings.maxEvaluations()), f, GoalType.MINIMIZE,
                    new InitialGuess(new double[bestP.length]), new NelderMeadSimplex(steps));
            } catch (TooManyEvaluationsException ex) {
                converged = l > 0 && converged; // use the best point seen; flagged only at the finest level
                if (l == 0) {
                    converged = false;
                }
            }
            evaluations += count[0];
            if (Double.isFinite(bestV[0])) {
                current = perturb(base, bestP, radius, cx, cy, similarity);
                finalNcc = -bestV[0];
            }
        }
        AffineTransform2D edxToOdmr = current.inverse();
        return new RegistrationResult(edxToOdmr, converged ? RegistrationResult.Status.OK
            : RegistrationResult.Status.NOT_CONVERGED, Double.NaN, null, null, finalNcc, evaluations);
    }

    /** Rotation by angle about (cx, cy) in ODMR pixels. */
    private static AffineTransform2D aboutCentre(double angle, double cx, double cy) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new AffineTransform2D(c, -s, s, c, cx - c * cx + s * cy, cy - s * cx - c * cy);
    }

    /**
     * base o D where D is a small map of the ODMR frame about its centre: affine p = (shift x, shift y,
     * 4 linear terms in px at the image half-size); similarity p = (shift x, shift y, scale px, rotation px).
     */
    static AffineTransform2D perturb(AffineTransform2D base, double[] p, double radius, double cx, double cy,
                                     boolean similarity) {
        double m11;
        double m12;
        double m21;
        double m22;
        double tx;
        double ty;
        if (similarity) {
            m11 = 1 + p[2] / radius;
            m22 = m11;
            m12 = -p[3] / radius;
            m21 = p[3] / radius;
        } else {
            m11 = 1 + p[2] / radius;
            m12 = p[3] / radius;
            m21 = p[4] / radius;
            m22 = 1 + p[5] / radius;
        }
        tx = p[0] + cx - (m11 * cx + m12 * cy);
        ty = p[1] + cy - (m21 * cx + m22 * cy);
        return base.compose(new AffineTransform2D(m11, m12, m21, m22, tx, ty));
    }

    /**
     * NCC between the ODMR image at pyramid level l and the EDX image at level l sampled through
     * odmrToEdx (full-resolution pixel coordinates); over the ODMR pixels that map inside the EDX image.
     * Returns |NCC| (inverted contrast between modalities scores like equal contrast); less than 25 % overlap,
     * or a flat image, scores 0 (the worst).
     */
    static double ncc(double[] o, int w, int h, double[] e, int we, int he, AffineTransform2D odmrToEdx, int level) {
        double s = 1 << level;
        double so = 0;
        double se = 0;
        double soo = 0;
        double see = 0;
        double soe = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            double yf = s * (y + 0.5) - 0.5;
            for (int x = 0; x < w; x++) {
                double xf = s * (x + 0.5) - 0.5;
                double u = (odmrToEdx.applyX(xf, yf) + 0.5) / s - 0.5;
                double v = (odmrToEdx.applyY(xf, yf) + 0.5) / s - 0.5;
                double ev = MapResampler.bilinear(e, we, he, u, v);
                if (Double.isNaN(ev)) {
                    continue;
                }
                double ov = o[y * w + x];
                so += ov;
                se += ev;
                soo += ov * ov;
                see += ev * ev;
                soe += ov * ev;
                n++;
            }
        }
        if (n < 0.25 * w * h) {
            return 0;
        }
        double co = soo - so * so / n;
        double ce = see - se * se / n;
        double cov = soe - so * se / n;
        if (!(co > 0 && ce > 0)) {
            return 0;
        }
        return Math.abs(cov / Math.sqrt(co * ce));
    }

    /**
     * image - (Gaussian blur of image with standard deviation sigmaPx), the blur normalised by the weights inside
     * the image at its edges. Separable, kernel truncated at 3 sigma. Returns a new array.
     */
    static double[] highPass(double[] image, int w, int h, double sigmaPx) {
        int r = Math.max(1, (int) Math.ceil(3 * sigmaPx));
        double[] k = new double[2 * r + 1];
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
        }
        double[] rows = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                double wsum = 0;
                for (int i = Math.max(-r, -x); i <= Math.min(r, w - 1 - x); i++) {
                    sum += k[i + r] * image[y * w + x + i];
                    wsum += k[i + r];
                }
                rows[y * w + x] = sum / wsum;
            }
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                double wsum = 0;
                for (int i = Math.max(-r, -y); i <= Math.min(r, h - 1 - y); i++) {
                    sum += k[i + r] * rows[(y + i) * w + x];
                    wsum += k[i + r];
                }
                out[y * w + x] = image[y * w + x] - sum / wsum;
            }
        }
        return out;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
