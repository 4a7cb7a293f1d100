package org.culet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code culet nv-lines}: the 8 NV transition frequencies for a field vector and a stress tensor. */
@Command(name = "nv-lines", mixinStandardHelpOptions = true,
    description = {"Prints the 8 NV spin-transition frequencies (MHz) for a lab-frame field and stress tensor,",
        "from the exact spin Hamiltonian (physics.md Sections 3 and 4), labelled by NV group and branch."})
public final class NvLinesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--culet", defaultValue = "111", description = "Culet orientation: 111 or 100 (default ${DEFAULT-VALUE}).")
    String culet;

    @Option(names = "--b-gauss", split = ",", paramLabel = "BX,BY,BZ", defaultValue = "0,0,0",
        description = "Lab-frame magnetic field in gauss (Z = anvil axis), default ${DEFAULT-VALUE}.")
    double[] bGauss;

    @Option(names = "--stress-gpa", split = ",", paramLabel = "XX,YY,ZZ,YZ,XZ,XY", defaultValue = "0,0,0,0,0,0",
        description = "Lab-frame stress tensor in GPa (Voigt order, compressive positive), default ${DEFAULT-VALUE}.")
    double[] stressGpa;

    @Option(names = "--d0-mhz", description = "Zero-field splitting D0 in MHz (default: the configured D0(T) model at --temperature-k).")
    Double d0Mhz;

    @Option(names = "--temperature-k", defaultValue = "300", description = "Temperature for the D0(T) model, K (default ${DEFAULT-VALUE}).")
    double temperatureK;

    @Option(names = "--solver", defaultValue = "CLOSED_FORM", description = "Eigen-solver: ${COMPLETION-CANDIDATES} (both exact; default ${DEFAULT-VALUE}).")
    NvHamiltonian.Solver solver;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CuletConfig config = configOptions.load("nv-lines");
        if (bGauss.length != 3) {
            throw new UserException("--b-gauss needs 3 components, got " + bGauss.length, "--b-gauss",
                "write the field as BX,BY,BZ in gauss, e.g. --b-gauss 0,0,100");
        }
        if (stressGpa.length != 6) {
            throw new UserException("--stress-gpa needs 6 components, got " + stressGpa.length, "--stress-gpa",
                "write the stress as XX,YY,ZZ,YZ,XZ,XY in GPa, e.g. --stress-gpa 0,0,10,0,0,0");
        }
        CuletOrientation orientation;
        try {
            orientation = CuletOrientation.parse(culet);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), "--culet " + culet, "use --culet 111 or --culet 100");
        }
        NvConstants constants = NvConstants.fromConfig(config.culet().getConfig("physics"));
        double d0 = d0Mhz != null ? d0Mhz : D0Model.fromConfig(config.culet().getConfig("physics")).d0Mhz(temperatureK);
        NvHamiltonian hamiltonian = new NvHamiltonian(constants, orientation, solver);
        double[] lines = new double[NvHamiltonian.LINES];
        hamiltonian.transitions(bGauss[0], bGauss[1], bGauss[2], StressTensor.fromVoigt(stressGpa), d0, lines);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("culet", orientation.label());
            root.put("d0_mhz", d0);
            ArrayNode b = root.putArray("b_gauss");
            for (double v : bGauss) {
                b.add(v);
            }
            ArrayNode s = root.putArray("stress_gpa");
            for (double v : stressGpa) {
                s.add(v);
            }
            ArrayNode arr = root.putArray("lines");
            for (int g = 0; g < 4; g++) {
                for (int branch = 0; branch < 2; branch++) {
                    ObjectNode line = arr.addObject();
                    line.put("group", g + 1);
                    line.put("on_axis", orientation.isOnAxis(g));
                    line.put("branch", branch == 0 ? "-" : "+");
                    line.put("frequency_mhz", lines[2 * g + branch]);
                }
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "culet %s, B = (%s) G, stress XX,YY,ZZ,YZ,XZ,XY = (%s) GPa, D0 = %.3f MHz%n",
                orientation.label(), join(bGauss), join(stressGpa), d0);
            out.printf(Locale.ROOT, "%-6s %-26s %-7s %s%n", "group", "axis (lab)", "branch", "frequency_mhz");
            for (int g = 0; g < 4; g++) {
                double[] axis = orientation.axis(g);
                String axisText = String.format(Locale.ROOT, "(%+.3f,%+.3f,%+.3f)%s", axis[0], axis[1], axis[2],
                    orientation.isOnAxis(g) ? " on" : "");
                for (int branch = 0; branch < 2; branch++) {
                    out.printf(Locale.ROOT, "%-6d %-26s %-7s %.3f%n", g + 1, axisText, branch == 0 ? "f-" : "f+",
                        lines[2 * g + branch]);
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(Locale.ROOT, "%g", values[i]));
        }
        return sb.toString();
    }
}
