package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.culet.spark.QuarantineRecord;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * The fit stage's rows go to Spark in its internal format ({@link RowBuilder#buildInternal()},
 * {@link SparkInternalRows}): the unified dataset must read exactly as through the public createDataFrame of the
 * same rows as external Rows. Fails when a Spark upgrade changes the internal API or the binary row format.
 */
class SparkInternalRowsTest {
    private static final double[] LINES = {2850.5, Double.NaN, 2890.25, Double.POSITIVE_INFINITY, -0.0, 1e-300};

    /** Rows of every kind, each filled twice (external and internal) from the same calls. */
    private static void fill(List<Row> external, List<InternalRow> internal) {
        for (int variant = 0; variant < 3; variant++) {
            for (boolean asInternal : new boolean[] {false, true}) {
                RowBuilder fit = keys(new RowBuilder(Tables.PIXEL_FITS), variant).set(Tables.SWEEP_ID, "s" + variant)
                    .set("n_lines", variant + 1).set("line_shape", "LORENTZIAN")
                    .setDoubles("line_center_mhz", LINES, variant == 2 ? 0 : LINES.length)
                    .setDoubles("line_center_err_mhz", LINES, 2).setDoubles("line_fwhm_mhz", LINES, 1)
                    .setDouble("chi2", variant == 1 ? Double.NaN : 12.5).setDouble("reduced_chi2", -0.0)
                    .set("iterations", variant == 0 ? null : 7).set("seed_source", variant == 0 ? "PEAKS" : "NEIGHBOUR")
                    .set(Tables.STATUS, "OK");
                List<String> undetermined = new ArrayList<>();
                for (int k = 0; k < variant; k++) {
                    undetermined.add("sigma_xz_gpa" + k);
                }
                RowBuilder physics = keys(new RowBuilder(Tables.PIXEL_PHYSICS), variant).set(Tables.SWEEP_ID, "s" + variant)
                    .setDouble("temperature_k", 20).set("protocol", "ZFC").setDoubles("d_mhz", LINES, 4)
                    .setDouble("b_par_gauss", Double.NEGATIVE_INFINITY).setDouble("b_perp_gauss", 3.5)
                    .set("undetermined", variant == 2 ? null : undetermined).set(Tables.STATUS, "FIT_FAILED");
                List<Row> meissner = new ArrayList<>();
                for (int k = 0; k < variant; k++) {
                    meissner.add(RowFactory.create("s" + k, 20.0 + k, k == 0 ? null : 5.0, "ZFC", -1.5, null, 0.9));
                }
                RowBuilder series = keys(new RowBuilder(Tables.PIXEL_SERIES), variant)
                    .set("meissner_series", meissner).set("screening", variant == 1 ? null : List.of())
                    .setDouble("tc_onset_k", 80.5).set("superconducting", variant == 0 ? null : variant == 1)
                    .set("tc_measure", "FIELD_SHIFT").set(Tables.STATUS, "OK");
                RowBuilder partial = keys(new RowBuilder(Tables.PIXEL_TABLE), variant)
                    .setDouble("y_um", 1.0).set("n_sweeps", 5).setDouble("fit_ok_fraction", Double.NaN)
                    .set("superconducting", true).set(Tables.STATUS, "OK");
                if (asInternal) {
                    internal.add(UnifiedRows.wrapInternal(UnifiedRows.FIT, fit.buildInternal()));
                    internal.add(UnifiedRows.wrapInternal(UnifiedRows.PHYSICS, physics.buildInternal()));
                    internal.add(UnifiedRows.wrapInternal(UnifiedRows.SERIES, series.buildInternal()));
                    internal.add(UnifiedRows.wrapInternal(UnifiedRows.PARTIAL, partial.buildInternal()));
                } else {
                    external.add(UnifiedRows.wrap(UnifiedRows.FIT, fit.build()));
                    external.add(UnifiedRows.wrap(UnifiedRows.PHYSICS, physics.build()));
                    external.add(UnifiedRows.wrap(UnifiedRows.SERIES, series.build()));
                    external.add(UnifiedRows.wrap(UnifiedRows.PARTIAL, partial.build()));
                }
            }
            QuarantineRecord q = QuarantineRecord.of("FIT", "NAN_FRAME", QuarantineRecord.Scope.PIXEL, "NaN", "fix")
                .withSweep("s" + variant).withPixel(variant, 2 * variant);
            if (variant > 0) {
                q = q.withFrame(variant).withFile("sweep.h5");
            }
            external.add(UnifiedRows.wrap(UnifiedRows.QUARANTINE, q.toRow("sample", 15.0)));
            internal.add(UnifiedRows.wrapInternal(UnifiedRows.QUARANTINE,
                new SparkInternalRows.Converter(Tables.QUARANTINE.schema()).toInternal(q.toRow("sample", 15.0))));
        }
    }

    private static RowBuilder keys(RowBuilder b, int variant) {
        return b.set(Tables.SAMPLE_ID, "sample").set(Tables.PRESSURE_GPA, 15.0).set(Tables.TILE_ID, variant)
            .set(Tables.PIXEL_Y, variant).set(Tables.PIXEL_X, 2 * variant);
    }

    @Test
    void internalRowsReadExactlyAsTheSameExternalRowsThroughCreateDataFrame() {
        SparkSession spark = SharedSpark.session();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> external = new ArrayList<>();
        List<InternalRow> internal = new ArrayList<>();
        fill(external, internal);
        assertThat(internal).hasSameSizeAs(external);

        Dataset<Row> viaEncoder = spark.createDataFrame(jsc.parallelize(external, 2), UnifiedRows.SCHEMA);
        Dataset<Row> direct = SparkInternalRows.createDataFrame(spark, jsc.parallelize(internal, 2).rdd(),
            UnifiedRows.SCHEMA);
        assertThat(direct.schema()).isEqualTo(viaEncoder.schema());
        // (JSON keeps -0.0 and the exact doubles; Row equality is checked too)
        assertThat(direct.toJSON().collectAsList()).containsExactlyElementsOf(viaEncoder.toJSON().collectAsList());
        assertThat(direct.collectAsList()).containsExactlyElementsOf(viaEncoder.collectAsList());
        for (String kind : new String[] {UnifiedRows.FIT, UnifiedRows.PHYSICS, UnifiedRows.SERIES, UnifiedRows.PARTIAL,
            UnifiedRows.QUARANTINE}) {
            assertThat(UnifiedRows.select(direct, kind).count()).as(kind).isEqualTo(3);
        }
        // Non-finite doubles are SQL NULL, as scalars and as array elements.
        Row fit = UnifiedRows.select(direct, UnifiedRows.FIT).orderBy(Tables.TILE_ID).first();
        assertThat(fit.isNullAt(fit.fieldIndex("chi2"))).isFalse();
        List<Object> centres = fit.getList(fit.fieldIndex("line_center_mhz"));
        assertThat(centres).containsExactly(2850.5, null, 2890.25, null, -0.0, 1e-300);
    }

    /**
     * Column types the tables do not use today (they go through the one-column encoder path of RowBuilder) read the
     * same both ways too, so a column added later of any of them needs no change there.
     */
    @Test
    void otherColumnTypesReadExactlyAsThroughCreateDataFrame() {
        StructType schema = new StructType()
            .add("f", DataTypes.FloatType).add("sh", DataTypes.ShortType).add("by", DataTypes.ByteType)
            .add("day", DataTypes.DateType).add("at", DataTypes.TimestampType)
            .add("dec", DataTypes.createDecimalType(10, 2)).add("wide", DataTypes.createDecimalType(30, 5))
            .add("bytes", DataTypes.BinaryType).add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType));
        List<Row> external = new ArrayList<>();
        List<InternalRow> internal = new ArrayList<>();
        for (int variant = 0; variant < 3; variant++) {
            for (boolean asInternal : new boolean[] {false, true}) {
                RowBuilder b = new RowBuilder("types", schema).set("f", variant == 1 ? null : 1.5f + variant)
                    .set("sh", (short) (-3 * variant)).set("by", (byte) variant)
                    .set("day", java.sql.Date.valueOf("2026-11-2" + variant))
                    .set("at", variant == 2 ? null : java.sql.Timestamp.valueOf("2026-11-26 12:00:0" + variant))
                    .set("dec", new java.math.BigDecimal("-12.3" + variant))
                    .set("wide", new java.math.BigDecimal("1234567890123456789012.1234" + variant))
                    .set("bytes", new byte[] {1, 2, (byte) variant})
                    .set("tags", variant == 0 ? null : scala.collection.immutable.Map$.MODULE$.<String, Integer>empty()
                        .updated("k", variant));
                if (asInternal) {
                    internal.add(b.buildInternal());
                } else {
                    external.add(b.build());
                }
            }
        }
        SparkSession spark = SharedSpark.session();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> viaEncoder = spark.createDataFrame(jsc.parallelize(external, 1), schema);
        Dataset<Row> direct = SparkInternalRows.createDataFrame(spark, jsc.parallelize(internal, 1).rdd(), schema);
        assertThat(direct.toJSON().collectAsList()).containsExactlyElementsOf(viaEncoder.toJSON().collectAsList());
    }

    @Test
    void aRequiredColumnLeftUnsetFailsAsTheRowEncoderWould() {
        RowBuilder fit = new RowBuilder(Tables.PIXEL_FITS).set(Tables.SAMPLE_ID, "sample");
        assertThatThrownBy(fit::buildInternal).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("pixel_fits").hasMessageContaining("required");
        assertThatThrownBy(() -> new RowBuilder(Tables.PIXEL_FITS).setDouble("n_lines", 1.0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n_lines");
    }
}
