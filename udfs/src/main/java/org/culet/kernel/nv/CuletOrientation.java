package org.culet.kernel.nv;

import java.util.Locale;

/**
 * Crystal cut of the culet carrying the NV layer, and the four NV axes in the lab frame (Z = anvil axis).
 * Axes as listed in physics.md Section 4; the order defines the NV group index 1..4 used everywhere
 * (tables, CLI output, line assignment).
 */
public enum CuletOrientation {
    /** (111)-cut culet: group 1 is the on-axis NV family, parallel to the anvil axis. */
    C111("111", new double[][] {
        {0, 0, 1},
        {2 * Math.sqrt(2) / 3, 0, -1.0 / 3},
        {-Math.sqrt(2) / 3, Math.sqrt(6) / 3, -1.0 / 3},
        {-Math.sqrt(2) / 3, -Math.sqrt(6) / 3, -1.0 / 3}}),
    /** (100)-cut culet: all four NV families make 54.7 degrees with the anvil axis. */
    C100("100", new double[][] {
        {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)},
        {-1 / Math.sqrt(3), -1 / Math.sqrt(3), 1 / Math.sqrt(3)},
        {-1 / Math.sqrt(3), 1 / Math.sqrt(3), -1 / Math.sqrt(3)},
        {1 / Math.sqrt(3), -1 / Math.sqrt(3), -1 / Math.sqrt(3)}});

    private final String label;
    private final double[][] axes;

    CuletOrientation(String label, double[][] axes) {
        this.label = label;
        this.axes = axes;
    }

    /** "111" or "100", as written in acquisition.conf and on the command line. */
    public String label() {
        return label;
    }

    /** Unit vector of NV axis {@code group} (0-based) in the lab frame; a fresh copy. */
    public double[] axis(int group) {
        return axes[group].clone();
    }

    /** True when NV group {@code group} (0-based) lies along the anvil axis (only group 0 of a 111 culet). */
    public boolean isOnAxis(int group) {
        return this == C111 && group == 0;
    }

    /** Parses "111", "(111)", "C111" or "100" (case-insensitive). */
    public static CuletOrientation parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("(", "").replace(")", "");
        if (t.startsWith("C")) {
            t = t.substring(1);
        }
        for (CuletOrientation o : values()) {
            if (o.label.equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown culet orientation '" + text + "': use 111 or 100");
    }
}
