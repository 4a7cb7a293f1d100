package org.culet.kernel.phase;

/**
 * The binned phase diagram. 2-D bins (sigma_ZZ index i, tau index j) at flat index i * nTau + j; 3-D bins
 * (temperature index t, i, j) at (t * nZz + i) * nTau + j. Fractions with Wilson intervals at the
 * configured confidence; median Tc with its interquartile range over the superconducting pixels of a bin
 * with a Tc. Counts of pixels excluded by each mask. Arrays are owned by this object (treat as read-only).
 */
public final class PhaseDiagram {
    public final double[] sigmaZzEdgesGpa;
    public final double[] tauEdgesGpa;
    public final double[] temperatureEdgesK;
    public final PhaseSettings.TauMeasure tauMeasure;
    public final int nZz;
    public final int nTau;
    public final int nT;
    /** 2-D (sigma_ZZ, tau). */
    public final int[] count;
    public final int[] superconductingCount;
    public final double[] fraction;
    public final double[] fractionLower;
    public final double[] fractionUpper;
    public final double[] medianTcK;
    public final double[] tcIqrK;
    public final int[] tcCount;
    /** 3-D (T, sigma_ZZ, tau). */
    public final int[] countT;
    public final int[] superconductingCountT;
    public final double[] fractionT;
    public final double[] fractionLowerT;
    public final double[] fractionUpperT;
    /** Pixels binned; excluded by the quality flags; by the stoichiometry mask; outside the edges or NaN. */
    public int binned;
    public int excludedByFlags;
    public int excludedByStoichiometry;
    public int outsideEdges;

    PhaseDiagram(PhaseSettings s) {
        sigmaZzEdgesGpa = s.sigmaZzEdgesGpa().clone();
        tauEdgesGpa = s.tauEdgesGpa().clone();
        temperatureEdgesK = s.temperatureEdgesK().clone();
        tauMeasure = s.tauMeasure();
        nZz = sigmaZzEdgesGpa.length - 1;
        nTau = tauEdgesGpa.length - 1;
        nT = temperatureEdgesK.length - 1;
        int n2 = nZz * nTau;
        count = new int[n2];
        superconductingCount = new int[n2];
        fraction = new double[n2];
        fractionLower = new double[n2];
        fractionUpper = new double[n2];
        medianTcK = new double[n2];
        tcIqrK = new double[n2];
        tcCount = new int[n2];
        int n3 = nT * n2;
        countT = new int[n3];
        superconductingCountT = new int[n3];
        fractionT = new double[n3];
        fractionLowerT = new double[n3];
        fractionUpperT = new double[n3];
    }

    public int index(int zz, int tau) {
        return zz * nTau + tau;
    }

    public int index(int t, int zz, int tau) {
        return (t * nZz + zz) * nTau + tau;
    }

    public double sigmaZzCentreGpa(int i) {
        return 0.5 * (sigmaZzEdgesGpa[i] + sigmaZzEdgesGpa[i + 1]);
    }

    public double tauCentreGpa(int j) {
        return 0.5 * (tauEdgesGpa[j] + tauEdgesGpa[j + 1]);
    }

    public double temperatureCentreK(int t) {
        return 0.5 * (temperatureEdgesK[t] + temperatureEdgesK[t + 1]);
    }
}
