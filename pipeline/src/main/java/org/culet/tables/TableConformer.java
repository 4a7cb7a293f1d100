package org.culet.tables;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Shapes a DataFrame to a table's schema: columns in catalogue order and cast to the declared types, missing
 * nullable columns filled with nulls. Column names are matched exactly (case-sensitive), so a typo is caught.
 */
public final class TableConformer {
    private TableConformer() {
    }

    /**
     * {@code df} as the table's data schema (partition columns dropped: the warehouse writes them as folders).
     *
     * @throws IllegalArgumentException (a bug in the calling job, not a user error) when {@code df} lacks a
     *     required column or has a column the table does not define
     */
    public static Dataset<Row> toDataSchema(Dataset<Row> df, TableDef table) {
        Set<String> present = new HashSet<>(List.of(df.columns()));
        Set<String> known = new HashSet<>(table.columnNames());
        List<String> unknown = new ArrayList<>();
        for (String c : df.columns()) {
            if (!known.contains(c)) {
                unknown.add(c);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("table " + table.name() + " has no column(s) " + unknown
                + "; add them to org.culet.tables.Tables (nullable, with a new schema version) or drop them");
        }
        List<Column> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (StructField f : table.dataSchema().fields()) {
            if (present.contains(f.name())) {
                out.add(functions.col(f.name()).cast(f.dataType()).as(f.name(), f.metadata()));
            } else if (f.nullable()) {
                out.add(functions.lit(null).cast(f.dataType()).as(f.name(), f.metadata()));
            } else {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("rows for table " + table.name() + " lack required column(s) "
                + missing);
        }
        return df.select(out.toArray(new Column[0]));
    }
}
