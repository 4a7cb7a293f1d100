package org.culet.export.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.culet.cli.ConfigOptions;
import org.culet.config.CuletConfig;
import org.culet.export.Exporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code culet export figures|notebook|report}. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Figures, a Jupyter notebook and an HTML report of one acquisition of a warehouse."},
    subcommands = {ExportCommand.Figures.class, ExportCommand.Notebook.class, ExportCommand.Report.class})
public final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared body of the subcommands. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions configOptions = new ConfigOptions();

        @Mixin
        ExportOptions options = new ExportOptions();

        abstract void export(Exporter exporter, PrintWriter console);

        @Override
        public Integer call() {
            CuletConfig config = configOptions.load("export " + spec.name());
            Exporter exporter = Exporter.open(config, null, options.warehouse, options.sample, options.pressure,
                options.out);
            PrintWriter console = spec.commandLine().getOut();
            export(exporter, console);
            console.flush();
            return 0;
        }
    }

    @Command(name = "figures", mixinStandardHelpOptions = true,
        description = {"Maps (B_par and field shift at base temperature, screening ratio, local Tc, sigma_ZZ, tau, La:Ni),",
            "the phase diagram (superconducting fraction and median Tc over (sigma_ZZ, tau), fraction vs T in",
            "sigma_ZZ bands) and the fit quality (status, chi^2), as PNG and SVG in OUT/figures."})
    static final class Figures extends Base {
        @Override
        void export(Exporter exporter, PrintWriter console) {
            exporter.printFigures(console);
        }
    }

    @Command(name = "notebook", mixinStandardHelpOptions = true,
        description = {"A Jupyter notebook (OUT/notebook.ipynb) that loads the tables with pandas (Parquet with pyarrow,",
            "else the CSV extracts in OUT/data), shows the SQL of each extract and redraws every figure with",
            "matplotlib; the figures culet drew are embedded as outputs."})
    static final class Notebook extends Base {
        @Override
        void export(Exporter exporter, PrintWriter console) {
            Path nb = exporter.notebook();
            console.println("notebook of " + exporter.data().label() + ": " + nb);
            console.println("  run it: jupyter nbconvert --to notebook --execute " + nb);
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
        description = {"An HTML report (OUT/report.html): the figures and the run manifest (inputs, configuration,",
            "row counts, statuses, quarantine, time per stage)."})
    static final class Report extends Base {
        @Override
        void export(Exporter exporter, PrintWriter console) {
            console.println("report of " + exporter.data().label() + ": " + exporter.report());
        }
    }

    /** Registers {@code export} with culet (META-INF/services/org.culet.cli.CuletSubcommand). */
    public static final class Provider implements org.culet.cli.CuletSubcommand {
        @Override
        public String name() {
            return "export";
        }

        @Override
        public Object command() {
            return new ExportCommand();
        }
    }

}
