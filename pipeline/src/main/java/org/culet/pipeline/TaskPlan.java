package org.culet.pipeline;

import java.io.Serializable;
import java.util.List;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.AcquisitionValidator.ValidatedAcquisition;
import org.culet.acquisition.SweepEntry;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.io.Location;
import org.culet.config.CuletConfig;

/**
 * What every Spark task needs to process its tiles, and nothing more: the effective configuration (as HOCON
 * text, re-parsed once per task), the acquisition's scalar metadata and the sweep list as plain arrays.
 * Raw frames are not here: each task reads its own tile windows from the sweep files. Immutable, Serializable.
 */
public final class TaskPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    final String configHocon;
    final String sampleId;
    final double pressureGpa;
    final String culetOrientation;
    final double coilGaussPerAmp;
    final double pixelSizeUm;
    final double[] biasDirection;
    final int height;
    final int width;
    /** Sweeps in catalogue order. */
    final String[] sweepIds;
    /** Absolute paths (or URIs) of the sweep files. */
    final String[] sweepFiles;
    /** Sweep files as written in sweeps.csv (for messages and quarantine rows). */
    final String[] sweepFilesRelative;
    final double[] temperatureK;
    final double[] coilCurrentA;
    final double[] appliedFieldGauss;
    final String[] protocol;
    /** Explicit frequency axis (Hz) of a sweep, or null when the file holds it. */
    final double[][] axisOverrideHz;
    /** How to read each sweep file (acquisition.conf's format block with the row's overrides). */
    final SweepFormat[] formats;
    /** The driver's {@code spark.hadoop.*} settings, applied on executors before opening remote sweep files. */
    final java.util.Map<String, String> hadoopProperties;
    /**
     * Threads of an executor's {@link SweepPool} (culet.pipeline.sweep-threads resolved on the driver): the executor's
     * task cores, or 0 when unknown (one thread per running task).
     */
    final int executorCores;

    TaskPlan(CuletConfig config, ValidatedAcquisition acquisition, List<SweepEntry> sweeps) {
        this.configHocon = config.root().getConfig("culet").atKey("culet").root().render(ConfigRenderOptions.concise());
        AcquisitionSpec spec = acquisition.spec();
        this.sampleId = spec.sampleId();
        this.pressureGpa = spec.pressureGpa();
        this.culetOrientation = spec.culet().label();
        this.coilGaussPerAmp = spec.coilGaussPerAmp();
        this.pixelSizeUm = spec.pixelSizeUm();
        this.biasDirection = spec.biasDirection();
        this.height = acquisition.height();
        this.width = acquisition.width();
        int n = sweeps.size();
        sweepIds = new String[n];
        sweepFiles = new String[n];
        sweepFilesRelative = new String[n];
        temperatureK = new double[n];
        coilCurrentA = new double[n];
        appliedFieldGauss = new double[n];
        protocol = new String[n];
        axisOverrideHz = new double[n][];
        formats = new SweepFormat[n];
        hadoopProperties = sparkHadoopProperties();
        executorCores = executorCores(config.root().getConfig("culet"));
        for (int i = 0; i < n; i++) {
            SweepEntry e = sweeps.get(i);
            sweepIds[i] = e.sweepId();
            sweepFiles[i] = acquisition.location().resolve(e.file()).toString();
            formats[i] = e.format(spec);
            sweepFilesRelative[i] = e.file();
            temperatureK[i] = e.temperatureK();
            coilCurrentA[i] = e.coilCurrentA();
            appliedFieldGauss[i] = e.appliedFieldGauss(spec);
            protocol[i] = e.protocol().name();
            axisOverrideHz[i] = e.frequencyAxis().inFile() ? null : e.frequencyAxis().valuesHz();
        }
    }

    /**
     * culet.pipeline.sweep-threads: a number, or auto = the executor's task cores as the driver knows them: N for
     * local[N] (local: 1, local[*]: this machine's processors), else spark.executor.cores when set, else 0 (unknown).
     */
    static int executorCores(Config culet) {
        String setting = culet.getString("pipeline.sweep-threads").trim();
        if (!setting.equalsIgnoreCase("auto")) {
            try {
                int n = Integer.parseInt(setting);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new org.culet.config.UserException("culet.pipeline.sweep-threads = " + setting
                + " is neither auto nor a number of threads >= 0", "configuration key culet.pipeline.sweep-threads",
                "write culet.pipeline.sweep-threads = auto, or a number such as 4");
        }
        scala.Option<org.apache.spark.sql.SparkSession> active = org.apache.spark.sql.SparkSession.getActiveSession();
        if (active.isEmpty()) {
            return 0;
        }
        org.apache.spark.SparkConf conf = active.get().sparkContext().getConf();
        return coresOf(active.get().sparkContext().master(), conf.getOption("spark.executor.cores"));
    }

    /** Task cores of an executor from the master URL and spark.executor.cores (0 unknown). Package-private for tests. */
    static int coresOf(String master, scala.Option<String> executorCoresSetting) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?")
            .matcher(master.trim());
        if (local.matches()) {
            String n = local.group(1);
            return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        if (executorCoresSetting.isDefined()) {
            try {
                return Math.max(0, Integer.parseInt(executorCoresSetting.get().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static java.util.Map<String, String> sparkHadoopProperties() {
        java.util.Map<String, String> props = new java.util.TreeMap<>();
        scala.Option<org.apache.spark.sql.SparkSession> active = org.apache.spark.sql.SparkSession.getActiveSession();
        if (active.isDefined()) {
            for (scala.Tuple2<String, String> kv : active.get().sparkContext().getConf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) {
                    props.put(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        return props;
    }

    /** Opens sweep s (local path or Hadoop URI) in its format; called by the tasks. */
    SweepReader openSweep(int s) {
        Location.ensureHadoopProperties(hadoopProperties);
        return SweepReaders.open(Location.of(sweepFiles[s]), formats[s], axisOverrideHz[s]);
    }

    int sweepCount() {
        return sweepIds.length;
    }

    /** The effective configuration, re-parsed (call once per task). */
    Config config() {
        return ConfigFactory.parseString(configHocon).resolve();
    }
}
