package org.culet.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.culet.tables.TableDef;

/**
 * Builds rows of one table by column name, so fill code never depends on column order (the schema is defined
 * once, in {@link org.culet.tables.Tables}). Non-finite doubles become SQL NULL (an aggregate over a column
 * must not be poisoned by NaN). Reusable: {@link #build()} copies the values and clears the builder.
 * Not thread-safe.
 */
public final class RowBuilder {
    private final String table;
    private final Map<String, Integer> index = new HashMap<>();
    private final Object[] values;

    public RowBuilder(TableDef def) {
        this(def.name(), def.schema());
    }

    public RowBuilder(String table, StructType schema) {
        this.table = table;
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            index.put(fields[i].name(), i);
        }
        this.values = new Object[fields.length];
    }

    private int slot(String column) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException("table " + table + " has no column " + column);
        }
        return i;
    }

    /** Sets a value; a java.util.List becomes the Scala Seq that Spark's row encoder expects for arrays. */
    public RowBuilder set(String column, Object value) {
        values[slot(column)] = value instanceof List<?> list ? seq(list) : value;
        return this;
    }

    /** A Java list as the Scala Seq Spark's external row format uses for ARRAY columns. */
    public static scala.collection.immutable.Seq<Object> seq(List<?> list) {
        return scala.collection.immutable.ArraySeq.unsafeWrapArray(list.toArray());
    }

    /** Sets a double; NaN and infinities become NULL. */
    public RowBuilder setDouble(String column, double value) {
        values[slot(column)] = Double.isFinite(value) ? value : null;
        return this;
    }

    /** Sets an array column from the first n values (non-finite elements become NULL). */
    public RowBuilder setDoubles(String column, double[] source, int n) {
        // An indexed Seq over a fresh array (the encoder reads it by index; a linked List would be walked from its head).
        Object[] boxed = new Object[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = Double.isFinite(source[i]) ? source[i] : null;
        }
        values[slot(column)] = scala.collection.immutable.ArraySeq.unsafeWrapArray(boxed);
        return this;
    }

    public Row build() {
        Row row = RowFactory.create(values.clone());
        java.util.Arrays.fill(values, null);
        return row;
    }
}
