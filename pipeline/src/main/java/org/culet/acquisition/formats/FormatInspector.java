package org.culet.acquisition.formats;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessInput;
import us.hebi.matlab.mat.types.MatFile;

/**
 * What {@code culet inspect} shows: the arrays of a file (datasets, variables, members, pages, frames) with their
 * shapes and types, a guess of which is the sweep cube and which the frequency axis, and the sweep as culet reads
 * it with those guesses (axis order, frequency axis, access).
 */
public final class FormatInspector {
    private FormatInspector() {
    }

    /** One array of a file: its name (dataset path, variable, member), shape as the format reports it, type. */
    public record Entry(String name, int[] shape, String dtype) {
        int elements() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        int nonSingletonRank() {
            int r = 0;
            for (int d : shape) {
                if (d > 1) {
                    r++;
                }
            }
            return r;
        }

        @Override
        public String toString() {
            return name + "  " + Arrays.toString(shape) + "  " + dtype;
        }
    }

    /** The inspection: format, arrays, guesses, and the reader opened with them (or why it could not be). */
    public record Inspection(String type, List<Entry> entries, String cubeGuess, String frequencyGuess,
                             SweepFormat effective, SweepReader reader, UserException problem) {
    }

    /**
     * Lists {@code file}'s arrays and opens it as a sweep with the names of {@code given} or, where it names none,
     * the guesses (the largest 3-D numeric array; a 1-D array named like a frequency, or whose length is one of the
     * cube's dimensions). The caller closes {@link Inspection#reader()}.
     */
    public static Inspection inspect(Location file, SweepFormat given, double[] overrideHz) {
        String type = given.typeFor(file.name());
        if (type == null) {
            throw new UserException("unknown sweep file format '" + file.name() + "'", file.toString(),
                "name it with --format hdf5|mat|npy|npz|tiff|spe");
        }
        if (!file.isFile()) {
            throw new UserException("file not found", file.toString(), "check the path");
        }
        List<Entry> entries = new ArrayList<>();
        String shown = type;
        try {
            switch (type) {
                case "hdf5" -> listHdf5(file, false, entries);
                case "mat" -> {
                    byte[] head = FormatReaders.head(file, 1032);
                    if (Mat5Format.isHdf5(head)) {
                        shown = "mat-v7.3";
                        listHdf5(file, true, entries);
                    } else {
                        shown = "mat-v5";
                        listMat5(file, entries);
                    }
                }
                case "npz" -> listNpz(file, entries);
                default -> {
                    // npy, tiff, spe hold one cube: the reader below describes it
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) {
                return new Inspection(shown, entries, null, null, given, null, u);
            }
            return new Inspection(shown, entries, null, null, given, null, new UserException("cannot list the file: " + e,
                file.toString(), "check the file is complete and in the named format", e));
        }
        String cube = given.framesVariable();
        String freq = given.frequenciesVariable();
        if (!entries.isEmpty()) {
            if (cube == null) {
                cube = guessCube(entries);
            }
            if (freq == null) {
                freq = guessFrequencies(entries, cube);
            }
        }
        SweepFormat effective = new SweepFormat(given.type(), cube, freq, given.axisOrder(), given.frequenciesUnit(),
            given.sidecar());
        if (freq != null && given.frequenciesUnit() == null && !entries.isEmpty()) {
            effective = withGuessedUnit(file, effective);
        }
        try {
            SweepReader reader = FormatReaders.open(file, effective, overrideHz);
            return new Inspection(shown, entries, cube, freq, effective, reader, null);
        } catch (UserException e) {
            return new Inspection(shown, entries, cube, freq, effective, null, e);
        }
    }

    /** Retries with MHz or GHz when the reader says the axis looks like it. */
    private static SweepFormat withGuessedUnit(Location file, SweepFormat f) {
        try (SweepReader r = FormatReaders.open(file, f, null)) {
            return f;
        } catch (UserException e) {
            if (e.getMessage().contains("looks like MHz")) {
                for (String unit : new String[] {"MHz", "GHz"}) {
                    SweepFormat g = new SweepFormat(f.type(), f.framesVariable(), f.frequenciesVariable(), f.axisOrder(),
                        unit, f.sidecar());
                    try (SweepReader r = FormatReaders.open(file, g, null)) {
                        double[] axis = r.frequenciesHz();
                        if (axis[axis.length - 1] > 1e8 && axis[axis.length - 1] < 1e11) {
                            return g;
                        }
                    } catch (UserException | IOException ignored) {
                        // try the next unit
                    }
                }
            }
            return f;
        } catch (IOException e) {
            return f;
        }
    }

    static String guessCube(List<Entry> entries) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.shape().length == 3 && !e.dtype().toLowerCase(Locale.ROOT).contains("char")
                && (best == null || e.elements() > best.elements())) {
                best = e;
            }
        }
        return best == null ? null : best.name();
    }

    static String guessFrequencies(List<Entry> entries, String cube) {
        int[] dims = null;
        for (Entry e : entries) {
            if (e.name().equals(cube)) {
                dims = e.shape();
            }
        }
        Entry named = null;
        Entry sized = null;
        for (Entry e : entries) {
            if (e.nonSingletonRank() != 1 || e.name().equals(cube)) {
                continue;
            }
            String n = e.name().toLowerCase(Locale.ROOT);
            boolean fits = false;
            if (dims != null) {
                for (int d : dims) {
                    fits |= d == e.elements();
                }
            }
            if ((n.contains("freq") || n.contains("mw") || n.equals("f") || n.endsWith("/f")) && (fits || dims == null)) {
                named = named == null ? e : named;
            } else if (fits) {
                sized = sized == null ? e : sized;
            }
        }
        return named != null ? named.name() : sized != null ? sized.name() : null;
    }

    private static void listHdf5(Location file, boolean matlab, List<Entry> out) throws IOException {
        try (HdfFile hdf = Hdf5Support.open(file)) {
            walk(hdf, matlab, out);
        }
    }

    private static void walk(Group g, boolean matlab, List<Entry> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset d) {
                int[] dims = d.getDimensions();
                String path = n.getPath().startsWith("/") ? n.getPath().substring(1) : n.getPath();
                out.add(new Entry(path, matlab ? Hdf5Cube.reverse(dims) : dims, Hdf5Support.dtypeName(d)));
            } else if (n instanceof Group sub && !(matlab && sub.getName().startsWith("#"))) {
                walk(sub, matlab, out);
            }
        }
    }

    private static void listMat5(Location file, List<Entry> out) throws IOException {
        try (MatFile ignored = Mat5Format.read(file, h -> {
            out.add(new Entry(h.getName(), h.getDimensions(), h.getType().toString()));
            return false;
        })) {
            // headers only
        }
    }

    private static void listNpz(Location file, List<Entry> out) throws IOException {
        try (RandomAccessInput in = file.openRandomAccess()) {
            for (NpzFormat.Member m : NpzFormat.members(in, file.toString())) {
                String name = m.name().endsWith(".npy") ? m.name().substring(0, m.name().length() - 4) : m.name();
                try (RandomAccessInput member = NpzFormat.memberInput(file.openRandomAccess(), m, file.toString())) {
                    NpyFormat.Header h = NpyFormat.header(member, 0, file + " member " + m.name());
                    out.add(new Entry(name, h.shape(), h.descr() + (h.fortran() ? " Fortran" : "")
                        + (m.method() == 0 ? " stored" : " deflated")));
                }
            }
        }
    }
}
