package org.culet.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.culet.spark.SharedSpark;
import org.junit.jupiter.api.Test;

class TablesTest {
    /** Unit -> the suffix its columns carry ("_err" may follow, e.g. la_at_pct_err). */
    private static final Map<String, String> SUFFIX = Map.of("gauss", "_gauss", "GPa", "_gpa", "K", "_k", "MHz",
        "_mhz", "px", "_px", "um", "_um", "at%", "_at_pct", "s", "_s", "A", "_a");

    @Test
    void everyTableStartsWithItsPartitionColumns() {
        assertThat(Tables.ALL).extracting(TableDef::name).doesNotHaveDuplicates()
            .contains("sweeps", "pixel_fits", "pixel_physics", "pixel_series", "composition", "pixel_table",
                "phase_diagram", "quarantine", "run_log");
        for (TableDef t : Tables.ALL) {
            assertThat(t.partitionColumns()).as(t.name()).containsExactly("sample_id", "pressure_gpa");
            assertThat(t.columnNames().subList(0, 2)).containsExactly("sample_id", "pressure_gpa");
            assertThat(t.field("sample_id").nullable()).isFalse();
            assertThat(t.dataSchema().fieldNames()).doesNotContain("sample_id", "pressure_gpa");
            if (t.columnNames().contains("status")) {
                assertThat(t.field("status").nullable()).as(t.name() + ".status is required").isFalse();
            }
        }
        for (TableDef t : List.of(Tables.PIXEL_FITS, Tables.PIXEL_PHYSICS, Tables.PIXEL_SERIES, Tables.COMPOSITION,
            Tables.PIXEL_TABLE)) {
            assertThat(t.keyColumns()).as(t.name()).contains("tile_id", "pixel_y", "pixel_x");
        }
        assertThat(Tables.PIXEL_FITS.keyColumns()).contains("sweep_id");
        assertThat(Tables.RUN_LOG.writeMode()).isEqualTo(TableDef.WriteMode.APPEND);
        assertThat(Tables.get("pixel_table")).isSameAs(Tables.PIXEL_TABLE);
    }

    @Test
    void physicalColumnsCarryTheirUnitInTheName() {
        for (TableDef t : Tables.ALL) {
            for (StructField f : t.schema().fields()) {
                String unit = t.unit(f.name());
                String where = t.name() + "." + f.name();
                assertThat(t.doc(f.name())).as(where).isNotBlank();
                assertThat(t.comment(f.name())).as(where).startsWith(t.doc(f.name()));
                String suffix = SUFFIX.get(unit);
                if (suffix != null) {
                    assertThat(f.name().endsWith(suffix) || f.name().contains(suffix + "_")).as(where + " [" + unit + "]")
                        .isTrue();
                }
                // Conversely a unit suffix is never on a column of another unit.
                for (Map.Entry<String, String> e : SUFFIX.entrySet()) {
                    if (f.name().endsWith(e.getValue()) && !f.name().endsWith("_err")) {
                        assertThat(unit).as(where).isIn(e.getKey(), "counts/MHz^k");
                    }
                }
            }
        }
        assertThat(Tables.PIXEL_PHYSICS.columnNames()).contains("b_par_gauss", "sigma_zz_gpa", "tau_max_gpa",
            "field_shift_gauss", "field_ratio");
        assertThat(Tables.PIXEL_SERIES.columnNames()).contains("tc_onset_k", "tc_midpoint_err_k");
        assertThat(Tables.COMPOSITION.columnNames()).contains("la_ni_ratio", "registration_residual_px");
        assertThat(Tables.PIXEL_PHYSICS.unit("sigma_zz_gpa")).isEqualTo("GPa");
    }

    @Test
    void evolutionIsAdditiveAndNullable() {
        for (TableDef t : Tables.ALL) {
            for (StructField f : t.schema().fields()) {
                int since = t.sinceVersion(f.name());
                assertThat(since).isBetween(1, Tables.SCHEMA_VERSION);
                if (since > 1) {
                    assertThat(f.nullable()).as(t.name() + "." + f.name() + " added later must be nullable").isTrue();
                }
            }
        }
    }

    @Test
    void readmeHoldsTheGeneratedCatalogue() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(TableCatalogue.BEGIN);
        int end = text.indexOf(TableCatalogue.END);
        assertThat(begin).as("README catalogue markers").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        String inReadme = text.substring(begin + TableCatalogue.BEGIN.length(), end).strip();
        assertThat(inReadme).as("README catalogue is stale: regenerate it with org.culet.tables.TableCatalogue")
            .isEqualTo(TableCatalogue.markdown().strip());
        for (TableDef t : Tables.ALL) {
            for (String c : t.columnNames()) {
                assertThat(inReadme).contains("| `" + c + "` |");
            }
        }
    }

    @Test
    void conformerOrdersCastsAndFillsNullableColumns() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(7, 3, 2, 1, "OK", 12.5f)),
            DataTypes.createStructType(List.of(
                DataTypes.createStructField("sweep_id", DataTypes.IntegerType, false),
                DataTypes.createStructField("pixel_x", DataTypes.IntegerType, false),
                DataTypes.createStructField("pixel_y", DataTypes.IntegerType, false),
                DataTypes.createStructField("tile_id", DataTypes.IntegerType, false),
                DataTypes.createStructField("status", DataTypes.StringType, false),
                DataTypes.createStructField("b_par_gauss", DataTypes.FloatType, true))));
        Dataset<Row> shaped = TableConformer.toDataSchema(df, Tables.PIXEL_PHYSICS);
        assertThat(shaped.schema().fieldNames()).containsExactly(Tables.PIXEL_PHYSICS.dataSchema().fieldNames());
        Row r = shaped.first();
        assertThat((Double) r.getAs("b_par_gauss")).isEqualTo(12.5);
        assertThat((Integer) r.getAs("pixel_x")).isEqualTo(3);
        assertThat(r.isNullAt(r.fieldIndex("sigma_zz_gpa"))).isTrue();
        assertThat(shaped.schema().apply("sigma_zz_gpa").metadata().getString("unit")).isEqualTo("GPa");

        assertThatThrownBy(() -> TableConformer.toDataSchema(df.withColumnRenamed("b_par_gauss", "b_par_g"),
            Tables.PIXEL_PHYSICS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b_par_g");
        assertThatThrownBy(() -> TableConformer.toDataSchema(df.drop("status"), Tables.PIXEL_PHYSICS))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }
}
