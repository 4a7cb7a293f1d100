package org.culet.acquisition;

import java.util.Locale;

/**
 * The {@code frequency_axis} column of sweeps.csv: either {@code file} (the sweep file's
 * {@code frequencies_hz} dataset is the axis) or an explicit linear axis {@code START_HZ:STOP_HZ:POINTS}
 * (start and stop included). Immutable.
 */
public record FrequencyAxis(boolean inFile, double startHz, double stopHz, int points) {
    public static final FrequencyAxis IN_FILE = new FrequencyAxis(true, Double.NaN, Double.NaN, -1);

    /** Parses "file" or "START:STOP:POINTS"; null when malformed. */
    public static FrequencyAxis parseOrNull(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("file")) {
            return IN_FILE;
        }
        String[] parts = t.split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            double start = Double.parseDouble(parts[0].trim());
            double stop = Double.parseDouble(parts[1].trim());
            int points = Integer.parseInt(parts[2].trim());
            if (points < 2 || !(stop > start)) {
                return null;
            }
            return new FrequencyAxis(false, start, stop, points);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The explicit axis in Hz (only when not {@link #inFile()}). */
    public double[] valuesHz() {
        double[] f = new double[points];
        for (int i = 0; i < points; i++) {
            f[i] = startHz + (stopHz - startHz) * i / (points - 1);
        }
        return f;
    }

    /** The text written to sweeps.csv. */
    public String format() {
        return inFile ? "file" : String.format(Locale.ROOT, "%s:%s:%d", startHz, stopHz, points);
    }
}
