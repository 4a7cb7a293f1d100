package org.culet.export.figures;

import java.nio.file.Path;

/**
 * A written figure.
 *
 * @param name    file name stem
 * @param title   short title
 * @param caption what it shows, where from (table and column), how to read it
 * @param png     the PNG file
 * @param svg     the SVG file
 */
public record Figure(String name, String title, String caption, Path png, Path svg) {
}
