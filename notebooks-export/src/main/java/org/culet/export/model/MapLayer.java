package org.culet.export.model;

/**
 * One per-pixel map of an acquisition, row-major ({@code values[y * width + x]}), NaN where the table has no value.
 *
 * @param name       file name stem, e.g. {@code map_sigma_zz}
 * @param title      figure title, e.g. "sigma_ZZ"
 * @param quantity   what the colour shows, with its unit, e.g. "sigma_ZZ (GPa)" (the colour bar label)
 * @param column     the table column(s) it comes from, e.g. "pixel_table.sigma_zz_gpa"
 * @param values     row-major values
 * @param scale      how values map to colours
 * @param centre     centre of a diverging scale (e.g. 0 for a shift, 1 for a ratio); ignored otherwise
 * @param maskOffSample draw off-sample pixels as "off sample" whatever their value
 */
public record MapLayer(String name, String title, String quantity, String column, double[] values, Scale scale,
                       double centre, boolean maskOffSample) {
    /** Colour scales. */
    public enum Scale {
        /** low to high (viridis). */
        SEQUENTIAL,
        /** below and above {@code centre} (blue, white, red), symmetric around it. */
        DIVERGING,
        /** log10 of the value (viridis); non-positive values have no colour. */
        LOG
    }
}
