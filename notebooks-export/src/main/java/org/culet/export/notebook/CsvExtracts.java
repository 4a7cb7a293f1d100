package org.culet.export.notebook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.culet.export.model.Extract;

/**
 * Writes an {@link Extract} as CSV that pandas reads with {@code pd.read_csv}: a header of column names, then one
 * line per row; null and NaN are empty cells, booleans {@code true}/{@code false}, numbers in Java's shortest
 * round-trip form, text quoted when it holds a comma, a quote or a line break.
 */
public final class CsvExtracts {
    private CsvExtracts() {
    }

    public static Path write(Extract extract, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(extract.name() + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(line(extract.columns().toArray()));
            for (Object[] row : extract.rows()) {
                w.write(line(row));
            }
        }
        return file;
    }

    private static String line(Object[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(values[i]));
        }
        return sb.append('\n').toString();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.toString();
        }
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
