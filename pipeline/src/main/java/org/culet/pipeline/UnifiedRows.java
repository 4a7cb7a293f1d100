package org.culet.pipeline;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
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
    private static final UTF8String[] KIND_UTF8 = java.util.Arrays.stream(KINDS).map(UTF8String::fromString)
        .toArray(UTF8String[]::new);

    static final StructType SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("kind", StringType, false),
        createStructField(FIT, Tables.PIXEL_FITS.schema(), true),
        createStructField(PHYSICS, Tables.PIXEL_PHYSICS.schema(), true),
        createStructField(SERIES, Tables.PIXEL_SERIES.schema(), true),
        createStructField(PARTIAL, Tables.PIXEL_TABLE.schema(), true),
        createStructField(QUARANTINE, Tables.QUARANTINE.schema(), true)});

    private UnifiedRows() {
    }

    /** The unified internal row of one table's internal row (Spark copies the table's row into its struct column). */
    static InternalRow wrapInternal(String kind, InternalRow row) {
        Object[] values = new Object[KINDS.length + 1];
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i].equals(kind)) {
                values[0] = KIND_UTF8[i];
                values[i + 1] = row;
                return new GenericInternalRow(values);
            }
        }
        throw new IllegalArgumentException("no kind " + kind);
    }

    /** The unified external row of one table's external row (the public createDataFrame path; tests). */
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
