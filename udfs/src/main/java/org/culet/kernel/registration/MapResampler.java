package org.culet.kernel.registration;

/**
 * Resamples a map given on a source grid (EDX) onto a destination grid (ODMR) through the transform
 * destination pixel -> source pixel. Bilinear at the pixel centre when one destination pixel covers at
 * most {@code area-weighting-threshold} source pixels per side; otherwise area-weighted: the mean of
 * s x s bilinear samples spread uniformly over the destination pixel's footprint (s = ceil(source pixels
 * per destination pixel)), which averages every source pixel the footprint covers in proportion to its
 * overlap, to O(1/s). Pixels whose centre maps outside the source grid get NaN; NaN source values
 * propagate. Images are row-major {@code [row * width + col]}.
 */
public final class MapResampler {
    private MapResampler() {
    }

    /** Bilinear sample of src at (u, v) (pixel centres at integers); NaN outside [0, w-1] x [0, h-1]. */
    public static double bilinear(double[] src, int w, int h, double u, double v) {
        if (!(u >= 0 && v >= 0 && u <= w - 1 && v <= h - 1)) {
            return Double.NaN;
        }
        int x0 = Math.min((int) u, w - 2 < 0 ? 0 : w - 2);
        int y0 = Math.min((int) v, h - 2 < 0 ? 0 : h - 2);
        double fx = u - x0;
        double fy = v - y0;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double a = src[y0 * w + x0];
        double b = src[y0 * w + x1];
        double c = src[y1 * w + x0];
        double d = src[y1 * w + x1];
        return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
    }

    /** Source pixels per destination pixel along each side: sqrt(|det|) of the dst -> src map. */
    public static double sourcePixelsPerDestinationPixel(AffineTransform2D dstToSrc) {
        return dstToSrc.scale();
    }

    /**
     * Resamples src (srcW x srcH) onto dst (dstW x dstH) through dstToSrc; writes out (length dstW * dstH,
     * mutated). Returns true when area weighting was used.
     */
    public static boolean resample(double[] src, int srcW, int srcH, AffineTransform2D dstToSrc, int dstW, int dstH,
                                   double areaWeightingThreshold, double[] out) {
        double perPixel = sourcePixelsPerDestinationPixel(dstToSrc);
        boolean area = perPixel > areaWeightingThreshold;
        int s = area ? (int) Math.ceil(perPixel) : 1;
        for (int y = 0; y < dstH; y++) {
            for (int x = 0; x < dstW; x++) {
                double cu = dstToSrc.applyX(x, y);
                double cv = dstToSrc.applyY(x, y);
                if (!(cu >= 0 && cv >= 0 && cu <= srcW - 1 && cv <= srcH - 1)) {
                    out[y * dstW + x] = Double.NaN;
                    continue;
                }
                if (!area) {
                    out[y * dstW + x] = bilinear(src, srcW, srcH, cu, cv);
                    continue;
                }
                double sum = 0;
                int count = 0;
                for (int j = 0; j < s; j++) {
                    double yy = y - 0.5 + (j + 0.5) / s;
                    for (int i = 0; i < s; i++) {
                        double xx = x - 0.5 + (i + 0.5) / s;
                        double u = Math.min(Math.max(dstToSrc.applyX(xx, yy), 0), srcW - 1);
                        double v = Math.min(Math.max(dstToSrc.applyY(xx, yy), 0), srcH - 1);
                        sum += bilinear(src, srcW, srcH, u, v);
                        count++;
                    }
                }
                out[y * dstW + x] = sum / count;
            }
        }
        return area;
    }

    /** Box-averages an image by 2 in each direction (odd last row/column dropped). */
    public static double[] downsample2(double[] src, int w, int h) {
        int w2 = w / 2;
        int h2 = h / 2;
        double[] out = new double[w2 * h2];
        for (int y = 0; y < h2; y++) {
            for (int x = 0; x < w2; x++) {
                out[y * w2 + x] = 0.25 * (src[(2 * y) * w + 2 * x] + src[(2 * y) * w + 2 * x + 1]
                    + src[(2 * y + 1) * w + 2 * x] + src[(2 * y + 1) * w + 2 * x + 1]);
            }
        }
        return out;
    }
}
