package org.culet.kernel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;
import org.junit.jupiter.api.Test;

/** The simulated spectra have their dips at the exact NV lines of the truth. */
class SimulatedSpectrumTest {

    @Test
    void truthLinesAreTheHamiltonianLinesOfTheTruthFieldAndStress() {
        SyntheticAcquisition acq = SimTestSupport.acquisition("tiny", 5);
        SimulationSpec spec = acq.spec();
        SweepSynthesizer synth = acq.newSynthesizer();
        int nf = spec.frequencyPoints();
        int h = spec.heightPx();
        int w = spec.widthPx();
        int[][][] frames = new int[nf][h][w];
        float[][][] b = new float[3][h][w];
        float[][][] lines = new float[8][h][w];
        SweepDefinition zfcLow = spec.sweeps().get(0);
        synth.synthesize(zfcLow, frames, b, lines);
        // Independent route: the EJML eigen-solver and StressTensor.toMatrix (not the synthesizer's Voigt mapping).
        NvHamiltonian ejml = new NvHamiltonian(NvConstants.DEFAULT, spec.culet(), NvHamiltonian.Solver.EJML);
        double d0 = acq.d0Model().d0Mhz(zfcLow.temperatureK());
        double[] expected = new double[8];
        double[] voigt = new double[6];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 6; c++) {
                    voigt[c] = acq.maps().stressVoigtGpa()[c][y * w + x];
                }
                ejml.transitions(b[0][y][x], b[1][y][x], b[2][y][x], StressTensor.fromVoigt(voigt), d0, expected);
                for (int l = 0; l < 8; l++) {
                    // float32 storage of field and lines: 3e3 MHz * 6e-8 + gamma * 1e2 G * 6e-8 < 1e-3 MHz.
                    assertThat((double) lines[l][y][x]).isCloseTo(expected[l], within(2e-3));
                }
            }
        }
    }

    @Test
    void noiselessSpectrumHasItsMinimaAtTheLines() {
        // A pixel-like case with well separated lines: 90 G along Z, 12 GPa normal stress, 3 GPa in-plane.
        NvHamiltonian ham = new NvHamiltonian(NvConstants.DEFAULT, org.culet.kernel.nv.CuletOrientation.C111);
        double[] lines = new double[8];
        ham.transitions(3, -2, 90, new StressTensor(3, 3.2, 12, 0.4, -0.3, 0.1), 2877.2, lines);
        double[] sorted = lines.clone();
        Arrays.sort(sorted);
        double fwhm = 9.0;
        double step = 0.005;
        int n = (int) ((sorted[7] - sorted[0] + 200) / step);
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = sorted[0] - 100 + i * step;
        }
        for (LineShape shape : LineShape.values()) {
            double[] s = new double[n];
            SweepSynthesizer.noiselessSpectrum(f, lines, shape, fwhm, 0.01, 0.5, s);
            for (int l = 0; l < 8; l++) {
                double gap = Math.min(l > 0 ? sorted[l] - sorted[l - 1] : 1e9, l < 7 ? sorted[l + 1] - sorted[l] : 1e9);
                if (gap < 3 * fwhm) {
                    continue; // overlapping lines merge: their common minimum is not at either line
                }
                // Local minimum within +-fwhm/2 of the line.
                int centre = (int) Math.round((sorted[l] - f[0]) / step);
                int half = (int) (fwhm / 2 / step);
                int best = centre;
                for (int i = centre - half; i <= centre + half; i++) {
                    if (s[i] < s[best]) {
                        best = i;
                    }
                }
                assertThat(best).as("minimum not at the window edge").isStrictlyBetween(centre - half, centre + half);
                // Tails of the neighbours (>= 3 FWHM away) shift a Lorentzian minimum by < w^2/(2 gap^3) / (8 / w^2)
                // ~ 0.02 MHz; Gaussians by far less.
                assertThat(f[best]).as("%s line %d", shape, l).isCloseTo(sorted[l], within(0.05));
                assertThat(s[best]).isLessThan(1 - 0.009);
            }
        }
    }

    @Test
    void noisyCountsFollowTheModelSpectrumAtTheTruthLines() {
        SyntheticAcquisition acq = SimTestSupport.acquisition("tiny", 9);
        SimulationSpec spec = acq.spec();
        int nf = spec.frequencyPoints();
        int h = spec.heightPx();
        int w = spec.widthPx();
        int[][][] frames = new int[nf][h][w];
        float[][][] b = new float[3][h][w];
        float[][][] lines = new float[8][h][w];
        acq.newSynthesizer().synthesize(spec.sweeps().get(0), frames, b, lines);
        double[] freq = spec.frequenciesMhz();
        double[] model = new double[nf];
        double[] pixelLines = new double[8];
        int checked = 0;
        for (int y = 0; y < h; y += 3) {
            for (int x = 0; x < w; x += 3) {
                int i = y * w + x;
                for (int l = 0; l < 8; l++) {
                    pixelLines[l] = lines[l][y][x];
                }
                SweepSynthesizer.noiselessSpectrum(freq, pixelLines, spec.spectrum().lineShape(), acq.maps().fwhmMhz()[i],
                    acq.maps().contrast()[i], 0.5, model);
                double[] counts = new double[nf];
                for (int f = 0; f < nf; f++) {
                    counts[f] = frames[f][y][x];
                }
                // The dips in the counts sit where the model puts them: correlation of the counts with the model
                // spectrum. Noise 0.1 %, contrast >= 0.3 %, drift <= 0.5 %: correlation above 0.6 for every pixel.
                assertThat(correlation(counts, model)).as("pixel (%d,%d)", y, x).isGreaterThan(0.6);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
