package org.culet.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.acquisition.FrequencyAxis;
import org.culet.acquisition.Protocol;
import org.culet.acquisition.SweepCatalog;
import org.culet.acquisition.SweepEntry;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.kernel.nv.CuletOrientation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code culet import FOLDER --pattern REGEX ...}: writes acquisition.conf and sweeps.csv for a folder of lab files,
 * taking each sweep's temperature, coil current (or field), protocol and id from its file name.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Builds acquisition.conf and sweeps.csv for a folder of lab sweep files (any format culet reads).",
        "--pattern is a Java regex matched against each file name; its named groups give the columns:",
        "  (?<temperatureK>...)  (?<coilCurrentA>...) or (?<coilCurrentMa>...) or (?<fieldGauss>...)",
        "  (?<protocol>ZFC|FC|REMANENT|STRESS_REFERENCE)  (?<sweepId>...)  (?<pressureGpa>...)  (?<coolingFieldGauss>...)",
        "Numbers may use 'p' for the decimal point (20p5 = 20.5). Example:",
        "  culet import /data/run7 --pattern '(?<protocol>ZFC|FC)_T(?<temperatureK>[0-9p.]+)K_I(?<coilCurrentMa>[0-9]+)mA\\.mat'",
        "     --sample-id S1 --material La3Ni2O7 --pressure-gpa 15 --culet-orientation 111 --pixel-size-um 0.5",
        "     --coil-gauss-per-amp 24.11 --frames-variable odmr --frequencies-variable freq_hz",
        "The result is validated like culet run does; files the pattern does not match are listed and left out."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder of sweep files (searched recursively); acquisition.conf and sweeps.csv are written here.")
    Path folder;

    @Option(names = "--pattern", required = true, paramLabel = "REGEX", description = "Regex on file names with named groups (see above).")
    String pattern;

    @Option(names = "--glob", paramLabel = "GLOB", description = "Only files whose name matches this glob, e.g. '*.mat' (default: every file of a known sweep extension).")
    String glob;

    @Option(names = "--sample-id", required = true) String sampleId;
    @Option(names = "--material", required = true) String material;
    @Option(names = "--pressure-gpa", required = true, paramLabel = "GPA") double pressureGpa;
    @Option(names = "--culet-orientation", required = true, paramLabel = "111|100") String culet;
    @Option(names = "--pixel-size-um", required = true, paramLabel = "UM") double pixelSizeUm;
    @Option(names = "--coil-gauss-per-amp", required = true, paramLabel = "G_PER_A") double coilGaussPerAmp;
    @Option(names = "--bias-direction", split = ",", paramLabel = "X,Y,Z", defaultValue = "0,0,1") double[] bias;

    @Option(names = "--temperature-k", paramLabel = "K", description = "Temperature of sweeps whose name has none.")
    Double temperatureK;

    @Option(names = "--protocol", paramLabel = "NAME", description = "Protocol of sweeps whose name has none (default ZFC).")
    String protocol = "ZFC";

    @Option(names = "--format", paramLabel = "TYPE") String format;
    @Option(names = "--frames-variable", paramLabel = "NAME") String framesVariable;
    @Option(names = "--frequencies-variable", paramLabel = "NAME") String frequenciesVariable;
    @Option(names = "--axis-order", paramLabel = "ORDER") String axisOrder;
    @Option(names = "--frequencies-unit", paramLabel = "UNIT") String frequenciesUnit;
    @Option(names = "--sidecar", paramLabel = "FILE") String sidecar;

    @Option(names = "--frequency-axis", paramLabel = "START_HZ:STOP_HZ:POINTS", description = "Explicit axis for every sweep (default: from the files).")
    String frequencyAxis;

    @Option(names = "--edx-file", paramLabel = "PATH") String edxFile;
    @Option(names = "--edx-pixel-size-um", paramLabel = "UM") Double edxPixelSizeUm;
    @Option(names = "--reference-image", paramLabel = "PATH") String referenceImage;

    @Option(names = "--overwrite", description = "Replace an existing acquisition.conf / sweeps.csv in FOLDER.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(folder)) {
            throw new UserException("folder not found", folder.toString(), "give the folder holding the lab's sweep files");
        }
        for (String name : new String[] {AcquisitionSpec.FILE_NAME, SweepCatalog.FILE_NAME}) {
            if (Files.exists(folder.resolve(name)) && !overwrite) {
                throw new UserException(name + " already exists", folder.resolve(name).toString(),
                    "pass --overwrite to replace it, or edit it by hand");
            }
        }
        Pattern regex;
        try {
            regex = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new UserException("--pattern is not a valid regex: " + e.getDescription(), "--pattern " + pattern,
                "write a Java regex with named groups such as (?<temperatureK>[0-9.]+)", e);
        }
        Set<String> groups = groupNames(pattern);
        if (!groups.contains("temperatureK") && temperatureK == null) {
            throw new UserException("no temperature: --pattern has no (?<temperatureK>...) group and --temperature-k is not given",
                "--pattern " + pattern, "add a temperatureK group or --temperature-k");
        }
        if (!groups.contains("coilCurrentA") && !groups.contains("coilCurrentMa") && !groups.contains("fieldGauss")) {
            throw new UserException("no field: --pattern has no coilCurrentA, coilCurrentMa or fieldGauss group",
                "--pattern " + pattern, "add e.g. _I(?<coilCurrentMa>[0-9]+)mA to the pattern");
        }
        SweepFormat fmt = new SweepFormat(format, framesVariable, frequenciesVariable, axisOrder, frequenciesUnit, sidecar)
            .check("culet import options");
        FrequencyAxis axis = FrequencyAxis.IN_FILE;
        if (frequencyAxis != null) {
            axis = FrequencyAxis.parseOrNull(frequencyAxis);
            if (axis == null) {
                throw new UserException("malformed --frequency-axis '" + frequencyAxis + "'", "--frequency-axis",
                    "write START_HZ:STOP_HZ:POINTS, e.g. 2.62e9:3.51e9:300");
            }
        }
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> matcher != null ? matcher.matches(p.getFileName())
                : SweepFormat.typeFromExtension(p.getFileName().toString()) != null || fmt.typeFor("x") != null)
                .filter(p -> !p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().equals(AcquisitionSpec.FILE_NAME)
                    && !p.getFileName().toString().equals(SweepCatalog.FILE_NAME))
                .sorted().toList();
        }
        List<SweepEntry> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int line = 2;
        for (Path p : files) {
            String name = p.getFileName().toString();
            Matcher m = regex.matcher(name);
            if (!m.matches()) {
                skipped.add(folder.relativize(p).toString());
                continue;
            }
            String where = "file " + folder.relativize(p) + " (--pattern " + pattern + ")";
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            String id = group(m, groups, "sweepId", stem);
            if (!ids.add(id)) {
                throw new UserException("two files give the sweep id '" + id + "'", where,
                    "make the sweepId group (or the file names) unique");
            }
            double t = groups.contains("temperatureK") ? number(group(m, groups, "temperatureK", ""), where, "temperatureK")
                : temperatureK;
            double current = Double.NaN;
            if (groups.contains("coilCurrentA") && group(m, groups, "coilCurrentA", null) != null) {
                current = number(m.group("coilCurrentA"), where, "coilCurrentA");
            } else if (groups.contains("coilCurrentMa") && group(m, groups, "coilCurrentMa", null) != null) {
                current = number(m.group("coilCurrentMa"), where, "coilCurrentMa") / 1000.0;
            }
            double field = groups.contains("fieldGauss") && group(m, groups, "fieldGauss", null) != null
                ? number(m.group("fieldGauss"), where, "fieldGauss") : Double.NaN;
            if (Double.isNaN(current) && Double.isNaN(field)) {
                throw new UserException("the file name gives neither a coil current nor a field", where,
                    "make the current or field group match every sweep file");
            }
            String protocolText = group(m, groups, "protocol", protocol);
            Protocol prot = Protocol.parseOrNull(protocolText.toUpperCase(Locale.ROOT));
            if (prot == null) {
                throw new UserException("unknown protocol '" + protocolText + "'", where, "use one of " + Protocol.names());
            }
            double pressure = groups.contains("pressureGpa") && group(m, groups, "pressureGpa", null) != null
                ? number(m.group("pressureGpa"), where, "pressureGpa") : Double.NaN;
            double cooling = groups.contains("coolingFieldGauss") && group(m, groups, "coolingFieldGauss", null) != null
                ? number(m.group("coolingFieldGauss"), where, "coolingFieldGauss")
                : prot == Protocol.ZFC ? 0.0 : Double.NaN;
            String rel = folder.relativize(p).toString().replace('\\', '/');
            if (rel.contains(",")) {
                throw new UserException("the file name contains a comma, which sweeps.csv cannot hold", where,
                    "rename the file without commas");
            }
            rows.add(new SweepEntry(id, rel, t, current, field, cooling, prot, pressure, axis, line++));
        }
        if (rows.isEmpty()) {
            throw new UserException("--pattern matches none of the " + files.size() + " candidate files", folder.toString(),
                "check the pattern against a file name (the regex must match the whole name), e.g. "
                    + (files.isEmpty() ? "(no files)" : files.get(0).getFileName()));
        }
        CuletOrientation orientation;
        try {
            orientation = CuletOrientation.parse(culet);
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown --culet-orientation '" + culet + "'", "--culet-orientation", "write 111 or 100");
        }
        if (bias.length != 3) {
            throw new UserException("--bias-direction needs 3 components", "--bias-direction", "write e.g. 0,0,1");
        }
        double norm = Math.sqrt(bias[0] * bias[0] + bias[1] * bias[1] + bias[2] * bias[2]);
        AcquisitionSpec acq = new AcquisitionSpec(AcquisitionSpec.FORMAT_VERSION, sampleId, material, pressureGpa, orientation,
            pixelSizeUm, coilGaussPerAmp, new double[] {bias[0] / norm, bias[1] / norm, bias[2] / norm},
            SweepCatalog.FILE_NAME, edxFile, edxFile == null ? Double.NaN : edxPixelSizeUm == null ? Double.NaN : edxPixelSizeUm,
            referenceImage, ConfigFactory.parseString("imported-by = \"culet import\", pattern = " + quote(pattern)), fmt);
        acq.save(folder);
        SweepCatalog.write(folder, rows);
        out.printf(Locale.ROOT, "wrote %s and %s: %d sweeps%n", folder.resolve(AcquisitionSpec.FILE_NAME),
            folder.resolve(SweepCatalog.FILE_NAME), rows.size());
        for (String s : skipped) {
            out.println("  skipped (the pattern does not match): " + s);
        }
        AcquisitionValidator.ValidatedAcquisition v = AcquisitionValidator.validate(folder);
        out.printf(Locale.ROOT, "validated: %d sweeps of %d x %d px; run it with: culet run %s --out WAREHOUSE%n",
            v.catalog().entries().size(), v.height(), v.width(), folder);
        out.flush();
        return 0;
    }

    private static String quote(String s) {
        return com.typesafe.config.ConfigValueFactory.fromAnyRef(s).render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private static Set<String> groupNames(String regex) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        Set<String> known = Set.of("temperatureK", "coilCurrentA", "coilCurrentMa", "fieldGauss", "protocol", "sweepId",
            "pressureGpa", "coolingFieldGauss");
        for (String n : names) {
            if (!known.contains(n)) {
                throw new UserException("unknown group name '" + n + "' in --pattern", "--pattern " + regex,
                    "use the group names " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return names;
    }

    private static String group(Matcher m, Set<String> groups, String name, String fallback) {
        if (!groups.contains(name)) {
            return fallback;
        }
        String v = m.group(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static double number(String text, String where, String group) {
        try {
            return Double.parseDouble(text.replace('p', '.'));
        } catch (NumberFormatException | NullPointerException e) {
            throw new UserException("group " + group + " matched '" + text + "', not a number", where,
                "make the group match only the number, e.g. (?<" + group + ">[0-9.]+)");
        }
    }
}
