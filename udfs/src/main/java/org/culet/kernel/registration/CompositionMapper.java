package org.culet.kernel.registration;

/**
 * Per ODMR pixel composition from registered EDX maps (physics.md Section 5): La at%, Ni at%, La:Ni
 * (stoichiometric La3Ni2O7: 1.5) and the registration residual. Resampling by {@link MapResampler}
 * (bilinear, or area-weighted when the EDX grid is finer than the ODMR grid).
 */
public final class CompositionMapper {
    private final RegistrationSettings settings;

    public CompositionMapper(RegistrationSettings settings) {
        this.settings = settings;
    }

    /** Per-pixel composition on the ODMR grid; arrays row-major, length width * height. */
    public record Composition(int width, int height, double[] laAtPercent, double[] niAtPercent,
                              double[] laNiRatio, double[] registrationResidualPx, boolean areaWeighted) {
    }

    /**
     * Resamples the La and Ni maps (EDX grid edxW x edxH, at%) onto the ODMR grid through the registration
     * (EDX -> ODMR). La:Ni is NaN where Ni < {@code min-ni-at-percent} or outside the EDX field. The
     * registration residual per pixel is the 1-sigma position uncertainty from the control-point
     * covariance when the registration has one, else its RMS control-point residual (constant), else NaN.
     */
    public Composition map(double[] laAtPercent, double[] niAtPercent, int edxW, int edxH,
                           RegistrationResult registration, int odmrW, int odmrH) {
        AffineTransform2D odmrToEdx = registration.transform().inverse();
        double[] la = new double[odmrW * odmrH];
        double[] ni = new double[odmrW * odmrH];
        boolean area = MapResampler.resample(laAtPercent, edxW, edxH, odmrToEdx, odmrW, odmrH,
            settings.areaWeightingThreshold(), la);
        MapResampler.resample(niAtPercent, edxW, edxH, odmrToEdx, odmrW, odmrH, settings.areaWeightingThreshold(), ni);
        double[] ratio = new double[odmrW * odmrH];
        double[] residual = new double[odmrW * odmrH];
        for (int y = 0; y < odmrH; y++) {
            for (int x = 0; x < odmrW; x++) {
                int i = y * odmrW + x;
                ratio[i] = ni[i] >= settings.minNiAtPercent() ? la[i] / ni[i] : Double.NaN;
                if (registration.covariance() != null) {
                    residual[i] = registration.positionSigmaPx(odmrToEdx.applyX(x, y), odmrToEdx.applyY(x, y));
                } else {
                    residual[i] = registration.residualRmsPx();
                }
            }
        }
        return new Composition(odmrW, odmrH, la, ni, ratio, residual, area);
    }
}
