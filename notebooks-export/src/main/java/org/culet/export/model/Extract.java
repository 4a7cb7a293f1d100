package org.culet.export.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of one SQL query over the culet tables, collected as plain Java values (String, Integer, Long,
 * Double, Boolean, or null): what the figures, the CSV extracts, the notebook and the report are made from.
 *
 * @param name    short name, also the CSV file name (without .csv)
 * @param sql     the Spark SQL that produced it (views named like the tables, as in {@code culet sql})
 * @param columns column names
 * @param units   unit of each column ("" when none), from the table catalogue
 * @param rows    the rows, each with one value per column
 */
public record Extract(String name, String sql, List<String> columns, List<String> units, List<Object[]> rows) {
    public Extract {
        columns = List.copyOf(columns);
        units = List.copyOf(units);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
        for (Object[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException(name + ": a row has " + r.length + " values for " + columns.size() + " columns");
            }
        }
    }

    /** Index of {@code column}. @throws IllegalArgumentException when the extract has no such column */
    public int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no column " + column + " (columns: " + columns + ")");
        }
        return i;
    }

    public boolean has(String column) {
        return columns.contains(column);
    }

    /** The column as doubles: null becomes NaN, booleans 1/0. */
    public double[] doubles(String column) {
        int c = index(column);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(rows.get(i)[c]);
        }
        return out;
    }

    /** The column as strings (null stays null). */
    public String[] strings(String column) {
        int c = index(column);
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = rows.get(i)[c];
            out[i] = v == null ? null : v.toString();
        }
        return out;
    }

    public static double toDouble(Object v) {
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Double.parseDouble(v.toString());
    }
}
