package org.culet.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.culet.config.UserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code culet} command line. Subcommands of this module are listed here; other modules (for example
 * notebooks-export's {@code export}) add theirs through {@link CuletSubcommand} service entries.
 *
 * <p>Exit codes: 0 success, 2 user error (message says what, where and how to fix), 1 a run that finished
 * with failures it reports, 70 internal error (a bug; stack trace in the log file).
 */
@Command(name = "culet", mixinStandardHelpOptions = true, versionProvider = Culet.Version.class,
    description = "Wide-field NV microscopy of superconductors under pressure, from sweeps to a phase diagram.",
    subcommands = {NvLinesCommand.class, SimulateCommand.class, DemoCommand.class, FitSpectraCommand.class,
        RunCommand.class, SqlCommand.class, BenchCommand.class, InspectCommand.class, ImportCommand.class,
        NightlyCommand.class, SubmitCommand.class, CommandLine.HelpCommand.class})
public final class Culet implements Runnable {
    public static final int EXIT_USER_ERROR = 2;
    public static final int EXIT_INTERNAL_ERROR = 70;

    private static final Logger LOG = LoggerFactory.getLogger(Culet.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand, including those of other modules. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Culet());
        for (CuletSubcommand extra : ServiceLoader.load(CuletSubcommand.class)) {
            cl.addSubcommand(extra.name(), extra.command());
        }
        cl.setExecutionExceptionHandler(Culet::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Runs culet with {@code args} and returns the exit code (never calls System.exit). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable user = e;
        while (user != null && !(user instanceof UserException)) {
            user = user.getCause();
        }
        if (user != null) {
            err.println("culet " + cl.getCommandName() + ": error: " + user.getMessage());
            err.flush();
            LOG.debug("user error", e);
            return EXIT_USER_ERROR;
        }
        Throwable config = e;
        while (config != null && !(config instanceof com.typesafe.config.ConfigException)) {
            config = config.getCause();
        }
        if (config != null) {
            // A key of the wrong type or value (from --config or -D): the user's input, not a bug.
            err.println("culet " + cl.getCommandName() + ": configuration error: " + config.getMessage());
            err.println("  each key's type and unit are in the README's configuration section and reference.conf; on the "
                + "command line a list is written -Dkey=[a,b,c] and a string with spaces -Dkey=\"a b\"");
            err.flush();
            LOG.debug("configuration error", e);
            return EXIT_USER_ERROR;
        }
        LOG.error("internal error in '{}'", cl.getCommandName(), e);
        String message = String.valueOf(e);
        if (message.length() > 600) {
            message = message.substring(0, 600) + " ...";
        }
        err.println("culet " + cl.getCommandName() + ": internal error (a bug in culet, please report it): " + message);
        err.println("  the stack trace is in the log file: " + System.getProperty("culet.log.file",
            System.getProperty("java.io.tmpdir") + "/culet/culet.log"));
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }

    /** Version from the jar manifest (Maven project version), or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Culet.class.getPackage().getImplementationVersion();
            return new String[] {"culet " + (v == null ? "dev" : v)};
        }
    }
}
