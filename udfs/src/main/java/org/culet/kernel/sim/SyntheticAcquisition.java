package org.culet.kernel.sim;

import java.util.SplittableRandom;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;

/**
 * The synthetic acquisition of one preset and seed: the sample model, its ground-truth maps on the ODMR
 * grid, the EDX maps on their own (rotated, scaled, shifted) grid, reference images in both frames, and
 * factories for per-thread {@link SweepSynthesizer}s. File writing lives in the pipeline module; this class
 * only computes. Immutable after construction (the maps are built once); thread-safe.
 */
public final class SyntheticAcquisition {
    private final SimulationSpec spec;
    private final NvConstants constants;
    private final D0Model d0Model;
    private final SampleModel model;
    private final SampleMaps maps;
    private final double[] edxToOdmrAffine;

    public SyntheticAcquisition(SimulationSpec spec, NvConstants constants, D0Model d0Model) {
        this.spec = spec;
        this.constants = constants;
        this.d0Model = d0Model;
        this.model = new SampleModel(spec.sample(), spec.tcRule(), spec.spectrum().correlationLengthUm(), spec.seed());
        this.maps = SampleMaps.sample(model, spec);
        this.edxToOdmrAffine = computeAffine(spec);
    }

    public SimulationSpec spec() {
        return spec;
    }

    public SampleModel model() {
        return model;
    }

    public SampleMaps maps() {
        return maps;
    }

    public D0Model d0Model() {
        return d0Model;
    }

    public NvConstants constants() {
        return constants;
    }

    /** A new synthesizer for one worker thread. */
    public SweepSynthesizer newSynthesizer() {
        return new SweepSynthesizer(spec, maps, constants, d0Model);
    }

    /**
     * The true EDX -> ODMR transform in pixel coordinates (pixel centres at integer coordinates, x = column,
     * y = row): {@code x_odmr = a[0] u + a[1] v + a[2]}, {@code y_odmr = a[3] u + a[4] v + a[5]} for EDX
     * column u and row v. A fresh copy.
     */
    public double[] edxToOdmrAffine() {
        return edxToOdmrAffine.clone();
    }

    /**
     * Lab-frame EDX geometry: EDX pixel (u, v) has lab position R(theta) ((u + 0.5) pe, (v + 0.5) pe) + s, with s
     * chosen so the EDX field of view is centred on the ODMR one, plus the configured shift. In ODMR pixel units
     * x = X / po - 0.5, hence A = (pe / po) R and t = (R (pe/2, pe/2) + s) / po - 0.5.
     */
    private static double[] computeAffine(SimulationSpec spec) {
        SimulationSpec.Edx e = spec.edx();
        double th = Math.toRadians(e.rotationDeg());
        double c = Math.cos(th);
        double s = Math.sin(th);
        double pe = e.pixelSizeUm();
        double po = spec.pixelSizeUm();
        double cxE = e.widthPx() * pe / 2;
        double cyE = e.heightPx() * pe / 2;
        double cxO = spec.widthPx() * po / 2;
        double cyO = spec.heightPx() * po / 2;
        double sx = cxO - (c * cxE - s * cyE) + e.shiftXUm();
        double sy = cyO - (s * cxE + c * cyE) + e.shiftYUm();
        double k = pe / po;
        double tx = (c * pe / 2 - s * pe / 2 + sx) / po - 0.5;
        double ty = (s * pe / 2 + c * pe / 2 + sy) / po - 0.5;
        return new double[] {k * c, -k * s, tx, k * s, k * c, ty};
    }

    /** Lab position (um) of EDX pixel (u, v); out2 mutated. */
    public void edxPixelToLabUm(double u, double v, double[] out2) {
        double[] a = edxToOdmrAffine;
        double x = a[0] * u + a[1] * v + a[2];
        double y = a[3] * u + a[4] * v + a[5];
        out2[0] = (x + 0.5) * spec.pixelSizeUm();
        out2[1] = (y + 0.5) * spec.pixelSizeUm();
    }

    /**
     * EDX maps on the EDX grid (row-major [v][u]): La at%, Ni at% measured with Poisson counting noise
     * (counts-per-at-pct), 0 off the sample, and the EDX reference (electron) image with the sample outline.
     */
    public double[][][] edxMaps() {
        SimulationSpec.Edx e = spec.edx();
        SplittableRandom rng = SweepSynthesizer.sweepRandom(spec.seed(), -7);
        double[][] la = new double[e.heightPx()][e.widthPx()];
        double[][] ni = new double[e.heightPx()][e.widthPx()];
        double[][] ref = new double[e.heightPx()][e.widthPx()];
        double[] lab = new double[2];
        for (int v = 0; v < e.heightPx(); v++) {
            for (int u = 0; u < e.widthPx(); u++) {
                edxPixelToLabUm(u, v, lab);
                double inside = model.insideness(lab[0], lab[1], 0.3);
                double trueNi = model.onSample(lab[0], lab[1]) ? model.niAtPct(lab[0], lab[1]) : 0;
                double trueLa = trueNi * model.laNiRatio(lab[0], lab[1]);
                la[v][u] = PoissonSampler.sample(trueLa * e.countsPerAtPct(), rng) / e.countsPerAtPct();
                ni[v][u] = PoissonSampler.sample(trueNi * e.countsPerAtPct(), rng) / e.countsPerAtPct();
                double refMean = e.referenceBackgroundCounts()
                    + (e.referenceSampleCounts() - e.referenceBackgroundCounts()) * inside;
                ref[v][u] = PoissonSampler.sample(refMean, rng);
            }
        }
        return new double[][][] {la, ni, ref};
    }

    /** ODMR-frame reference image: one PL frame without microwaves (Poisson counts of the baseline), [y][x]. */
    public double[][] odmrReferenceImage() {
        SplittableRandom rng = SweepSynthesizer.sweepRandom(spec.seed(), -11);
        double[][] img = new double[spec.heightPx()][spec.widthPx()];
        for (int y = 0; y < spec.heightPx(); y++) {
            for (int x = 0; x < spec.widthPx(); x++) {
                img[y][x] = PoissonSampler.sample(maps.baselineCounts()[y * spec.widthPx() + x], rng);
            }
        }
        return img;
    }
}
