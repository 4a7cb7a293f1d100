package org.culet.pipeline;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructType;

/**
 * The one place culet uses Spark's internal row API (catalyst {@link InternalRow}, not a public Spark API): the fit
 * stage's rows are built directly in Spark's binary row format ({@link RowBuilder#buildInternal()}) and handed to
 * Spark as they are. Through the public {@code createDataFrame(rdd of Row, schema)} every row was built from boxed
 * values and then converted by Spark's row encoder on the task thread (a pixel_fits and a pixel_physics row per
 * spectrum): RowEncodingBench measured 394 ms of CPU per 100k rows built, encoded and cached that way, 227 ms this
 * way (the encoder's 157 ms gone; the columnar cache's ~150 ms remain).
 *
 * <p>{@code internalCreateDataFrame} is {@code private[sql]} in Scala, public in the bytecode. A Spark upgrade that
 * changes it breaks the build here, or {@code SparkInternalRowsTest} (which also checks that the tables read the same
 * as through the public path).
 */
final class SparkInternalRows {
    private SparkInternalRows() {
    }

    /** A DataFrame over rows already in Spark's internal format (each row matching schema exactly). */
    static Dataset<Row> createDataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalStateException("the fit stage needs a classic (non-Connect) SparkSession, got "
                + spark.getClass().getName());
        }
        return classic.internalCreateDataFrame(rows, schema, false);
    }

    /**
     * Converts external rows of one schema into internal rows with Spark's own row encoder (for the few rows not
     * built by a {@link RowBuilder}, e.g. quarantine records). Not thread-safe; each returned row is a copy.
     */
    static final class Converter {
        private final ExpressionEncoder.Serializer<Row> serializer;

        Converter(StructType schema) {
            this.serializer = ExpressionEncoder.apply(schema).createSerializer();
        }

        InternalRow toInternal(Row row) {
            return serializer.apply(row).copy();
        }
    }
}
