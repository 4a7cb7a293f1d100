package org.culet.kernel.phase;

import java.util.Arrays;

/**
 * Bins per-pixel results into the (sigma_ZZ, tau) and (T, sigma_ZZ, tau) phase diagrams (physics.md
 * Section 5): per bin the superconducting fraction with a Wilson interval ({@link BinomialInterval}),
 * the median Tc with its interquartile range, and counts. Pixels failing the quality flags or the
 * stoichiometry mask (|La:Ni - center| > half-width, or La:Ni NaN) are counted and left out. Also
 * estimates the critical shear where the superconducting fraction collapses. Per acquisition, not per
 * pixel: allocates.
 */
public final class PhaseDiagramBinner {
    private final PhaseSettings settings;

    public PhaseDiagramBinner(PhaseSettings settings) {
        this.settings = settings;
    }

    /** True when La:Ni lies in the configured band around the stoichiometric value. */
    public boolean stoichiometric(double laNi) {
        return Math.abs(laNi - settings.stoichiometryCenter()) <= settings.stoichiometryHalfWidth();
    }

    public PhaseDiagram bin(PhasePixels px) {
        PhaseDiagram d = new PhaseDiagram(settings);
        int n = px.size();
        int[] bin2 = new int[n];
        Arrays.fill(bin2, -1);
        for (int p = 0; p < n; p++) {
            if (px.usable() != null && !px.usable()[p]) {
                d.excludedByFlags++;
                continue;
            }
            if (!stoichiometric(px.laNiRatio()[p])) {
                d.excludedByStoichiometry++;
                continue;
            }
            int i = PhaseSettings.bin(settings.sigmaZzEdgesGpa(), px.sigmaZzGpa()[p]);
            int j = PhaseSettings.bin(settings.tauEdgesGpa(), px.tau(p, settings.tauMeasure()));
            if (i < 0 || j < 0) {
                d.outsideEdges++;
                continue;
            }
            int b = d.index(i, j);
            bin2[p] = b;
            d.binned++;
            d.count[b]++;
            if (px.superconducting()[p]) {
                d.superconductingCount[b]++;
                if (Double.isFinite(px.tcK()[p])) {
                    d.tcCount[b]++;
                }
            }
        }
        double z = BinomialInterval.z(settings.confidenceLevel());
        double[][] tcs = new double[d.count.length][];
        for (int b = 0; b < d.count.length; b++) {
            tcs[b] = new double[d.tcCount[b]];
        }
        int[] fill = new int[d.count.length];
        for (int p = 0; p < n; p++) {
            int b = bin2[p];
            if (b >= 0 && px.superconducting()[p] && Double.isFinite(px.tcK()[p])) {
                tcs[b][fill[b]++] = px.tcK()[p];
            }
        }
        for (int b = 0; b < d.count.length; b++) {
            int c = d.count[b];
            int k = d.superconductingCount[b];
            d.fraction[b] = c == 0 ? Double.NaN : (double) k / c;
            d.fractionLower[b] = BinomialInterval.lower(k, c, z);
            d.fractionUpper[b] = BinomialInterval.upper(k, c, z);
            double[] t = tcs[b];
            Arrays.sort(t);
            d.medianTcK[b] = quantile(t, 0.5);
            d.tcIqrK[b] = quantile(t, 0.75) - quantile(t, 0.25);
        }
        // (T, sigma_ZZ, tau): screening state per temperature, given or derived from Tc.
        double[] temps = settings.temperatureEdgesK();
        for (int p = 0; p < n; p++) {
            int b = bin2[p];
            if (b < 0) {
                continue;
            }
            if (px.temperaturesK() != null && px.scAtTemperature() != null) {
                double[] tt = px.temperaturesK();
                for (int q = 0; q < tt.length; q++) {
                    int ti = PhaseSettings.bin(temps, tt[q]);
                    if (ti < 0) {
                        continue;
                    }
                    int b3 = ti * d.count.length + b;
                    d.countT[b3]++;
                    if (px.scAtTemperature()[p][q]) {
                        d.superconductingCountT[b3]++;
                    }
                }
            } else {
                double tc = px.superconducting()[p] ? px.tcK()[p] : Double.NaN;
                for (int ti = 0; ti < d.nT; ti++) {
                    int b3 = ti * d.count.length + b;
                    d.countT[b3]++;
                    if (Double.isFinite(tc) && d.temperatureCentreK(ti) < tc) {
                        d.superconductingCountT[b3]++;
                    }
                }
            }
        }
        for (int b = 0; b < d.countT.length; b++) {
            int c = d.countT[b];
            int k = d.superconductingCountT[b];
            d.fractionT[b] = c == 0 ? Double.NaN : (double) k / c;
            d.fractionLowerT[b] = BinomialInterval.lower(k, c, z);
            d.fractionUpperT[b] = BinomialInterval.upper(k, c, z);
        }
        return d;
    }

    /** Linear-interpolated quantile of a sorted array; NaN when empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Critical shear of a binned diagram: pool the bins with sigma_ZZ lower edge at or above {@code
     * critical-shear-min-sigma-zz-gpa} into a superconducting fraction per tau bin; the plateau is the
     * largest fraction among populated bins (count >= min-count); scanning up in tau from the plateau bin,
     * tau_c is where the fraction first falls below collapse-fraction x plateau, linearly interpolated
     * between bin centres. Returns NaN when the fraction never collapses (or no populated bins).
     */
    public CriticalShear criticalShear(PhaseDiagram d) {
        int[] n = new int[d.nTau];
        int[] k = new int[d.nTau];
        for (int i = 0; i < d.nZz; i++) {
            if (d.sigmaZzEdgesGpa[i] < settings.criticalShearMinSigmaZzGpa()) {
                continue;
            }
            for (int j = 0; j < d.nTau; j++) {
                n[j] += d.count[d.index(i, j)];
                k[j] += d.superconductingCount[d.index(i, j)];
            }
        }
        double[] f = new double[d.nTau];
        int plateauBin = -1;
        for (int j = 0; j < d.nTau; j++) {
            f[j] = n[j] >= settings.minCount() ? (double) k[j] / n[j] : Double.NaN;
            if (!Double.isNaN(f[j]) && (plateauBin < 0 || f[j] > f[plateauBin])) {
                plateauBin = j;
            }
        }
        if (plateauBin < 0 || !(f[plateauBin] > 0)) {
            return new CriticalShear(Double.NaN, Double.NaN, f, n);
        }
        double threshold = settings.collapseFraction() * f[plateauBin];
        int prev = plateauBin;
        for (int j = plateauBin + 1; j < d.nTau; j++) {
            if (Double.isNaN(f[j])) {
                continue;
            }
            if (f[j] < threshold) {
                double t0 = d.tauCentreGpa(prev);
                double t1 = d.tauCentreGpa(j);
                double w = (f[prev] - threshold) / (f[prev] - f[j]);
                return new CriticalShear(t0 + w * (t1 - t0), f[plateauBin], f, n);
            }
            prev = j;
        }
        return new CriticalShear(Double.NaN, f[plateauBin], f, n);
    }

    /**
     * @param tauCriticalGpa    the collapse shear, GPa (NaN: no collapse)
     * @param plateauFraction   the low-shear plateau of the superconducting fraction
     * @param fractionByTau     pooled fraction per tau bin (NaN below min-count)
     * @param countByTau        pooled counts per tau bin
     */
    public record CriticalShear(double tauCriticalGpa, double plateauFraction, double[] fractionByTau,
                                int[] countByTau) {
    }
}
