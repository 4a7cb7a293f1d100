package org.culet.kernel.physics;

/** Local Tc of one pixel ({@link LocalTcEstimator}); mutable, reused. Temperatures in K, response in its own unit. */
public final class TcResult {
    /** Outcome. */
    public enum Status {
        /** A transition was found: onset, midpoint and fit are reported. */
        OK,
        /** The response never departs from the normal state by k sigma: the pixel does not screen, no Tc. */
        NO_TRANSITION,
        /** Too few temperatures, or too few in the normal-state window. */
        INSUFFICIENT_DATA,
        /** NaN/negative uncertainties only, or capacity exceeded. */
        BAD_INPUT
    }

    public Status status = Status.BAD_INPUT;
    /** Highest T where the response departs by > k sigma (for consecutive-points points), and its 1-sigma (uniform within the step above it). */
    public double tcOnsetK = Double.NaN;
    public double tcOnsetSigmaK = Double.NaN;
    /** T where the response crosses 50 % of the low-T response (interpolated), and its 1-sigma. */
    public double tcMidpointK = Double.NaN;
    public double tcMidpointSigmaK = Double.NaN;
    /** Tc of the fitted smooth step (response vanishes), and its 1-sigma (delta chi^2 = 1, scaled by the reduced chi^2 when > 1). */
    public double tcFitK = Double.NaN;
    public double tcFitSigmaK = Double.NaN;
    public double fitReducedChi2 = Double.NaN;
    /** Normal-state value (weighted mean of the warm points) and the pixel's noise (max of stated errors and warm scatter). */
    public double normalValue = Double.NaN;
    public double noise = Double.NaN;
    /** Mean response of the coldest points minus the normal value (signed), and |amplitude| / noise. */
    public double amplitude = Double.NaN;
    public double significance = Double.NaN;
    /** Points used. */
    public int points;
    /**
     * True when the onset was found only at the cold end of the series (fewer than consecutive-points points left
     * there): the pixel screens, but the series does not resolve its transition, so midpoint and fit are not reported
     * (the onset is the warmest departing point, a lower bound on Tc).
     */
    public boolean onsetAtColdEnd;

    /** True when the pixel screens (a transition was found). */
    public boolean superconducting() {
        return status == Status.OK;
    }

    void reset(Status s) {
        status = s;
        tcOnsetK = tcOnsetSigmaK = tcMidpointK = tcMidpointSigmaK = tcFitK = tcFitSigmaK = fitReducedChi2 = Double.NaN;
        normalValue = noise = amplitude = significance = Double.NaN;
        points = 0;
        onsetAtColdEnd = false;
    }
}
