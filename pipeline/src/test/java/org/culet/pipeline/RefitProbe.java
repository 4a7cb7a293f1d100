package org.culet.pipeline;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Locale;
import org.culet.acquisition.GroundTruth;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.config.CuletConfig;
import org.culet.kernel.fit.Baseline;
import org.culet.kernel.fit.FitResult;
import org.culet.kernel.fit.FitSettings;
import org.culet.kernel.fit.LineShape;
import org.culet.kernel.fit.SpectrumFitter;
import org.culet.kernel.fit.SpectrumModel;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.physics.FittedLines;
import org.culet.kernel.physics.InversionResult;
import org.culet.kernel.physics.PixelPhysicsKernel;

/** Development tool: 4-line vs 8-line fit and inversion of one pixel of one sweep. Args: ACQ SWEEP Y X BAPPLIED T. */
final class RefitProbe {
    public static void main(String[] a) throws Exception {
        Path acq = Path.of(a[0]);
        String sweep = a[1];
        int y = Integer.parseInt(a[2]);
        int x = Integer.parseInt(a[3]);
        double bApp = Double.parseDouble(a[4]);
        double t = Double.parseDouble(a[5]);
        Config root = CuletConfig.load(null, java.util.Map.of()).root();
        PixelPhysicsKernel physics = PixelPhysicsKernel.fromConfig(root, CuletOrientation.C111);
        FitSettings fs = FitSettings.fromConfig(root.getConfig("culet.fit"));
        GroundTruth truth = GroundTruth.load(acq);
        try (SweepReader r = SweepReaders.open(acq.resolve("sweeps/" + sweep + ".h5"), null)) {
            double[] f = r.frequenciesHz();
            for (int i = 0; i < f.length; i++) {
                f[i] *= 1e-6;
            }
            double[] w = new double[f.length];
            r.readWindow(y, x, 1, 1, w);
            for (int n : new int[] {4, 6, 8}) {
                SpectrumFitter fitter = new SpectrumFitter(f.length, SpectrumModel.of(n, LineShape.LORENTZIAN, Baseline.LINEAR), fs);
                FitResult res = fitter.fit(f, w, 0, null, new FitResult());
                StringBuilder sb = new StringBuilder();
                double[] c = new double[n];
                double[] ce = new double[n];
                double[] fw = new double[n];
                double[] co = new double[n];
                for (int k = 0; k < res.lineCount(); k++) {
                    c[k] = res.centreMhz(k);
                    ce[k] = res.centreErrMhz(k);
                    fw[k] = res.fwhmMhz(k);
                    co[k] = res.contrast(k);
                    sb.append(String.format(Locale.ROOT, " %.1f", c[k]));
                }
                InversionResult inv = new InversionResult();
                physics.solve(new FittedLines().set(res.lineCount(), c, ce, fw, co), 0, 0, bApp, physics.d0Mhz(t), inv);
                System.out.printf(Locale.ROOT, "%d lines %s q=%.3f:%s -> %s B %.2f +- %.2f%n", n, res.status(),
                    res.reducedChi2() / res.baseline(0), sb, inv.status, inv.bAlongBiasGauss, inv.bAlongBiasSigmaGauss);
            }
        }
        double[][] l = truth.linesMhz(sweep);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            sb.append(String.format(Locale.ROOT, " %.1f", l[k][y * truth.width() + x]));
        }
        System.out.printf(Locale.ROOT, "truth: Bz %.2f lines%s%n", truth.bGauss(sweep)[2][y * truth.width() + x], sb);
    }
}
