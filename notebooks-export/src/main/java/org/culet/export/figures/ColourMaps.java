package org.culet.export.figures;

import java.awt.Color;

/** Colour maps as anchor colours, linearly interpolated in RGB. */
final class ColourMaps {
    /** matplotlib's viridis at 0, 1/8, ..., 1. */
    static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x46327e), new Color(0x365c8d),
        new Color(0x277f8e), new Color(0x1fa187), new Color(0x4ac16d), new Color(0xa0da39), new Color(0xfde725)};
    /** Blue - white - red (ColorBrewer RdBu reversed). */
    static final Color[] DIVERGING = {new Color(0x2166ac), new Color(0x4393c3), new Color(0x92c5de),
        new Color(0xf7f7f7), new Color(0xf4a582), new Color(0xd6604d), new Color(0xb2182b)};
    /** Off-sample pixels. */
    static final Color OFF_SAMPLE = new Color(0xc8c8c8);
    /** On-sample pixels without a value. */
    static final Color NO_VALUE = Color.WHITE;
    /** Categories (fit status): OK first. */
    static final Color[] CATEGORIES = {new Color(0x4daf4a), new Color(0xe41a1c), new Color(0x377eb8),
        new Color(0xff7f00), new Color(0x984ea3), new Color(0xa65628), new Color(0xf781bf), new Color(0x999999),
        new Color(0xffff33)};

    private ColourMaps() {
    }

    /** Colour at {@code t} in [0, 1] (clamped) of {@code anchors}. */
    static Color at(Color[] anchors, double t) {
        double u = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min(anchors.length - 2, (int) Math.floor(u));
        double f = u - i;
        Color a = anchors[i];
        Color b = anchors[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
            mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
