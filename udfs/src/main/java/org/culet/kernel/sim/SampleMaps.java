package org.culet.kernel.sim;

/**
 * Ground-truth maps of the synthetic sample on the ODMR grid, row-major {@code [y * width + x]}; pixel
 * (y, x) has its centre at lab position ((x + 0.5) p, (y + 0.5) p) um. Arrays are owned by this object:
 * callers must not modify them. Units in the names; NaN where a quantity does not exist (Tc of a pixel that
 * never superconducts, composition off the sample).
 */
public record SampleMaps(int height, int width, double pixelSizeUm,
                         boolean[] onSample,
                         double[][] stressVoigtGpa,
                         double[] tauMaxGpa, double[] tauInterfaceGpa, double[] tcK,
                         double[] laAtPct, double[] niAtPct, double[] laNiRatio,
                         double[] fwhmMhz, double[] contrast, double[] baselineCounts) {

    /** Builds every map by sampling the continuous model at the pixel centres. */
    public static SampleMaps sample(SampleModel model, SimulationSpec spec) {
        int h = spec.heightPx();
        int w = spec.widthPx();
        int n = h * w;
        double p = spec.pixelSizeUm();
        SimulationSpec.Spectrum s = spec.spectrum();
        boolean[] on = new boolean[n];
        double[][] stress = new double[6][n];
        double[] tauMax = new double[n];
        double[] tauInt = new double[n];
        double[] tc = new double[n];
        double[] la = new double[n];
        double[] ni = new double[n];
        double[] ratio = new double[n];
        double[] fwhm = new double[n];
        double[] contrast = new double[n];
        double[] baseline = new double[n];
        double[] voigt = new double[6];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double xu = (x + 0.5) * p;
                double yu = (y + 0.5) * p;
                model.stress(xu, yu, voigt);
                for (int c = 0; c < 6; c++) {
                    stress[c][i] = voigt[c];
                }
                tauMax[i] = SampleModel.tauMaxGpa(voigt);
                tauInt[i] = SampleModel.tauInterfaceGpa(voigt);
                on[i] = model.onSample(xu, yu);
                if (on[i]) {
                    ratio[i] = model.laNiRatio(xu, yu);
                    ni[i] = model.niAtPct(xu, yu);
                    la[i] = ratio[i] * ni[i];
                    tc[i] = spec.tcRule().tcK(voigt[2], tauMax[i], tauInt[i], ratio[i]);
                } else {
                    ratio[i] = Double.NaN;
                    ni[i] = Double.NaN;
                    la[i] = Double.NaN;
                    tc[i] = Double.NaN;
                }
                fwhm[i] = s.fwhmMinMhz() + (s.fwhmMaxMhz() - s.fwhmMinMhz()) * model.widthFraction(xu, yu);
                contrast[i] = s.contrastMin() + (s.contrastMax() - s.contrastMin()) * model.contrastFraction(xu, yu);
                double pl = s.baselineCountsMin() + (s.baselineCountsMax() - s.baselineCountsMin()) * model.brightnessFraction(xu, yu);
                baseline[i] = pl * (1 - (1 - s.samplePlFactor()) * model.insideness(xu, yu, 0.5));
            }
        }
        return new SampleMaps(h, w, p, on, stress, tauMax, tauInt, tc, la, ni, ratio, fwhm, contrast, baseline);
    }

    public int pixels() {
        return height * width;
    }
}
