package org.culet.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.culet.spark.QuarantineRecord;

/**
 * Everything one task computed for its tiles: rows of pixel_fits, pixel_physics, pixel_series, the per-pixel
 * partial row of pixel_table (joined with composition on the driver side of the plan), and quarantine records.
 * Serializable (it travels from executors to the cached RDD). Mutable while the task fills it.
 */
public final class TileOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<Row> fits = new ArrayList<>();
    final List<Row> physics = new ArrayList<>();
    final List<Row> series = new ArrayList<>();
    final List<Row> pixelPartials = new ArrayList<>();
    final List<QuarantineRecord> quarantine = new ArrayList<>();
}
