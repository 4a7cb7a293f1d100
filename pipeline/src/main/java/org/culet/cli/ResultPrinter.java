package org.culet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import scala.collection.Iterator;

/** Prints a query result as an aligned text table, CSV (RFC 4180) or JSON lines. */
final class ResultPrinter {
    enum Format { TABLE, CSV, JSON }

    private ResultPrinter() {
    }

    /**
     * Prints at most {@code maxRows} rows of {@code df} (0 = all) and says so when rows were left out.
     * Returns the number of rows printed.
     */
    static int print(Dataset<Row> df, Format format, int maxRows, PrintWriter out) {
        if (format == Format.JSON) {
            Dataset<String> json = maxRows > 0 ? df.limit(maxRows + 1).toJSON() : df.toJSON();
            List<String> lines = json.collectAsList();
            int n = maxRows > 0 ? Math.min(maxRows, lines.size()) : lines.size();
            for (int i = 0; i < n; i++) {
                out.println(lines.get(i));
            }
            more(lines.size() > n, maxRows, out, true);
            out.flush();
            return n;
        }
        List<Row> rows = maxRows > 0 ? df.limit(maxRows + 1).collectAsList() : df.collectAsList();
        int n = maxRows > 0 ? Math.min(maxRows, rows.size()) : rows.size();
        StructField[] fields = df.schema().fields();
        List<String[]> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            String[] line = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                line[c] = r.isNullAt(c) ? (format == Format.CSV ? "" : "NULL") : render(r.get(c));
            }
            cells.add(line);
        }
        if (format == Format.CSV) {
            String[] header = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                header[c] = csv(fields[c].name());
            }
            out.println(String.join(",", header));
            for (String[] line : cells) {
                for (int c = 0; c < line.length; c++) {
                    line[c] = csv(line[c]);
                }
                out.println(String.join(",", line));
            }
            more(rows.size() > n, maxRows, out, true);
        } else {
            int[] width = new int[fields.length];
            for (int c = 0; c < fields.length; c++) {
                width[c] = fields[c].name().length();
                for (String[] line : cells) {
                    width[c] = Math.max(width[c], line[c].length());
                }
            }
            String rule = rule(width);
            out.println(rule);
            String[] header = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                header[c] = fields[c].name();
            }
            out.println(row(header, width));
            out.println(rule);
            for (String[] line : cells) {
                out.println(row(line, width));
            }
            out.println(rule);
            out.println(n + (n == 1 ? " row" : " rows"));
            more(rows.size() > n, maxRows, out, false);
        }
        out.flush();
        return n;
    }

    private static void more(boolean truncated, int maxRows, PrintWriter out, boolean machineFormat) {
        if (truncated) {
            String msg = "only the first " + maxRows + " rows are shown; raise --max-rows (0 = all) to see more";
            if (machineFormat) {
                System.err.println("culet sql: " + msg);
            } else {
                out.println("(" + msg + ")");
            }
        }
    }

    private static String rule(int[] width) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : width) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String row(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++) {
            sb.append(' ').append(cells[c]).append(" ".repeat(width[c] - cells[c].length())).append(" |");
        }
        return sb.toString();
    }

    /** Quotes a CSV field when it holds a comma, quote or line break. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Values as text: doubles in shortest round-trip form, arrays [a, b], maps {k: v}, structs {name: v}. */
    static String render(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.toString(f);
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            StringBuilder sb = new StringBuilder("[");
            Iterator<?> it = seq.iterator();
            boolean first = true;
            while (it.hasNext()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(render(it.next()));
            }
            return sb.append(']').toString();
        }
        if (v instanceof scala.collection.Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : scala.jdk.javaapi.CollectionConverters.asJava(map).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(render(e.getKey())).append(": ").append(render(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Row r) {
            StringBuilder sb = new StringBuilder("{");
            String[] names = r.schema() == null ? null : r.schema().fieldNames();
            for (int i = 0; i < r.length(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (names != null) {
                    sb.append(names[i]).append(": ");
                }
                sb.append(r.isNullAt(i) ? "NULL" : render(r.get(i)));
            }
            return sb.append('}').toString();
        }
        if (v instanceof byte[] bytes) {
            return String.format(Locale.ROOT, "<%d bytes>", bytes.length);
        }
        return v.toString();
    }
}
