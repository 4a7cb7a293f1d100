package org.culet.export.model;

/** One row of the sweeps table, the columns the figures and the report use. */
public record SweepInfo(String sweepId, String protocol, double temperatureK, double appliedFieldGauss, String status) {
}
