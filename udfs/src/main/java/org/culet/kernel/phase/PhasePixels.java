package org.culet.kernel.phase;

/**
 * Per-pixel inputs of the phase diagram, as parallel arrays of length n (one entry per pixel).
 *
 * @param sigmaZzGpa       normal stress sigma_ZZ, GPa (NaN: not binned)
 * @param tauMaxGpa        |sigma_ZZ - sigma_perp| / 2, GPa (may be NaN when the interface measure is used)
 * @param tauInterfaceGpa  sqrt(sigma_XZ^2 + sigma_YZ^2), GPa (may be NaN when the max measure is used)
 * @param laNiRatio        La:Ni (NaN: fails the stoichiometry mask)
 * @param superconducting  whether the pixel screens (the local-Tc status)
 * @param tcK              local Tc, K (NaN when none)
 * @param usable           quality flags passed (on sample, fits OK); false pixels are counted and skipped
 * @param temperaturesK    temperatures of the series (length nT), or null to derive the (T, ...) diagram
 *                         from Tc (superconducting at T when T < Tc)
 * @param scAtTemperature  per pixel, per temperature: screening at that temperature (n x nT), or null
 */
public record PhasePixels(double[] sigmaZzGpa, double[] tauMaxGpa, double[] tauInterfaceGpa, double[] laNiRatio,
                          boolean[] superconducting, double[] tcK, boolean[] usable, double[] temperaturesK,
                          boolean[][] scAtTemperature) {

    public int size() {
        return sigmaZzGpa.length;
    }

    double tau(int i, PhaseSettings.TauMeasure measure) {
        return measure == PhaseSettings.TauMeasure.MAX ? tauMaxGpa[i] : tauInterfaceGpa[i];
    }
}
