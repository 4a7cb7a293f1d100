package org.culet.cli;

import java.io.IOException;
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
 * {@code culet demo}: generates the demo acquisition (preset demo). Later issues make it run the whole
 * pipeline on it. Re-running replaces the demo acquisition it wrote before (only a synthetic one).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generates the demo synthetic acquisition (preset demo, whose truth is known) and prints what it wrote."})
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

    @Override
    public Integer call() throws IOException {
        CuletConfig config = configOptions.load("demo");
        PrintWriter console = spec.commandLine().getOut();
        Path acquisition = out.resolve("acquisition");
        SimulateCommand.run(config, "demo", seed, acquisition, null, true, console);
        console.println("demo acquisition ready: " + acquisition.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }
}
