package org.culet.kernel.sim;

import java.util.SplittableRandom;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvFrames;
import org.culet.kernel.nv.NvHamiltonian;

/**
 * Forward model of one sweep: the field at the NV layer (applied + screening), the 8 exact NV lines per
 * pixel (NvHamiltonian with the pixel's stress tensor and D0(T)), and Poisson counts of the spectrum
 * {@code baseline(f) * (1 - sum_l contrast * shape(f - f_l))}. The random stream of sweep i depends only on
 * the seed and i, so sweeps can be generated in any order and in parallel with identical output.
 *
 * <p>Not thread-safe: owns an NvHamiltonian, a ScreeningField and per-sweep scratch maps, allocated once
 * (one instance per worker thread). The per-pixel loop allocates nothing.
 */
public final class SweepSynthesizer {
    /** Result of one sweep: how many pixels had a line closer than the configured margin to a window edge. */
    public record Stats(int pixelsWithLineNearEdge, double minLineMhz, double maxLineMhz) {
    }

    private final SimulationSpec spec;
    private final SampleMaps maps;
    private final D0Model d0Model;
    private final NvHamiltonian hamiltonian;
    private final ScreeningField screening;
    private final double[] frequenciesMhz;
    private final double[] mz;
    private final double[] dbx;
    private final double[] dby;
    private final double[] dbz;
    private final double[] sigma9 = new double[9];
    private final double[] lines = new double[NvHamiltonian.LINES];
    private final double[] shape;
    private final double[] drift;
    private final double[] rowMean;

    public SweepSynthesizer(SimulationSpec spec, SampleMaps maps, NvConstants constants, D0Model d0Model) {
        this.spec = spec;
        this.maps = maps;
        this.d0Model = d0Model;
        this.hamiltonian = new NvHamiltonian(constants, spec.culet());
        this.screening = new ScreeningField(maps.height(), maps.width(), maps.pixelSizeUm(), spec.screening());
        this.frequenciesMhz = spec.frequenciesMhz();
        int n = maps.pixels();
        mz = new double[n];
        dbx = new double[n];
        dby = new double[n];
        dbz = new double[n];
        shape = new double[frequenciesMhz.length];
        drift = new double[frequenciesMhz.length];
        rowMean = new double[frequenciesMhz.length * maps.width()];
    }

    /** The random stream of sweep {@code index} for {@code seed} (independent of generation order). */
    public static SplittableRandom sweepRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L * (index + 1));
    }

    /** Applied field vector (G) of a sweep: coil calibration x current x bias direction. out3 mutated. */
    public void appliedField(SweepDefinition sweep, double[] out3) {
        double b = spec.coilGaussPerAmp() * sweep.coilCurrentA();
        for (int c = 0; c < 3; c++) {
            out3[c] = b * spec.biasDirection()[c];
        }
    }

    /**
     * Magnetization map (emu/cm^3) of the sweep per physics.md 5b: ZFC -chi H / 4 pi, FC -f_FC chi H / 4 pi,
     * REMANENT +f_rem chi H_cool / 4 pi (trapped flux, opposite sign), STRESS_REFERENCE 0. Mutates out.
     * Returns false when the map is zero everywhere.
     */
    public boolean magnetization(SweepDefinition sweep, double[] out) {
        SimulationSpec.Screening s = spec.screening();
        double hz = spec.coilGaussPerAmp() * spec.biasDirection()[2];
        double factor;
        switch (sweep.protocol()) {
            case ZFC:
                factor = -hz * sweep.coilCurrentA();
                break;
            case FC:
                factor = -s.fcFraction() * hz * sweep.coilCurrentA();
                break;
            case REMANENT:
                factor = s.remanentFraction() * hz * sweep.coolingCurrentA();
                break;
            default:
                factor = 0;
        }
        boolean any = false;
        double[] tc = maps.tcK();
        for (int i = 0; i < out.length; i++) {
            double chi = TcRule.chiEff(sweep.temperatureK(), tc[i], s.chiExponent());
            out[i] = factor * chi / (4 * Math.PI);
            any |= out[i] != 0;
        }
        return any;
    }

    /**
     * Generates one sweep. Writes counts into {@code frames[f][y][x]} and, when not null, the true field
     * (G, lab frame) into {@code bTruth[c][y][x]} and the 8 true line frequencies (MHz, NvHamiltonian order)
     * into {@code linesTruth[l][y][x]}. All three are mutated; shapes must match the spec.
     */
    public Stats synthesize(SweepDefinition sweep, int[][][] frames, float[][][] bTruth, float[][][] linesTruth) {
        int w = maps.width();
        int h = maps.height();
        int nf = frequenciesMhz.length;
        double[] bApplied = new double[3];
        appliedField(sweep, bApplied);
        if (magnetization(sweep, mz)) {
            screening.fieldChange(mz, dbx, dby, dbz);
        } else {
            java.util.Arrays.fill(dbx, 0);
            java.util.Arrays.fill(dby, 0);
            java.util.Arrays.fill(dbz, 0);
        }
        double d0 = d0Model.d0Mhz(sweep.temperatureK());
        SplittableRandom rng = sweepRandom(spec.seed(), sweep.index());
        SimulationSpec.Spectrum sp = spec.spectrum();
        // Slow baseline drift over the sweep (laser power, temperature): per-sweep linear and quadratic terms in
        // u in [-1, 1] and an intensity factor.
        double a1 = sp.driftLinearMax() * (2 * rng.nextDouble() - 1);
        double a2 = sp.driftQuadraticMax() * (2 * rng.nextDouble() - 1);
        double intensity = 1 + sp.intensityJitter() * (2 * rng.nextDouble() - 1);
        for (int f = 0; f < nf; f++) {
            double u = nf == 1 ? 0 : 2.0 * f / (nf - 1) - 1;
            drift[f] = intensity * (1 + a1 * u + a2 * (u * u - 1.0 / 3));
        }
        double lo = frequenciesMhz[0] + sp.windowMarginMhz();
        double hi = frequenciesMhz[nf - 1] - sp.windowMarginMhz();
        int nearEdge = 0;
        double minLine = Double.POSITIVE_INFINITY;
        double maxLine = Double.NEGATIVE_INFINITY;
        LineShape lineShape = sp.lineShape();
        double eta = sp.pseudoVoigtEta();
        double[][] stress = maps.stressVoigtGpa();
        for (int y = 0; y < h; y++) {
            // Pass 1 over the row: lines and expected counts, frequency-major in rowMean[f * w + x] so that pass 2
            // writes each frame row sequentially (frames[f][y][x]) instead of striding across 300 arrays per pixel.
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double bx = bApplied[0] + dbx[i];
                double by = bApplied[1] + dby[i];
                double bz = bApplied[2] + dbz[i];
                // Voigt XX, YY, ZZ, YZ, XZ, XY -> row-major 3x3.
                sigma9[0] = stress[0][i];
                sigma9[4] = stress[1][i];
                sigma9[8] = stress[2][i];
                sigma9[5] = stress[3][i];
                sigma9[7] = stress[3][i];
                sigma9[2] = stress[4][i];
                sigma9[6] = stress[4][i];
                sigma9[1] = stress[5][i];
                sigma9[3] = stress[5][i];
                for (int g = 0; g < NvFrames.GROUPS; g++) {
                    hamiltonian.groupTransitions(g, bx, by, bz, sigma9, d0, lines, 2 * g);
                }
                boolean edge = false;
                for (double line : lines) {
                    edge |= line < lo || line > hi;
                    minLine = Math.min(minLine, line);
                    maxLine = Math.max(maxLine, line);
                }
                if (edge) {
                    nearEdge++;
                }
                if (bTruth != null) {
                    bTruth[0][y][x] = (float) bx;
                    bTruth[1][y][x] = (float) by;
                    bTruth[2][y][x] = (float) bz;
                }
                if (linesTruth != null) {
                    for (int l = 0; l < lines.length; l++) {
                        linesTruth[l][y][x] = (float) lines[l];
                    }
                }
                noiselessSpectrum(frequenciesMhz, lines, lineShape, maps.fwhmMhz()[i], maps.contrast()[i], eta, shape);
                double base = maps.baselineCounts()[i];
                for (int f = 0; f < nf; f++) {
                    rowMean[f * w + x] = base * drift[f] * shape[f];
                }
            }
            // Pass 2: Poisson counts, in (row, frequency, column) order: the order is part of the reproducible stream.
            for (int f = 0; f < nf; f++) {
                int[] frameRow = frames[f][y];
                int off = f * w;
                for (int x = 0; x < w; x++) {
                    frameRow[x] = (int) Math.min(Integer.MAX_VALUE, PoissonSampler.sample(rowMean[off + x], rng));
                }
            }
        }
        return new Stats(nearEdge, minLine, maxLine);
    }

    /**
     * Noiseless normalised spectrum of one pixel for given 8 lines (MHz): 1 - contrast * sum shape. For tests
     * and for users who want the model without noise. Writes out (length = frequency count).
     */
    public static void noiselessSpectrum(double[] frequenciesMhz, double[] linesMhz, LineShape shape, double fwhmMhz,
                                         double contrast, double eta, double[] out) {
        double inverseFwhm = 1.0 / fwhmMhz;
        for (int f = 0; f < frequenciesMhz.length; f++) {
            double dip = 0;
            for (double line : linesMhz) {
                dip += shape.unitPeakReduced((frequenciesMhz[f] - line) * inverseFwhm, eta);
            }
            out[f] = 1 - contrast * dip;
        }
    }
}
