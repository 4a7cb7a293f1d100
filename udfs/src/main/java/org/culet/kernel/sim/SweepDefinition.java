package org.culet.kernel.sim;

/**
 * One synthetic sweep: its index (0-based, defines its id and its random stream), cooling protocol, sample
 * temperature (K), coil current during the sweep (A) and the coil current applied while cooling (A; the
 * field that the REMANENT protocol traps). Immutable.
 */
public record SweepDefinition(int index, CoolingProtocol protocol, double temperatureK, double coilCurrentA,
                              double coolingCurrentA) {
    public String id() {
        return SimulationSpec.sweepId(index);
    }
}
