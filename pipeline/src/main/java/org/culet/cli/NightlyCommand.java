package org.culet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.pipeline.NightlyJob;
import org.culet.spark.SparkSessions;
import org.culet.warehouse.WarehouseBusyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code culet nightly --inbox DIR --warehouse DIR}: process what is new in an inbox, safe to repeat. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Processes every acquisition in the inbox (subfolders with acquisition.conf) that is new or whose",
        "input files changed since its last publish (by SHA-256 of content), replacing exactly its partitions; skips",
        "the others; records each acquisition in run_log (PUBLISHED, UNCHANGED or FAILED). Safe to repeat: a second",
        "run changes nothing. Concurrent runs on one warehouse are refused.",
        "Exit codes: 0 all processed or unchanged, 1 some acquisition failed (the others were processed),",
        "2 user error, 75 the warehouse is busy (another run holds its lock; retry later), 70 internal error."})
public final class NightlyCommand implements Callable<Integer> {
    /** Some acquisitions failed; the others were processed. */
    public static final int EXIT_SOME_FAILED = 1;
    /** Another run holds the warehouse (sysexits EX_TEMPFAIL): nothing was changed, retry later. */
    public static final int EXIT_BUSY = 75;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--inbox", required = true, paramLabel = "DIR",
        description = "Folder whose subfolders are acquisitions (each with acquisition.conf).")
    Path inbox;

    @Option(names = "--warehouse", required = true, paramLabel = "WAREHOUSE",
        description = "Warehouse folder or URI (created when missing).")
    String warehouse;

    @Option(names = "--stringency", paramLabel = "STRICT|LENIENT",
        description = "Bad input: STRICT fails the acquisition (default), LENIENT quarantines it (culet.pipeline.stringency).")
    String stringency;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (culet.spark.master; default local[*]).")
    String master;

    @Override
    public Integer call() {
        if (stringency != null) {
            configOptions.overrides.put("culet.pipeline.stringency", stringency.toUpperCase(Locale.ROOT));
        }
        if (master != null) {
            configOptions.overrides.put("culet.spark.master", master);
        }
        CuletConfig config = configOptions.load("nightly");
        SparkSession spark = SparkSessions.create(config, "culet nightly " + inbox.getFileName());
        return run(spark, config, inbox, warehouse, NightlyJob.Listener.NONE, spec.commandLine().getOut(),
            spec.commandLine().getErr());
    }

    /** Runs nightly mode, prints one line per acquisition and a summary, returns the exit code. */
    public static int run(SparkSession spark, CuletConfig config, Path inbox, String warehouse,
                          NightlyJob.Listener listener, PrintWriter out, PrintWriter err) {
        NightlyJob.Report report;
        try {
            report = NightlyJob.run(spark, config, inbox, warehouse, listener);
        } catch (WarehouseBusyException e) {
            err.println("culet nightly: warehouse busy, nothing done: " + e.getMessage());
            err.flush();
            return EXIT_BUSY;
        }
        for (NightlyJob.Entry e : report.entries()) {
            out.printf(Locale.ROOT, "%-9s %-24s %s%s  %.1f s  %s%n", e.action(), e.acquisition().getFileName(),
                e.sampleId() == null ? "?" : e.sampleId() + " @ " + e.pressureGpa() + " GPa",
                e.pixelTableRows() >= 0 ? ", " + e.pixelTableRows() + " pixels" : "", e.seconds(), e.message());
        }
        long failed = report.count(NightlyJob.Action.FAILED);
        out.printf(Locale.ROOT, "%s: %d processed, %d unchanged, %d failed (warehouse %s)%n", report.nightlyId(),
            report.count(NightlyJob.Action.PROCESSED), report.count(NightlyJob.Action.SKIPPED), failed, warehouse);
        out.flush();
        if (failed > 0) {
            err.println("culet nightly: " + failed + " acquisition(s) failed; see the lines marked FAILED and run_log");
            err.flush();
            return EXIT_SOME_FAILED;
        }
        return 0;
    }
}
