package org.culet.export.figures;

import com.typesafe.config.Config;

/**
 * Figure size and colour-range rule ({@code culet.export} in reference.conf).
 *
 * @param widthPx        figure width, px
 * @param heightPx       figure height, px
 * @param lowPercentile  colour range: this percentile of a map's shown values ...
 * @param highPercentile ... to this one
 */
public record FigureSettings(int widthPx, int heightPx, double lowPercentile, double highPercentile) {
    public static FigureSettings fromConfig(Config export) {
        return new FigureSettings(export.getInt("figure-width-px"), export.getInt("figure-height-px"),
            export.getDouble("colour-range-low-percentile"), export.getDouble("colour-range-high-percentile"));
    }
}
