package org.culet.tables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One culet table: its name, its Spark schema (column order as listed, never derived from a Java bean), the
 * unit and meaning of every column (kept in the StructField metadata under {@code comment}, {@code unit} and
 * {@code since_schema_version}, so they travel inside the Parquet footers and show in {@code DESCRIBE}), its
 * partition columns and how a run publishes it. Immutable.
 */
public final class TableDef {
    /** How a run publishes its rows of this table. */
    public enum WriteMode {
        /** The run's partition (sample_id, pressure_gpa) replaces the published one as a whole. */
        REPLACE_PARTITION,
        /** The run's files are added to the partition (history tables such as run_log). */
        APPEND
    }

    /** Metadata key of a column's description (the key Spark's DESCRIBE shows). */
    public static final String META_COMMENT = "comment";
    /** Metadata key of a column's description without the unit (used by the README catalogue). */
    public static final String META_DOC = "doc";
    /** Metadata key of a column's unit ("gauss", "GPa", "K", "MHz", "px", "um", "at%", "s", "1", "" ...). */
    public static final String META_UNIT = "unit";
    /** Metadata key of the schema version that added the column. */
    public static final String META_SINCE = "since_schema_version";

    private final String name;
    private final String description;
    private final StructType schema;
    private final List<String> partitionColumns;
    private final List<String> keyColumns;
    private final WriteMode writeMode;

    private TableDef(String name, String description, StructType schema, List<String> partitionColumns,
                     List<String> keyColumns, WriteMode writeMode) {
        this.name = name;
        this.description = description;
        this.schema = schema;
        this.partitionColumns = List.copyOf(partitionColumns);
        this.keyColumns = List.copyOf(keyColumns);
        this.writeMode = writeMode;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The full schema, partition columns included, in catalogue order. */
    public StructType schema() {
        return schema;
    }

    /** The schema of the Parquet files: the full schema without the partition columns (they live in paths). */
    public StructType dataSchema() {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!partitionColumns.contains(f.name())) {
                fields.add(f);
            }
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** Hive-style partition columns, outermost first: always sample_id, pressure_gpa. */
    public List<String> partitionColumns() {
        return partitionColumns;
    }

    /** Columns that identify a row within the table (partition columns included). */
    public List<String> keyColumns() {
        return keyColumns;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    public List<String> columnNames() {
        return List.of(schema.fieldNames());
    }

    public StructField field(String column) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(column)) {
                return f;
            }
        }
        throw new IllegalArgumentException("table " + name + " has no column " + column);
    }

    public String unit(String column) {
        return field(column).metadata().getString(META_UNIT);
    }

    public String comment(String column) {
        return field(column).metadata().getString(META_COMMENT);
    }

    /** The column's description without its unit. */
    public String doc(String column) {
        return field(column).metadata().getString(META_DOC);
    }

    public int sinceVersion(String column) {
        return (int) field(column).metadata().getLong(META_SINCE);
    }

    @Override
    public String toString() {
        return name;
    }

    static Builder builder(String name, String description) {
        return new Builder(name, description);
    }

    /** Builds a table column by column; used only by {@link Tables}. */
    static final class Builder {
        private final String name;
        private final String description;
        private final Map<String, StructField> fields = new LinkedHashMap<>();
        private final List<String> partitionColumns = new ArrayList<>();
        private final List<String> keyColumns = new ArrayList<>();
        private WriteMode writeMode = WriteMode.REPLACE_PARTITION;

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        /** A partition column (non-nullable, part of the key). */
        Builder partition(String column, DataType type, String unit, String comment) {
            add(column, type, false, unit, comment, 1);
            partitionColumns.add(column);
            keyColumns.add(column);
            return this;
        }

        /** A non-nullable key column (present since version 1). */
        Builder key(String column, DataType type, String unit, String comment) {
            add(column, type, false, unit, comment, 1);
            keyColumns.add(column);
            return this;
        }

        /** A non-nullable column present since version 1 (not part of the key). */
        Builder required(String column, DataType type, String unit, String comment) {
            return add(column, type, false, unit, comment, 1);
        }

        /** A nullable column present since version 1. */
        Builder col(String column, DataType type, String unit, String comment) {
            return add(column, type, true, unit, comment, 1);
        }

        /** A nullable column added by schema version {@code since} (additive evolution: always nullable). */
        Builder added(int since, String column, DataType type, String unit, String comment) {
            return add(column, type, true, unit, comment, since);
        }

        Builder writeMode(WriteMode mode) {
            this.writeMode = mode;
            return this;
        }

        private Builder add(String column, DataType type, boolean nullable, String unit, String comment,
                            int since) {
            Objects.requireNonNull(unit, "unit");
            if (fields.containsKey(column)) {
                throw new IllegalStateException("duplicate column " + column + " in " + name);
            }
            Metadata meta = new MetadataBuilder()
                .putString(META_COMMENT, comment + (unit.isEmpty() || unit.equals("1") ? "" : " [" + unit + "]"))
                .putString(META_DOC, comment)
                .putString(META_UNIT, unit)
                .putLong(META_SINCE, since)
                .build();
            fields.put(column, new StructField(column, type, nullable, meta));
            return this;
        }

        TableDef build() {
            StructType schema = new StructType(fields.values().toArray(new StructField[0]));
            return new TableDef(name, description, schema, Collections.unmodifiableList(partitionColumns),
                keyColumns, writeMode);
        }
    }
}
