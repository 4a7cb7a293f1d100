package org.culet.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.culet.spark.QuarantineRecord;

/**
 * Everything one task computed for its tiles: rows of pixel_fits, pixel_physics, pixel_series, the per-pixel
 * partial row of pixel_table (joined with composition on the driver side of the plan), and quarantine records.
 * The rows are in Spark's internal binary format ({@link RowBuilder#buildInternal()}), ready for the fit stage's cache.
 * Serializable (it travels from executors to the cached RDD). Mutable while the task fills it.
 */
public final class TileOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<InternalRow> fits = new ArrayList<>();
    final List<InternalRow> physics = new ArrayList<>();
    final List<InternalRow> series = new ArrayList<>();
    final List<InternalRow> pixelPartials = new ArrayList<>();
    final List<QuarantineRecord> quarantine = new ArrayList<>();
}
