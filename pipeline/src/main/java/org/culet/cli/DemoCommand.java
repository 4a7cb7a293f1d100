package org.culet.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.culet.pipeline.CuletJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.culet.config.CuletConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code culet demo}: generates the demo acquisition (preset demo), runs the pipeline on it into
 * DIR/warehouse and prints the tables and suggested SQL; then every {@link PostRunExporter} (figures and report
 * into DIR/export, from notebooks-export) runs. Re-running replaces what it wrote before.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generates the demo synthetic acquisition (preset demo, whose truth is known), runs the whole",
        "pipeline on it on local Spark, and prints where the tables are and some SQL to try."})
public final class DemoCommand implements Callable<Integer> {
    /** Default output: ./culet-demo/acquisition. */
    public static final Path DEFAULT_OUT = Path.of("culet-demo");

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "culet-demo",
        description = "Demo folder; the acquisition goes to DIR/acquisition (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-run", description = "Only generate the acquisition (do not run the pipeline).")
    boolean skipRun;

    @Override
    public Integer call() throws IOException {
        CuletConfig config = configOptions.load("demo");
        PrintWriter console = spec.commandLine().getOut();
        Path acquisition = out.resolve("acquisition");
        SimulateCommand.run(config, "demo", seed, acquisition, null, true, console);
        console.println("demo acquisition ready: " + acquisition.toAbsolutePath().normalize());
        console.flush();
        if (skipRun) {
            return 0;
        }
        Path warehouse = out.resolve("warehouse").toAbsolutePath().normalize();
        console.println("running the pipeline on it (local Spark; progress below) ...");
        console.flush();
        CuletJob.Result result = RunCommand.run(config, acquisition, warehouse.toUri().toString(), true, "RUN");
        result.summary().print(console);
        console.println();
        console.println("tables (Parquet, partitioned by sample_id and pressure_gpa) in " + warehouse + "/tables:");
        for (Map.Entry<String, Long> e : result.rowCounts().entrySet()) {
            console.printf(Locale.ROOT, "  %-14s %9d rows  %s%n", e.getKey(), e.getValue(), warehouse.resolve("tables").resolve(e.getKey()));
        }
        console.println();
        console.println("try some SQL (culet sql --warehouse " + warehouse + " -e \"...\"):");
        for (String sql : SUGGESTED_SQL) {
            console.println("  bin/culet sql --warehouse " + warehouse + " -e \"" + sql + "\"");
        }
        console.flush();
        for (PostRunExporter exporter : java.util.ServiceLoader.load(PostRunExporter.class)) {
            exporter.export(config, warehouse.toUri().toString(), result.manifest(), out.resolve("export"), console);
        }
        return 0;
    }

    /** The SQL the demo suggests (the README shows the same). */
    static final List<String> SUGGESTED_SQL = List.of(
        "SELECT status, count(*) AS n FROM pixel_fits GROUP BY status ORDER BY n DESC",
        "SELECT round(sigma_zz_gpa) AS szz_gpa, count(*) AS pixels, avg(CAST(superconducting AS INT)) AS sc_fraction, "
            + "percentile(tc_fit_k, 0.5) AS median_tc_k FROM pixel_table WHERE in_phase_diagram GROUP BY 1 ORDER BY 1",
        "SELECT tau_lo_gpa, tau_hi_gpa, sum(n_pixels) AS n, sum(n_superconducting) / sum(n_pixels) AS sc_fraction "
            + "FROM phase_diagram WHERE diagram = 'SZZ_TAU' GROUP BY 1, 2 ORDER BY 1",
        "SELECT temperature_k, avg(field_ratio) AS mean_ratio FROM pixel_physics WHERE protocol = 'ZFC' GROUP BY 1 ORDER BY 1");
}
