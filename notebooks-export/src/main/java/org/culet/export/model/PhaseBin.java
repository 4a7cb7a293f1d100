package org.culet.export.model;

/**
 * One bin of the phase_diagram table (units in the names; temperatures NaN for the SZZ_TAU diagram).
 */
public record PhaseBin(String diagram, int binIndex, double temperatureLoK, double temperatureHiK,
                       double sigmaZzLoGpa, double sigmaZzHiGpa, double tauLoGpa, double tauHiGpa, long nPixels,
                       long nSuperconducting, double scFraction, double ciLevel, long nTc, double tcMedianK) {
    public static final String SZZ_TAU = "SZZ_TAU";
    public static final String T_SZZ_TAU = "T_SZZ_TAU";
}
