package org.culet.acquisition;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.culet.config.UserException;
import org.culet.io.Location;

/**
 * The sweep manifest {@code sweeps.csv}: a header line naming the columns (any order; names below), then one
 * row per sweep. Comma-separated, no quoting (values never contain commas), '#' lines and blank lines
 * ignored. Columns (units in the names):
 * <pre>
 *   sweep_id, file, temperature_k, coil_current_a, applied_field_gauss, cooling_field_gauss, protocol,
 *   pressure_gpa, frequency_axis
 * </pre>
 * Required: sweep_id, file, temperature_k, protocol, and at least one of coil_current_a / applied_field_gauss
 * per row. Optional (empty allowed): cooling_field_gauss, pressure_gpa (default: acquisition.conf),
 * frequency_axis ({@code file} by default, or {@code START_HZ:STOP_HZ:POINTS}). Immutable.
 */
public record SweepCatalog(Location source, List<SweepEntry> entries) {
    public static final String FILE_NAME = "sweeps.csv";
    public static final List<String> COLUMNS = List.of("sweep_id", "file", "temperature_k", "coil_current_a",
        "applied_field_gauss", "cooling_field_gauss", "protocol", "pressure_gpa", "frequency_axis");
    /** Optional per-row overrides of acquisition.conf's format block (issue 8). */
    public static final List<String> FORMAT_COLUMNS = List.of("format", "frames_variable", "frequencies_variable",
        "axis_order");
    private static final List<String> REQUIRED = List.of("sweep_id", "file", "temperature_k", "protocol");

    public SweepCatalog {
        entries = List.copyOf(entries);
    }

    public SweepCatalog(Path file, List<SweepEntry> entries) {
        this(Location.of(file), entries);
    }

    /** The manifest's local path (null when it lives on a remote filesystem: see {@link #source()}). */
    public Path file() {
        return source.isLocal() ? source.localPath() : null;
    }

    /** Loads {@code dir/sweeps.csv} (or the file named by acquisition.conf when given through {@link #load(Path, String)}). */
    public static SweepCatalog load(Path dir) {
        return load(dir, FILE_NAME);
    }

    /**
     * Parses the manifest; a malformed row is a UserException naming the file, the line, the column and the fix.
     */
    public static SweepCatalog load(Path dir, String csvName) {
        return load(Location.of(dir), csvName);
    }

    /** Parses the manifest of a local or remote (Hadoop URI) acquisition folder. */
    public static SweepCatalog load(Location dir, String csvName) {
        Location csv = dir.resolve(csvName);
        if (!csv.isFile()) {
            throw new UserException("the sweep manifest is missing", csv.toString(),
                "write " + csvName + " with a header line " + String.join(",", COLUMNS) + " and one row per sweep");
        }
        List<String> lines;
        try {
            lines = csv.readString().lines().toList();
        } catch (IOException e) {
            throw new UserException("cannot read the sweep manifest: " + e.getMessage(), csv.toString(),
                "check the file's permissions and encoding (UTF-8)", e);
        }
        Map<String, Integer> col = null;
        int headerLine = 0;
        List<SweepEntry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int ln = 1; ln <= lines.size(); ln++) {
            String raw = lines.get(ln - 1).strip();
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            String[] cells = raw.split(",", -1);
            if (col == null) {
                col = header(cells, csv, ln);
                headerLine = ln;
                continue;
            }
            String where = csvName + " line " + ln;
            if (cells.length != col.size()) {
                throw new UserException("row has " + cells.length + " values but the header has " + col.size() + " columns",
                    csv + ": " + where, "give every row one value per header column (leave optional values empty, "
                        + "but keep their commas)");
            }
            String id = cell(cells, col, "sweep_id");
            if (id.isEmpty()) {
                throw new UserException("empty sweep_id", csv + ": " + where + ", column sweep_id",
                    "give every sweep a unique id");
            }
            where = where + " (sweep_id " + id + ")";
            Integer previous = seen.putIfAbsent(id, ln);
            if (previous != null) {
                throw new UserException("duplicate sweep_id '" + id + "' (also on line " + previous + ")",
                    csv + ": " + where + ", column sweep_id", "make every sweep_id unique");
            }
            String file = cell(cells, col, "file");
            if (file.isEmpty()) {
                throw new UserException("empty file", csv + ": " + where + ", column file",
                    "give the sweep file's path relative to the acquisition folder, e.g. sweeps/" + id + ".h5");
            }
            double temperature = number(cells, col, "temperature_k", true, csv, where, "the sample temperature in K, e.g. 20.0");
            double current = number(cells, col, "coil_current_a", false, csv, where, "the coil current in A, e.g. 2.5");
            double field = number(cells, col, "applied_field_gauss", false, csv, where, "the applied field in G, e.g. 60.3");
            if (Double.isNaN(current) && Double.isNaN(field)) {
                throw new UserException("neither coil_current_a nor applied_field_gauss is given",
                    csv + ": " + where + ", columns coil_current_a / applied_field_gauss",
                    "give the coil current (A) or the applied field (G); 0 for zero field");
            }
            double cooling = number(cells, col, "cooling_field_gauss", false, csv, where, "the field while cooling in G, or leave it empty");
            String protocolText = cell(cells, col, "protocol");
            Protocol protocol = Protocol.parseOrNull(protocolText);
            if (protocol == null) {
                throw new UserException("unknown protocol '" + protocolText + "'", csv + ": " + where + ", column protocol",
                    "use one of " + Protocol.names());
            }
            double pressure = number(cells, col, "pressure_gpa", false, csv, where, "the pressure in GPa, or leave it empty");
            String axisText = cell(cells, col, "frequency_axis");
            FrequencyAxis axis = FrequencyAxis.parseOrNull(axisText);
            if (axis == null) {
                throw new UserException("malformed frequency_axis '" + axisText + "'",
                    csv + ": " + where + ", column frequency_axis",
                    "write 'file' (the sweep file's frequencies_hz dataset) or START_HZ:STOP_HZ:POINTS, e.g. 2.6e9:3.5e9:250");
            }
            SweepFormat override = null;
            if (col.containsKey("format") || col.containsKey("frames_variable") || col.containsKey("frequencies_variable")
                || col.containsKey("axis_order")) {
                String type = cell(cells, col, "format");
                if (!type.isEmpty() && SweepFormat.canonicalTypeOrNull(type) == null) {
                    throw new UserException("unknown format '" + type + "'", csv + ": " + where + ", column format",
                        "use one of " + String.join(", ", SweepFormat.TYPES) + ", or leave it empty (acquisition.conf's "
                            + "format block, else the file extension)");
                }
                override = new SweepFormat(type, cell(cells, col, "frames_variable"), cell(cells, col, "frequencies_variable"),
                    cell(cells, col, "axis_order"), null, null);
                override.check(csv + ": " + where + ", column axis_order");
                if (override.isDefault()) {
                    override = null;
                }
            }
            entries.add(new SweepEntry(id, file, temperature, current, field, cooling, protocol, pressure, axis, ln, override));
        }
        if (col == null) {
            throw new UserException("the sweep manifest is empty", csv.toString(),
                "write a header line " + String.join(",", COLUMNS) + " and one row per sweep");
        }
        if (entries.isEmpty()) {
            throw new UserException("the sweep manifest has a header but no sweeps", csv + " after line " + headerLine,
                "add one row per sweep");
        }
        return new SweepCatalog(csv, entries);
    }

    private static Map<String, Integer> header(String[] cells, Location csv, int ln) {
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i].trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name) && !FORMAT_COLUMNS.contains(name)) {
                throw new UserException("unknown column '" + cells[i].trim() + "' in the header", csv + " line " + ln,
                    "use the column names " + String.join(",", COLUMNS) + " (units are part of the names) and optionally "
                        + String.join(",", FORMAT_COLUMNS));
            }
            if (col.put(name, i) != null) {
                throw new UserException("column '" + name + "' appears twice in the header", csv + " line " + ln,
                    "keep one column of each name");
            }
        }
        for (String r : REQUIRED) {
            if (!col.containsKey(r)) {
                throw new UserException("required column '" + r + "' is missing from the header", csv + " line " + ln,
                    "add the column; required: " + String.join(", ", REQUIRED)
                        + " and coil_current_a and/or applied_field_gauss");
            }
        }
        if (!col.containsKey("coil_current_a") && !col.containsKey("applied_field_gauss")) {
            throw new UserException("the header has neither coil_current_a nor applied_field_gauss", csv + " line " + ln,
                "add a coil_current_a (A) or applied_field_gauss (G) column");
        }
        return col;
    }

    private static String cell(String[] cells, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null ? "" : cells[i].trim();
    }

    private static double number(String[] cells, Map<String, Integer> col, String name, boolean required, Location csv,
                                 String where, String expected) {
        String text = cell(cells, col, name);
        if (text.isEmpty()) {
            if (required) {
                throw new UserException("empty " + name, csv + ": " + where + ", column " + name, "give " + expected);
            }
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UserException("'" + text + "' is not a number", csv + ": " + where + ", column " + name,
                "give " + expected + " (a plain number, unit in the column name)");
        }
    }

    /** The entry with this id, or null. */
    public SweepEntry entry(String sweepId) {
        for (SweepEntry e : entries) {
            if (e.sweepId().equals(sweepId)) {
                return e;
            }
        }
        return null;
    }

    /** Writes {@code entries} as {@code dir/sweeps.csv} with the full header; returns the path. */
    public static Path write(Path dir, List<SweepEntry> entries) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve(FILE_NAME);
        boolean formats = entries.stream().anyMatch(e -> e.formatOverride() != null);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COLUMNS));
            if (formats) {
                w.write("," + String.join(",", FORMAT_COLUMNS));
            }
            w.write('\n');
            for (SweepEntry e : entries) {
                w.write(String.join(",", e.sweepId(), e.file(), num(e.temperatureK()), num(e.coilCurrentA()),
                    num(e.appliedFieldGauss()), num(e.coolingFieldGauss()), e.protocol().name(), num(e.pressureGpa()),
                    e.frequencyAxis().format()));
                if (formats) {
                    SweepFormat f = e.formatOverride() == null ? SweepFormat.AUTO : e.formatOverride();
                    w.write(String.join(",", "", "auto".equals(f.type()) ? "" : f.type(), orEmpty(f.framesVariable()),
                        orEmpty(f.frequenciesVariable()), orEmpty(f.axisOrder()).replace(',', ';')));
                }
                w.write('\n');
            }
        }
        return csv;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
