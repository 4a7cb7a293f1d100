package org.culet.acquisition;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.culet.config.UserException;

/**
 * How to read the sweep files of an acquisition: the {@code format} block of acquisition.conf, overridden per row
 * by the optional sweeps.csv columns {@code format}, {@code frames_variable}, {@code frequencies_variable} and
 * {@code axis_order}. Null fields mean "the default" (see the README's "Sweep file formats"). Immutable.
 *
 * @param type                {@code auto} (from the extension), {@code hdf5}, {@code mat}, {@code npy},
 *                            {@code npz}, {@code tiff} or {@code spe}
 * @param framesVariable      HDF5 dataset path, MATLAB variable or .npz member holding the cube (default {@code frames})
 * @param frequenciesVariable HDF5 dataset, MATLAB variable, .npz member or JSON sidecar key of the frequency axis
 *                            (default {@code frequencies_hz})
 * @param axisOrder           the cube's axes as the format reports its shape (numpy/h5py {@code shape}, MATLAB
 *                            {@code size()}), e.g. {@code f,y,x} or {@code y,x,f}; null = guessed from the
 *                            length of the frequency axis
 * @param frequenciesUnit     unit of the stored frequency axis: Hz (default), kHz, MHz or GHz
 * @param sidecar             JSON sidecar of .npy/.tif/.spe sweeps, relative to the sweep file's folder; null = the
 *                            file's name with {@code .json} ({@code s0001.npy} -> {@code s0001.json})
 */
public record SweepFormat(String type, String framesVariable, String frequenciesVariable, String axisOrder,
                          String frequenciesUnit, String sidecar) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final List<String> TYPES = List.of("auto", "hdf5", "mat", "npy", "npz", "tiff", "spe");
    public static final SweepFormat AUTO = new SweepFormat("auto", null, null, null, null, null);
    public static final String DEFAULT_FRAMES = "frames";
    public static final String DEFAULT_FREQUENCIES = "frequencies_hz";

    public SweepFormat {
        type = type == null || type.isBlank() ? "auto" : canonicalType(type);
        framesVariable = blankToNull(framesVariable);
        frequenciesVariable = blankToNull(frequenciesVariable);
        axisOrder = blankToNull(axisOrder);
        frequenciesUnit = blankToNull(frequenciesUnit);
        sidecar = blankToNull(sidecar);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Canonical type name, or null when unknown. */
    static String canonicalTypeOrNull(String t) {
        String s = t.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto", "" -> "auto";
            case "hdf5", "h5", "hdf" -> "hdf5";
            case "mat", "matlab" -> "mat";
            case "npy", "numpy" -> "npy";
            case "npz" -> "npz";
            case "tif", "tiff" -> "tiff";
            case "spe", "lightfield" -> "spe";
            default -> null;
        };
    }

    private static String canonicalType(String t) {
        String c = canonicalTypeOrNull(t);
        return c == null ? t.trim().toLowerCase(Locale.ROOT) : c;
    }

    /** True when every field is a default (nothing to write to acquisition.conf). */
    public boolean isDefault() {
        return equals(AUTO);
    }

    public String framesVariableOrDefault() {
        return framesVariable == null ? DEFAULT_FRAMES : framesVariable;
    }

    public String frequenciesVariableOrDefault() {
        return frequenciesVariable == null ? DEFAULT_FREQUENCIES : frequenciesVariable;
    }

    /** This format with the non-null fields of {@code override} (a sweeps.csv row) replacing its own. */
    public SweepFormat overriddenBy(SweepFormat override) {
        if (override == null) {
            return this;
        }
        return new SweepFormat(!"auto".equals(override.type) ? override.type : type,
            override.framesVariable != null ? override.framesVariable : framesVariable,
            override.frequenciesVariable != null ? override.frequenciesVariable : frequenciesVariable,
            override.axisOrder != null ? override.axisOrder : axisOrder,
            override.frequenciesUnit != null ? override.frequenciesUnit : frequenciesUnit,
            override.sidecar != null ? override.sidecar : sidecar);
    }

    /** The type for a file: the named one, or inferred from the extension; null when the extension is unknown. */
    public String typeFor(String fileName) {
        if (!"auto".equals(type)) {
            return type;
        }
        return typeFromExtension(fileName);
    }

    /** The format type of a file name's extension, or null. */
    public static String typeFromExtension(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".hdf") || n.endsWith(".he5") || n.endsWith(".nc")) {
            return "hdf5";
        }
        if (n.endsWith(".mat")) {
            return "mat";
        }
        if (n.endsWith(".npy")) {
            return "npy";
        }
        if (n.endsWith(".npz")) {
            return "npz";
        }
        if (n.endsWith(".tif") || n.endsWith(".tiff")) {
            return "tiff";
        }
        if (n.endsWith(".spe")) {
            return "spe";
        }
        return null;
    }

    /** The scale from the stored unit to Hz. */
    public double frequencyScaleToHz(String where) {
        if (frequenciesUnit == null) {
            return 1.0;
        }
        return switch (frequenciesUnit.toLowerCase(Locale.ROOT)) {
            case "hz" -> 1.0;
            case "khz" -> 1e3;
            case "mhz" -> 1e6;
            case "ghz" -> 1e9;
            default -> throw new UserException("unknown frequencies-unit '" + frequenciesUnit + "'", where,
                "write frequencies-unit = Hz, kHz, MHz or GHz");
        };
    }

    /**
     * The axis roles of {@code axisOrder}: for each axis of the cube 'f', 'y' or 'x'; null when not given.
     *
     * @throws UserException when it is not a permutation of f, y, x
     */
    public char[] axisRoles(String where) {
        if (axisOrder == null) {
            return null;
        }
        return parseAxisOrder(axisOrder, where);
    }

    static char[] parseAxisOrder(String text, String where) {
        String compact = text.replace(" ", "");
        String[] parts = compact.matches("[fyxFYX]{3}") ? compact.split("") : compact.split("[,;:]");
        List<Character> roles = new ArrayList<>();
        for (String p : parts) {
            String s = p.toLowerCase(Locale.ROOT);
            char r = switch (s) {
                case "f", "freq", "frequency", "n_freq", "z" -> 'f';
                case "y", "row", "rows", "ny" -> 'y';
                case "x", "col", "cols", "column", "columns", "nx" -> 'x';
                default -> '?';
            };
            if (r == '?' || roles.contains(r)) {
                throw new UserException("axis order '" + text + "' is not a permutation of f, y, x", where,
                    "write the cube's axes in the order its shape lists them (numpy .shape, h5py .shape, MATLAB "
                        + "size()), e.g. axis-order = \"f,y,x\" or \"y,x,f\"");
            }
            roles.add(r);
        }
        if (roles.size() != 3) {
            throw new UserException("axis order '" + text + "' names " + roles.size() + " axes, a sweep cube has 3", where,
                "write three axes f (frequency), y (row), x (column), e.g. axis-order = \"y,x,f\"");
        }
        return new char[] {roles.get(0), roles.get(1), roles.get(2)};
    }

    /** Reads the {@code format} block of acquisition.conf (absent: {@link #AUTO}). */
    public static SweepFormat fromConfig(Config c, String where) {
        if (!c.hasPath("format")) {
            return AUTO;
        }
        Config f = c.getConfig("format");
        for (String key : f.root().keySet()) {
            if (!List.of("type", "frames-variable", "frequencies-variable", "axis-order", "frequencies-unit", "sidecar")
                .contains(key)) {
                throw new UserException("unknown key format." + key + " in acquisition.conf", where + " key format." + key,
                    "use format { type, frames-variable, frequencies-variable, axis-order, frequencies-unit, sidecar }");
            }
        }
        SweepFormat s = new SweepFormat(str(f, "type"), str(f, "frames-variable"), str(f, "frequencies-variable"),
            str(f, "axis-order"), str(f, "frequencies-unit"), str(f, "sidecar"));
        s.check(where + " key format");
        return s;
    }

    private static String str(Config c, String key) {
        return c.hasPath(key) ? c.getString(key) : null;
    }

    /** Checks the names: a known type, a parseable axis order, a known unit. */
    public SweepFormat check(String where) {
        if (canonicalTypeOrNull(type) == null) {
            throw new UserException("unknown sweep file format '" + type + "'", where,
                "use one of " + String.join(", ", TYPES) + " (auto infers it from the file extension)");
        }
        axisRoles(where);
        frequencyScaleToHz(where);
        return this;
    }

    /** The HOCON block written by {@link AcquisitionSpec#save}. */
    String toHocon() {
        StringBuilder sb = new StringBuilder("format {\n  type = ").append(type).append('\n');
        append(sb, "frames-variable", framesVariable);
        append(sb, "frequencies-variable", frequenciesVariable);
        append(sb, "axis-order", axisOrder);
        append(sb, "frequencies-unit", frequenciesUnit);
        append(sb, "sidecar", sidecar);
        return sb.append("}\n").toString();
    }

    private static void append(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append("  ").append(key).append(" = \"").append(value.replace("\"", "\\\"")).append("\"\n");
        }
    }
}
