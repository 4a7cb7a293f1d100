package org.culet.pipeline;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.culet.tables.Tables;

/**
 * The one dataset the fit stage produces: every row carries a {@code kind} and exactly one non-null struct
 * holding a row of pixel_fits, pixel_physics, pixel_series, the pixel_table partial, or quarantine. Fitting
 * runs once; Spark caches this dataset in its compressed columnar form and each table is a filter + select of it.
 */
final class UnifiedRows {
    static final String FIT = "fit";
    static final String PHYSICS = "physics";
    static final String SERIES = "series";
    static final String PARTIAL = "partial";
    static final String QUARANTINE = "quarantine";
    private static final String[] KINDS = {FIT, PHYSICS, SERIES, PARTIAL, QUARANTINE};

    static final StructType SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("kind", StringType, false),
        createStructField(FIT, Tables.PIXEL_FITS.schema(), true),
        createStructField(PHYSICS, Tables.PIXEL_PHYSICS.schema(), true),
        createStructField(SERIES, Tables.PIXEL_SERIES.schema(), true),
        createStructField(PARTIAL, Tables.PIXEL_TABLE.schema(), true),
        createStructField(QUARANTINE, Tables.QUARANTINE.schema(), true)});

    private UnifiedRows() {
    }

    static Row wrap(String kind, Row row) {
        Object[] values = new Object[KINDS.length + 1];
        values[0] = kind;
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i].equals(kind)) {
                values[i + 1] = row;
            }
        }
        return RowFactory.create(values);
    }

    /** The rows of one kind, as a dataset with that table's schema. */
    static Dataset<Row> select(Dataset<Row> unified, String kind) {
        Column c = functions.col("kind").equalTo(kind);
        return unified.filter(c).select(kind + ".*");
    }
}
