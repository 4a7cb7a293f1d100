package org.culet.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.UnsafeMapData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.culet.tables.TableDef;

/**
 * Builds rows of one table by column name, so fill code never depends on column order (the schema is defined
 * once, in {@link org.culet.tables.Tables}). Non-finite doubles become SQL NULL (an aggregate over a column
 * must not be poisoned by NaN). Reusable: {@link #build()} and {@link #buildInternal()} copy the values and clear
 * the builder. Not thread-safe.
 *
 * <p>Two outputs of the same values: {@link #build()} an external {@link Row} (boxed values, arrays as Scala Seqs),
 * for datasets created from Java rows; {@link #buildInternal()} the row already in Spark's binary {@link UnsafeRow}
 * format, for the fit stage's millions of rows (see {@link SparkInternalRows}): doubles and double arrays are kept
 * unboxed here and written straight into the row's bytes, so no boxed Double, Scala Seq or row encoder is involved
 * per row.
 */
public final class RowBuilder {
    /** What a column holds until the next build. */
    private static final byte EMPTY = 0;
    private static final byte OBJECT = 1;
    private static final byte SCALAR = 2;
    private static final byte ARRAY = 3;

    /** How {@link #buildInternal()} writes a column's object value. */
    private static final byte T_STRING = 0;
    private static final byte T_INT = 1;
    private static final byte T_LONG = 2;
    private static final byte T_DOUBLE = 3;
    private static final byte T_BOOLEAN = 4;
    private static final byte T_DOUBLE_ARRAY = 5;
    private static final byte T_STRING_ARRAY = 6;
    /** Any other type: through Spark's row encoder for that one column (slow, for per-pixel columns only). */
    private static final byte T_ENCODED = 7;

    private final String table;
    private final StructType schema;
    private final Map<String, Integer> index = new HashMap<>();
    private final byte[] types;
    private final byte[] held;
    private final Object[] values;
    private final double[] scalars;
    private final double[][] arrays;
    private final int[] arrayLengths;
    // Binary writing state, created on the first buildInternal (builders of small tables never need it).
    private UnsafeRowWriter writer;
    private UnsafeArrayWriter arrayWriter;
    /** Per string column: the last String written and its UTF-8 form (ids and enum names repeat row after row). */
    private String[] lastStrings;
    private UTF8String[] lastUtf8;
    private ExpressionEncoder.Serializer<Row>[] encoders;

    public RowBuilder(TableDef def) {
        this(def.name(), def.schema());
    }

    public RowBuilder(String table, StructType schema) {
        this.table = table;
        this.schema = schema;
        StructField[] fields = schema.fields();
        int n = fields.length;
        this.types = new byte[n];
        for (int i = 0; i < n; i++) {
            index.put(fields[i].name(), i);
            types[i] = typeCode(fields[i].dataType());
        }
        this.held = new byte[n];
        this.values = new Object[n];
        this.scalars = new double[n];
        this.arrays = new double[n][];
        this.arrayLengths = new int[n];
    }

    private static byte typeCode(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return T_STRING;
        } else if (t.equals(DataTypes.IntegerType)) {
            return T_INT;
        } else if (t.equals(DataTypes.LongType)) {
            return T_LONG;
        } else if (t.equals(DataTypes.DoubleType)) {
            return T_DOUBLE;
        } else if (t.equals(DataTypes.BooleanType)) {
            return T_BOOLEAN;
        } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return T_DOUBLE_ARRAY;
        } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) {
            return T_STRING_ARRAY;
        }
        return T_ENCODED;
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
        int i = slot(column);
        values[i] = value;
        held[i] = value == null ? EMPTY : OBJECT;
        return this;
    }

    /** A Java list as the Scala Seq Spark's external row format uses for ARRAY columns. */
    public static scala.collection.immutable.Seq<Object> seq(List<?> list) {
        return scala.collection.immutable.ArraySeq.unsafeWrapArray(list.toArray());
    }

    /** Sets a double; NaN and infinities become NULL. */
    public RowBuilder setDouble(String column, double value) {
        int i = slot(column);
        if (types[i] != T_DOUBLE) {
            throw new IllegalArgumentException("column " + column + " of table " + table + " is not a DOUBLE");
        }
        values[i] = null;
        if (Double.isFinite(value)) {
            scalars[i] = value;
            held[i] = SCALAR;
        } else {
            held[i] = EMPTY;
        }
        return this;
    }

    /** Sets an array column from the first n values (non-finite elements become NULL). */
    public RowBuilder setDoubles(String column, double[] source, int n) {
        int i = slot(column);
        if (types[i] != T_DOUBLE_ARRAY) {
            throw new IllegalArgumentException("column " + column + " of table " + table + " is not an ARRAY<DOUBLE>");
        }
        // Copied into the column's own buffer, reused from row to row (the caller reuses source as scratch).
        if (arrays[i] == null || arrays[i].length < n) {
            arrays[i] = new double[Math.max(n, 8)];
        }
        System.arraycopy(source, 0, arrays[i], 0, n);
        arrayLengths[i] = n;
        values[i] = null;
        held[i] = ARRAY;
        return this;
    }

    /** The row as an external Row (boxed values; arrays as Scala Seqs of boxed elements, non-finite as null). */
    public Row build() {
        Object[] out = new Object[held.length];
        for (int i = 0; i < held.length; i++) {
            switch (held[i]) {
                case OBJECT -> out[i] = values[i] instanceof List<?> list ? seq(list) : values[i];
                case SCALAR -> out[i] = scalars[i];
                case ARRAY -> {
                    // An indexed Seq over a fresh array (the encoder reads it by index; a linked List would be walked
                    // from its head).
                    int n = arrayLengths[i];
                    double[] source = arrays[i];
                    Object[] boxed = new Object[n];
                    for (int k = 0; k < n; k++) {
                        boxed[k] = Double.isFinite(source[k]) ? source[k] : null;
                    }
                    out[i] = scala.collection.immutable.ArraySeq.unsafeWrapArray(boxed);
                }
                default -> out[i] = null;
            }
        }
        clear();
        return RowFactory.create(out);
    }

    /**
     * The row in Spark's binary row format (an {@link UnsafeRow} with its own byte array), the same values as
     * {@link #build()} would give. A null in a non-nullable column fails here, as Spark's row encoder would fail.
     */
    public InternalRow buildInternal() {
        if (writer == null) {
            writer = new UnsafeRowWriter(held.length, 64 * held.length);
            arrayWriter = new UnsafeArrayWriter(writer, 8);
            lastStrings = new String[held.length];
            lastUtf8 = new UTF8String[held.length];
        }
        writer.reset(); // (as Spark's generated projections: the cursor back to the row's start, then no nulls)
        writer.zeroOutNullBytes();
        StructField[] fields = schema.fields();
        for (int i = 0; i < held.length; i++) {
            switch (held[i]) {
                case SCALAR -> writer.write(i, scalars[i]);
                case ARRAY -> writeDoubles(i, arrays[i], arrayLengths[i]);
                case OBJECT -> writeObject(i, values[i]);
                default -> {
                    if (!fields[i].nullable()) {
                        clear();
                        throw new IllegalStateException("table " + table + ": column " + fields[i].name()
                            + " is required (non-nullable) but was not set");
                    }
                    writer.setNullAt(i);
                }
            }
        }
        clear();
        return writer.getRow().copy();
    }

    /** As Spark's generated row writer does: the array in the row's variable-length part, nulls flagged. */
    private void writeDoubles(int ordinal, double[] source, int n) {
        int previousCursor = writer.cursor();
        arrayWriter.initialize(n);
        for (int k = 0; k < n; k++) {
            if (Double.isFinite(source[k])) {
                arrayWriter.write(k, source[k]);
            } else {
                arrayWriter.setNull8Bytes(k);
            }
        }
        writer.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
    }

    private void writeObject(int i, Object value) {
        switch (types[i]) {
            case T_STRING -> writer.write(i, utf8(i, (String) value));
            case T_INT -> writer.write(i, ((Integer) value).intValue());
            case T_LONG -> writer.write(i, ((Long) value).longValue());
            case T_DOUBLE -> writer.write(i, ((Double) value).doubleValue());
            case T_BOOLEAN -> writer.write(i, ((Boolean) value).booleanValue());
            case T_STRING_ARRAY -> {
                if (value instanceof List<?> list) {
                    writeStrings(i, list);
                } else {
                    writeEncoded(i, value);
                }
            }
            default -> writeEncoded(i, value);
        }
    }

    private UTF8String utf8(int column, String s) {
        if (s != lastStrings[column]) {
            lastStrings[column] = s;
            lastUtf8[column] = UTF8String.fromString(s);
        }
        return lastUtf8[column];
    }

    private void writeStrings(int ordinal, List<?> list) {
        boolean containsNull = ((ArrayType) schema.fields()[ordinal].dataType()).containsNull();
        int previousCursor = writer.cursor();
        int n = list.size();
        arrayWriter.initialize(n);
        for (int k = 0; k < n; k++) {
            Object s = list.get(k);
            if (s == null) {
                if (!containsNull) {
                    throw new IllegalStateException("table " + table + ": column " + schema.fields()[ordinal].name()
                        + " holds a null element but its elements are non-nullable");
                }
                arrayWriter.setNull8Bytes(k);
            } else {
                arrayWriter.write(k, UTF8String.fromString((String) s));
            }
        }
        writer.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
    }

    /**
     * A column of any other type (arrays of structs, maps, dates, decimals ...) through Spark's own row encoder for a
     * one-column schema, then copied into the row: the exact binary form createDataFrame would give.
     */
    @SuppressWarnings("unchecked")
    private void writeEncoded(int i, Object value) {
        if (encoders == null) {
            encoders = new ExpressionEncoder.Serializer[held.length];
        }
        if (encoders[i] == null) {
            StructType one = new StructType(new StructField[] {schema.fields()[i]});
            encoders[i] = ExpressionEncoder.apply(one).createSerializer();
        }
        Object external = value instanceof List<?> list ? seq(list) : value;
        UnsafeRow encoded = (UnsafeRow) encoders[i].apply(RowFactory.create(external));
        DataType type = schema.fields()[i].dataType();
        if (encoded.isNullAt(0)) {
            writer.setNullAt(i);
        } else if (type instanceof ArrayType) {
            int previousCursor = writer.cursor();
            writer.write(encoded.getArray(0));
            writer.setOffsetAndSizeFromPreviousCursor(i, previousCursor);
        } else if (type instanceof StructType s) {
            writer.write(i, encoded.getStruct(0, s.size()));
        } else if (type instanceof MapType) {
            writer.write(i, (UnsafeMapData) encoded.getMap(0));
        } else if (UnsafeRow.isFixedLength(type)) {
            // float, short, byte, date, timestamp, decimal up to 18 digits ...: the encoder's 8-byte word as it is
            writer.write(i, encoded.getLong(0));
        } else {
            // any other variable-length value (binary, wider decimal, interval ...): its bytes, which are relocatable
            writer.write(i, encoded.getBinary(0));
        }
    }

    private void clear() {
        Arrays.fill(held, EMPTY);
        Arrays.fill(values, null);
    }
}
