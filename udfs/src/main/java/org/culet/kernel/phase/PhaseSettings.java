package org.culet.kernel.phase;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * Settings of the phase-diagram binning, from {@code culet.phase} in reference.conf. Edges ascending, in
 * GPa (sigma_ZZ, tau) and K (temperature). Immutable.
 */
public record PhaseSettings(double[] sigmaZzEdgesGpa, double[] tauEdgesGpa, double[] temperatureEdgesK,
                            TauMeasure tauMeasure, double stoichiometryCenter, double stoichiometryHalfWidth,
                            double confidenceLevel, int minCount, double collapseFraction,
                            double criticalShearMinSigmaZzGpa) {

    /** Which shear measure the diagram uses (physics.md Section 5). */
    public enum TauMeasure {
        /** tau_max = |sigma_ZZ - sigma_perp| / 2. */
        MAX,
        /** tau_interface = sqrt(sigma_XZ^2 + sigma_YZ^2). */
        INTERFACE
    }

    public PhaseSettings {
        checkEdges(sigmaZzEdgesGpa, "sigma-zz-edges-gpa");
        checkEdges(tauEdgesGpa, "tau-edges-gpa");
        checkEdges(temperatureEdgesK, "temperature-edges-k");
    }

    private static void checkEdges(double[] e, String key) {
        if (e.length < 2) {
            throw new IllegalArgumentException("culet.phase." + key + " needs at least 2 edges");
        }
        for (int i = 1; i < e.length; i++) {
            if (!(e[i] > e[i - 1])) {
                throw new IllegalArgumentException("culet.phase." + key + " must be strictly ascending");
            }
        }
    }

    /** Reads {@code culet.phase} of the root configuration. */
    public static PhaseSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.phase");
        return new PhaseSettings(edges(c, "sigma-zz-edges-gpa"), edges(c, "tau-edges-gpa"), edges(c, "temperature-edges-k"),
            TauMeasure.valueOf(c.getString("tau-measure").trim().toUpperCase(Locale.ROOT)),
            c.getDouble("stoichiometry-center"), c.getDouble("stoichiometry-half-width"),
            c.getDouble("confidence-level"), c.getInt("min-count"), c.getDouble("collapse-fraction"),
            c.getDouble("critical-shear-min-sigma-zz-gpa"));
    }

    private static double[] edges(Config c, String key) {
        return c.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A copy with other edges (same masks and measures). */
    public PhaseSettings withEdges(double[] sigmaZz, double[] tau, double[] temperature) {
        return new PhaseSettings(sigmaZz, tau, temperature, tauMeasure, stoichiometryCenter, stoichiometryHalfWidth,
            confidenceLevel, minCount, collapseFraction, criticalShearMinSigmaZzGpa);
    }

    /** Bin index of v in edges (last bin closed on the right), -1 outside or NaN. */
    public static int bin(double[] edges, double v) {
        if (!(v >= edges[0] && v <= edges[edges.length - 1])) {
            return -1;
        }
        int lo = 0;
        int hi = edges.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (v >= edges[mid]) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
