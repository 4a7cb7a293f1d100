package org.culet.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.culet.config.UserException;

/**
 * Spectra and frequency axes for {@code culet fit-spectra}: NumPy .npy (by extension) or CSV (anything else).
 * CSV: comma-separated numbers, one spectrum per row; blank lines and lines starting with '#' are skipped; a first
 * row whose cells are all non-numeric is a header and skipped.
 */
public final class SpectraFiles {
    private SpectraFiles() {
    }

    /** Spectra as one pixel-major array: row r occupies [r * columns, (r + 1) * columns). */
    public record Table(int rows, int columns, double[] data) {
    }

    /** Reads a 2-D table of spectra (a 1-D .npy is one spectrum). */
    public static Table readSpectra(Path file) {
        if (isNpy(file)) {
            NpyReader.NpyArray a = NpyReader.read(file, "--spectra");
            return new Table(a.rows(), a.columns(), a.data());
        }
        return readCsv(file, "--spectra");
    }

    /** Reads a frequency axis: .npy 1-D (or 1 x n), or a CSV with one row (or one column). */
    public static double[] readAxis(Path file) {
        if (isNpy(file)) {
            NpyReader.NpyArray a = NpyReader.read(file, "--freqs");
            if (a.shape().length == 2 && a.rows() != 1 && a.columns() != 1) {
                throw new UserException("--freqs must be a 1-D array, got shape (" + a.rows() + ", " + a.columns()
                    + ")", file.toString(), "save the frequency axis in Hz as a 1-D array: numpy.save(path, freqs_hz)");
            }
            return a.data();
        }
        Table t = readCsv(file, "--freqs");
        if (t.rows() != 1 && t.columns() != 1) {
            throw new UserException("--freqs CSV must have one row (or one column), got " + t.rows() + " rows of "
                + t.columns() + " values", file.toString(), "write the frequency axis in Hz as one comma-separated row");
        }
        return t.data();
    }

    private static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static Table readCsv(Path file, String what) {
        List<double[]> rows = new ArrayList<>();
        int columns = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", -1);
                if (first && allNonNumeric(cells)) {
                    first = false;
                    continue; // header
                }
                first = false;
                if (columns >= 0 && cells.length != columns) {
                    throw new UserException(what + " row " + (rows.size() + 1) + " has " + cells.length
                        + " values, expected " + columns + " like the first row", file + ", line " + lineNo,
                        "every spectrum must have one value per frequency point");
                }
                columns = cells.length;
                double[] v = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].strip();
                    try {
                        v[c] = parseNumber(cell);
                    } catch (NumberFormatException e) {
                        throw new UserException(what + " has a non-numeric value '" + cell + "' in row "
                            + (rows.size() + 1) + ", column " + (c + 1), file + ", line " + lineNo,
                            "write plain decimal numbers separated by commas (NaN is accepted and gives BAD_INPUT)");
                    }
                }
                rows.add(v);
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + what + " file: " + e.getMessage(), file.toString(),
                "check that the file exists and is readable", e);
        }
        if (rows.isEmpty()) {
            throw new UserException(what + " file has no data rows", file.toString(),
                "write one comma-separated row of numbers per spectrum");
        }
        double[] data = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * columns, columns);
        }
        return new Table(rows.size(), columns, data);
    }

    /** Double.parseDouble plus numpy's spellings nan, inf, -inf (numpy.savetxt writes them in lower case). */
    static double parseNumber(String cell) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(cell);
        }
    }

    private static boolean allNonNumeric(String[] cells) {
        for (String cell : cells) {
            try {
                parseNumber(cell.strip());
                return false;
            } catch (NumberFormatException e) {
                // keep looking
            }
        }
        return true;
    }
}
