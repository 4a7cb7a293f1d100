package org.culet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.pipeline.CuletJob;
import org.culet.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code culet run ACQUISITION --out WAREHOUSE}: the whole pipeline on one acquisition. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the pipeline on one acquisition folder (validate, fit every pixel of every sweep on Spark,",
        "field and stress, Meissner series and local Tc, composition, pixel_table, phase diagram) and publishes",
        "the tables atomically into the warehouse."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Parameters(index = "0", paramLabel = "ACQUISITION",
        description = "Acquisition folder (acquisition.conf, sweeps.csv, sweep files): a path or a Hadoop URI (hdfs://..., s3a://...).")
    String acquisition;

    @Option(names = "--out", required = true, paramLabel = "WAREHOUSE",
        description = "Warehouse folder or URI (created when missing); many acquisitions share one.")
    String warehouse;

    @Option(names = "--overwrite", description = "Replace this acquisition's published tables (checked before any computing).")
    boolean overwrite;

    @Option(names = "--stringency", paramLabel = "STRICT|LENIENT",
        description = "Bad input: STRICT stops with an error (default), LENIENT quarantines it (culet.pipeline.stringency).")
    String stringency;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (culet.spark.master; default local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "Force the number of fit partitions (culet.pipeline.partitions).")
    Integer partitions;

    @Override
    public Integer call() {
        if (stringency != null) {
            configOptions.overrides.put("culet.pipeline.stringency", stringency.toUpperCase(Locale.ROOT));
        }
        if (master != null) {
            configOptions.overrides.put("culet.spark.master", master);
        }
        if (partitions != null) {
            configOptions.overrides.put("culet.pipeline.partitions", partitions.toString());
        }
        CuletConfig config = configOptions.load("run");
        PrintWriter out = spec.commandLine().getOut();
        CuletJob.Result result = run(config, acquisition, warehouse, overwrite, "RUN");
        result.summary().print(out);
        out.printf(Locale.ROOT, "published %s (sample %s, %.3f GPa) into %s%n", result.manifest().runId(),
            result.manifest().sampleId(), result.manifest().pressureGpa(), warehouse);
        out.flush();
        return 0;
    }

    /** Runs the job with a session built from the configuration (shared by run and demo). */
    public static CuletJob.Result run(CuletConfig config, Path acquisition, String warehouse, boolean overwrite, String mode) {
        if (!Files.isDirectory(acquisition)) {
            throw new UserException("acquisition folder not found: " + acquisition, acquisition.toString(),
                "give the folder that holds acquisition.conf and sweeps.csv (culet simulate writes one)");
        }
        return run(config, acquisition.toString(), warehouse, overwrite, mode);
    }

    /** Runs the job on an acquisition given as a local path or a Hadoop filesystem URI. */
    public static CuletJob.Result run(CuletConfig config, String acquisition, String warehouse, boolean overwrite, String mode) {
        Location location = Location.of(acquisition);
        if (location.isLocal() && !location.isDirectory()) { // fail before starting Spark
            throw new UserException("acquisition folder not found: " + acquisition, location.toString(),
                "give the folder that holds acquisition.conf and sweeps.csv (culet simulate writes one), or its URI");
        }
        SparkSession spark = SparkSessions.create(config, "culet run " + location.name());
        Location.useHadoopConfiguration(spark.sparkContext().hadoopConfiguration());
        if (!location.isDirectory()) {
            throw new UserException("acquisition folder not found: " + acquisition, location.toString(),
                "give the folder that holds acquisition.conf and sweeps.csv (culet simulate writes one), or its URI");
        }
        return CuletJob.run(spark, config, location, warehouse, overwrite, mode);
    }

}
