package org.culet.kernel.sim;

/**
 * How the sample reached the sweep temperature, which decides its magnetization in the forward model
 * (physics.md Section 5b). Names equal the protocol names of sweeps.csv.
 */
public enum CoolingProtocol {
    /** Zero-field cooled, field applied at temperature: full Meissner screening chi_eff. */
    ZFC,
    /** Field cooled: weak expulsion, a configured fraction of chi_eff. */
    FC,
    /** Field cooled, then the field removed at temperature: trapped flux of the opposite sign. */
    REMANENT,
    /** A sweep for the stress reference (no screening; usually above Tc and at zero coil current). */
    STRESS_REFERENCE
}
