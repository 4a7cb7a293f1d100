package org.culet.acquisition;

/**
 * One row of sweeps.csv. Optional numeric columns are NaN when empty.
 *
 * @param sweepId           unique id of the sweep within the acquisition
 * @param file              sweep file, relative to the acquisition folder
 * @param temperatureK      sample temperature during the sweep, K
 * @param coilCurrentA      coil current during the sweep, A (NaN when only the field is given)
 * @param appliedFieldGauss applied field along the bias direction during the sweep, G (NaN when only the current is given)
 * @param coolingFieldGauss field applied while cooling, G (FC: the sweep field; REMANENT: the field that was removed;
 *                          ZFC: 0; NaN when unknown)
 * @param protocol          measurement protocol
 * @param pressureGpa       cell pressure, GPa (NaN: the acquisition's pressure-gpa)
 * @param frequencyAxis     where the frequency axis is (the file, or explicit)
 * @param line              line number in sweeps.csv (1 = header), for error messages
 * @param formatOverride    this row's format, frames_variable, frequencies_variable and axis_order columns (null
 *                          fields: acquisition.conf's format block); null when the row overrides nothing
 */
public record SweepEntry(String sweepId, String file, double temperatureK, double coilCurrentA,
                         double appliedFieldGauss, double coolingFieldGauss, Protocol protocol, double pressureGpa,
                         FrequencyAxis frequencyAxis, int line, SweepFormat formatOverride) {

    /** A row without format overrides. */
    public SweepEntry(String sweepId, String file, double temperatureK, double coilCurrentA, double appliedFieldGauss,
                      double coolingFieldGauss, Protocol protocol, double pressureGpa, FrequencyAxis frequencyAxis, int line) {
        this(sweepId, file, temperatureK, coilCurrentA, appliedFieldGauss, coolingFieldGauss, protocol, pressureGpa,
            frequencyAxis, line, null);
    }

    /** How to read this sweep's file: acquisition.conf's format block overridden by this row's columns. */
    public SweepFormat format(AcquisitionSpec spec) {
        return spec.format().overriddenBy(formatOverride);
    }

    /** Applied field magnitude along the bias direction, G: the column if given, else current x coil calibration. */
    public double appliedFieldGauss(AcquisitionSpec spec) {
        return !Double.isNaN(appliedFieldGauss) ? appliedFieldGauss : coilCurrentA * spec.coilGaussPerAmp();
    }

    /** Pressure of this sweep, GPa: the column if given, else the acquisition's. */
    public double pressureGpa(AcquisitionSpec spec) {
        return !Double.isNaN(pressureGpa) ? pressureGpa : spec.pressureGpa();
    }

    /** "sweeps.csv line N (sweep_id X)" for error messages. */
    public String where(String csvName) {
        return csvName + " line " + line + " (sweep_id " + sweepId + ")";
    }
}
