package org.culet.acquisition;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Measurement protocol of a sweep, the {@code protocol} column of sweeps.csv. */
public enum Protocol {
    /** Zero-field cooled to the sweep temperature, then the coil field applied: full Meissner screening. */
    ZFC,
    /** Field cooled in the sweep's field: weak flux expulsion. */
    FC,
    /** Field cooled, field removed at the sweep temperature: trapped (remanent) flux. */
    REMANENT,
    /** A sweep recorded to calibrate the stress reference (D0, no screening; usually above Tc, zero field). */
    STRESS_REFERENCE;

    /** Comma-separated list of the names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Parses a protocol name (case-insensitive, '-' or ' ' accepted for '_'); null when unknown. */
    public static Protocol parseOrNull(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Protocol p : values()) {
            if (p.name().equals(t)) {
                return p;
            }
        }
        return null;
    }
}
