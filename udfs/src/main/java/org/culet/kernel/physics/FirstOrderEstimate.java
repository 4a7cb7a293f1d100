package org.culet.kernel.physics;

/**
 * Result of the fast first-order route (physics.md Section 5): D and E of the on-axis pair, D of the
 * off-axis lines, the 2x2 solve for sigma_ZZ and sigma_perp, B_par from E111. Mutable, reused per pixel.
 *
 * <p>Fields with suffix {@code FirstOrder} are the textbook formulas alone (no field correction: valid
 * for small fields off the NV axes); the others add a few fixed-point corrections with the exact
 * Hamiltonian (the transverse-field shift of the off-axis D, about +50 MHz at 120 G, would otherwise bias
 * sigma_ZZ by several GPa). Units: MHz, G, GPa. NaN when not available.
 */
public final class FirstOrderEstimate {
    /** True when the route produced numbers. */
    public boolean valid;
    /** Centre and half-splitting of the on-axis pair (111 culets), MHz. */
    public double d111Mhz = Double.NaN;
    public double e111Mhz = Double.NaN;
    /** Mean centre of the off-axis lines (111) or of all lines (100), MHz. */
    public double dOffMhz = Double.NaN;
    /** B_par = sqrt(E111^2 - M_perp^2) / gamma with M_perp = 0, G. */
    public double bParFirstOrderGauss = Double.NaN;
    /** 2x2 solve of physics.md Section 5 (111), or hydrostatic P for both (100), GPa. */
    public double sigmaZzFirstOrderGpa = Double.NaN;
    public double sigmaPerpFirstOrderGpa = Double.NaN;
    /** Field magnitude along the applied-field direction after exact-Hamiltonian corrections, G. */
    public double bAlongBiasGauss = Double.NaN;
    /** sigma_ZZ and sigma_perp after exact-Hamiltonian corrections (zero shear assumed), GPa. */
    public double sigmaZzGpa = Double.NaN;
    public double sigmaPerpGpa = Double.NaN;

    void reset() {
        valid = false;
        d111Mhz = e111Mhz = dOffMhz = bParFirstOrderGauss = Double.NaN;
        sigmaZzFirstOrderGpa = sigmaPerpFirstOrderGpa = Double.NaN;
        bAlongBiasGauss = sigmaZzGpa = sigmaPerpGpa = Double.NaN;
    }

    /** Copies {@code o} into this (mutates this only). */
    public void copyFrom(FirstOrderEstimate o) {
        valid = o.valid;
        d111Mhz = o.d111Mhz;
        e111Mhz = o.e111Mhz;
        dOffMhz = o.dOffMhz;
        bParFirstOrderGauss = o.bParFirstOrderGauss;
        sigmaZzFirstOrderGpa = o.sigmaZzFirstOrderGpa;
        sigmaPerpFirstOrderGpa = o.sigmaPerpFirstOrderGpa;
        bAlongBiasGauss = o.bAlongBiasGauss;
        sigmaZzGpa = o.sigmaZzGpa;
        sigmaPerpGpa = o.sigmaPerpGpa;
    }
}
