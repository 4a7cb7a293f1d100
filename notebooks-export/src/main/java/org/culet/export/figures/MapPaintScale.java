package org.culet.export.figures;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * Values to colours between {@code lower} and {@code upper} (clamped). Two special values: NaN (an on-sample pixel
 * without a value) is white and negative infinity (off sample) grey.
 */
class MapPaintScale implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    /** The z value of an off-sample pixel. */
    static final double OFF_SAMPLE = Double.NEGATIVE_INFINITY;

    private final double lower;
    private final double upper;
    private final Color[] anchors;

    MapPaintScale(double lower, double upper, Color[] anchors) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
        this.anchors = anchors.clone();
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        if (value == OFF_SAMPLE) {
            return ColourMaps.OFF_SAMPLE;
        }
        if (Double.isNaN(value)) {
            return ColourMaps.NO_VALUE;
        }
        return ColourMaps.at(anchors, (value - lower) / (upper - lower));
    }
}
