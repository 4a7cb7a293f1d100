package org.culet.kernel.magnetization;

import org.culet.kernel.physics.LocalTcEstimator;
import org.culet.kernel.physics.TcResult;
import org.culet.kernel.physics.TcSettings;

/**
 * Local Tc of one pixel from its effective-susceptibility series chi_eff(T) (the output of
 * {@link MagnetizationInverter} per sweep): the sweeps at one temperature (several coil currents) are combined by
 * their median when there are three or more (robust to one bad map at this pixel), else by their inverse-variance
 * weighted mean, then {@link LocalTcEstimator} finds the onset (departure from the pixel's own
 * normal-state value by k sigma of its own noise), the midpoint (50 % of the low-T response) and the fitted smooth
 * step chi_eff = N + A (1 - (T/Tc)^p), with the response sign +1 (chi_eff grows below Tc) whatever the configured
 * sign of the field measures. The normal-state value N absorbs a static offset of the reconstruction (e.g. a field
 * offset that does not depend on temperature). Not thread-safe; no allocation per call after construction.
 */
public final class SusceptibilityTc {
    private final LocalTcEstimator estimator;
    private final double[] t;
    private final double[] r;
    private final double[] s;
    private final double[] sw;
    private final double[] swr;
    private final double[] scratch;

    /** @param capacity the most sweeps a pixel can have */
    public SusceptibilityTc(TcSettings settings, int capacity) {
        TcSettings up = new TcSettings(settings.kSigma(), settings.normalWindowK(), settings.minNormalPoints(),
            settings.consecutivePoints(), settings.minPoints(), settings.lowTPoints(), +1, settings.stepExponent(),
            settings.fitGridStepK());
        int n = Math.max(1, capacity);
        this.estimator = new LocalTcEstimator(up, n);
        t = new double[n];
        r = new double[n];
        s = new double[n];
        sw = new double[n];
        swr = new double[n];
        scratch = new double[n];
    }

    /** Temperatures (K) of the combined series after {@link #estimate}; first {@link #points()} entries. */
    public double[] temperaturesK() {
        return t;
    }

    /** Combined chi_eff per temperature after {@link #estimate}. */
    public double[] chiEff() {
        return r;
    }

    /** 1-sigma of the combined chi_eff per temperature after {@link #estimate}. */
    public double[] chiEffErr() {
        return s;
    }

    private int points;

    /** Number of temperatures in the combined series. */
    public int points() {
        return points;
    }

    /**
     * Estimates the Tc from the first n sweeps of a pixel (temperature, chi_eff, its 1-sigma; NaN or non-positive
     * sigma = skipped; {@code include[i]} false = not part of the series, e.g. another protocol). Temperatures within
     * 0.05 K are one point. Mutates out.
     */
    public void estimate(double[] temperatureK, double[] chi, double[] chiErr, boolean[] include, int n, TcResult out) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!include[i] || !Double.isFinite(chi[i]) || !(chiErr[i] > 0) || !Double.isFinite(temperatureK[i])) {
                continue;
            }
            int k = 0;
            while (k < m && Math.abs(t[k] - temperatureK[i]) >= 0.05) {
                k++;
            }
            double w = 1 / (chiErr[i] * chiErr[i]);
            if (k == m) {
                t[m] = temperatureK[i];
                sw[m] = 0;
                swr[m] = 0;
                m++;
            }
            sw[k] += w;
            swr[k] += w * chi[i];
        }
        // ascending temperature (insertion sort: a few tens of points)
        for (int i = 1; i < m; i++) {
            double ti = t[i];
            double wi = sw[i];
            double ri = swr[i];
            int j = i - 1;
            while (j >= 0 && t[j] > ti) {
                t[j + 1] = t[j];
                sw[j + 1] = sw[j];
                swr[j + 1] = swr[j];
                j--;
            }
            t[j + 1] = ti;
            sw[j + 1] = wi;
            swr[j + 1] = ri;
        }
        for (int k = 0; k < m; k++) {
            r[k] = swr[k] / sw[k];
            s[k] = 1 / Math.sqrt(sw[k]);
            // Three or more sweeps at this temperature: their median, robust to one sweep whose field map was wrong
            // at this pixel (misassigned lines); its 1-sigma is that of the mean x sqrt(pi / 2).
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (include[i] && Double.isFinite(chi[i]) && chiErr[i] > 0 && Math.abs(temperatureK[i] - t[k]) < 0.05) {
                    scratch[c++] = chi[i];
                }
            }
            if (c >= 3) {
                java.util.Arrays.sort(scratch, 0, c);
                r[k] = c % 2 == 1 ? scratch[c / 2] : 0.5 * (scratch[c / 2 - 1] + scratch[c / 2]);
                s[k] *= Math.sqrt(Math.PI / 2);
            }
        }
        points = m;
        estimator.estimate(t, r, s, m, out);
    }
}
