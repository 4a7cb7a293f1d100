package org.culet.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.culet.acquisition.FrequencyAxis;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.formats.FormatInspector;
import org.culet.config.UserException;
import org.culet.io.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code culet inspect FILE}: what culet sees in a lab file, to write the manifest's format block. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Prints what culet sees in a sweep file (HDF5, MATLAB .mat v5/v7.3, .npy, .npz, multi-page TIFF,",
        "SPE 3.0; a path or a Hadoop URI): its datasets/variables/members with shapes and types, the guessed sweep",
        "cube, axis order and frequency axis, how windows are read, and the acquisition.conf format block to use."})
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file (path or URI).")
    String file;

    @Option(names = "--format", paramLabel = "TYPE", description = "hdf5, mat, npy, npz, tiff or spe (default: from the extension).")
    String format;

    @Option(names = "--frames-variable", paramLabel = "NAME", description = "The cube's dataset, variable or member (default: guessed).")
    String framesVariable;

    @Option(names = "--frequencies-variable", paramLabel = "NAME", description = "The frequency axis' dataset, variable, member or sidecar key.")
    String frequenciesVariable;

    @Option(names = "--axis-order", paramLabel = "ORDER", description = "The cube's axes in the order of its shape, e.g. y,x,f (default: guessed).")
    String axisOrder;

    @Option(names = "--frequencies-unit", paramLabel = "UNIT", description = "Hz, kHz, MHz or GHz (default: Hz, or guessed).")
    String frequenciesUnit;

    @Option(names = "--sidecar", paramLabel = "FILE", description = "JSON sidecar with the frequency axis (default: FILE's name with .json).")
    String sidecar;

    @Option(names = "--frequency-axis", paramLabel = "START_HZ:STOP_HZ:POINTS", description = "An explicit axis, as in sweeps.csv.")
    String frequencyAxis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SweepFormat given = new SweepFormat(format, framesVariable, frequenciesVariable, axisOrder, frequenciesUnit, sidecar)
            .check("culet inspect options");
        double[] explicit = null;
        if (frequencyAxis != null) {
            FrequencyAxis a = FrequencyAxis.parseOrNull(frequencyAxis);
            if (a == null || a.inFile()) {
                throw new UserException("malformed --frequency-axis '" + frequencyAxis + "'", "--frequency-axis",
                    "write START_HZ:STOP_HZ:POINTS, e.g. 2.62e9:3.51e9:300");
            }
            explicit = a.valuesHz();
        }
        Location location = Location.of(file);
        FormatInspector.Inspection in = FormatInspector.inspect(location, given, explicit);
        out.printf(Locale.ROOT, "file:            %s%n", location);
        out.printf(Locale.ROOT, "format:          %s%n", in.type());
        if (!in.entries().isEmpty()) {
            out.println("arrays:");
            for (FormatInspector.Entry e : in.entries()) {
                String mark = e.name().equals(in.cubeGuess()) ? "   <- sweep cube" : e.name().equals(in.frequencyGuess())
                    ? "   <- frequency axis" : "";
                out.printf(Locale.ROOT, "  %s%s%n", e, mark);
            }
        }
        SweepReader r = in.reader();
        if (r == null) {
            out.println();
            out.println("culet cannot read it as a sweep with these settings:");
            out.println("  " + in.problem().getMessage().replace("\n", "\n  "));
            out.flush();
            return Culet.EXIT_USER_ERROR;
        }
        try (r) {
            boolean guessedOrder = axisOrder == null;
            out.printf(Locale.ROOT, "cube:            shape %s, %s%n", Arrays.toString(r.shape()), r.dtype());
            out.printf(Locale.ROOT, "axis order:      %s%s%n", r.axisOrder(), guessedOrder
                ? " (guessed: f is the dimension as long as the frequency axis)" : "");
            out.printf(Locale.ROOT, "frames:          %d frequencies x %d x %d px (ny x nx)%n", r.frequencyCount(), r.height(),
                r.width());
            double[] f = r.frequenciesHz();
            out.printf(Locale.ROOT, "frequency axis:  %d points, %.6f .. %.6f MHz, from %s%n", f.length, f[0] * 1e-6,
                f[f.length - 1] * 1e-6, r.frequencySource());
            if (f.length != r.frequencyCount()) {
                out.printf(Locale.ROOT, "  WARNING: %d frames but %d frequencies: give axis-order or the right frequency axis%n",
                    r.frequencyCount(), f.length);
            }
            out.printf(Locale.ROOT, "window reads:    %s%s%n", r.access(), r.randomAccess() ? "" : " (not random access)");
            for (Map.Entry<String, String> m : r.metadata().entrySet()) {
                if (!m.getKey().equals("datasets") && !m.getKey().equals("variables")) {
                    out.printf(Locale.ROOT, "  %s = %s%n", m.getKey(), m.getValue());
                }
            }
            SweepFormat e = in.effective();
            out.println();
            out.println("acquisition.conf:");
            out.println("  format {");
            out.printf(Locale.ROOT, "    type = %s%n", "auto".equals(e.type()) ? typeName(in.type()) : e.type());
            if (e.framesVariable() != null) {
                out.printf(Locale.ROOT, "    frames-variable = \"%s\"%n", e.framesVariable());
            }
            if (e.frequenciesVariable() != null) {
                out.printf(Locale.ROOT, "    frequencies-variable = \"%s\"%n", e.frequenciesVariable());
            }
            out.printf(Locale.ROOT, "    axis-order = \"%s\"%n", r.axisOrder());
            if (e.frequenciesUnit() != null) {
                out.printf(Locale.ROOT, "    frequencies-unit = %s%n", e.frequenciesUnit());
            }
            if (e.sidecar() != null) {
                out.printf(Locale.ROOT, "    sidecar = \"%s\"%n", e.sidecar());
            }
            out.println("  }");
        }
        out.flush();
        return 0;
    }

    private static String typeName(String shown) {
        return shown.startsWith("mat") ? "mat" : shown;
    }
}
