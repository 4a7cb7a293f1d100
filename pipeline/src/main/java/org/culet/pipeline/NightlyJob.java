package org.culet.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.SweepCatalog;
import org.culet.acquisition.SweepEntry;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.tables.Tables;
import org.culet.warehouse.Checksums;
import org.culet.warehouse.Manifest;
import org.culet.warehouse.RunWriter;
import org.culet.warehouse.Warehouse;
import org.culet.warehouse.WarehouseBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code culet nightly}: every acquisition in an inbox whose inputs changed since its last publish (or that was
 * never published) goes through {@link CuletJob#run} (mode NIGHTLY, replacing exactly its own partitions);
 * the others are skipped. What happened to each acquisition is one {@code run_log} row: PUBLISHED (written by the
 * publish itself), UNCHANGED or FAILED.
 *
 * <p>"Changed" is decided by content: the SHA-256 of every input file (acquisition.conf, sweeps.csv, each sweep
 * file it lists, the EDX and reference images), keyed by the path relative to the acquisition folder, against
 * the checksums recorded in the published manifest. Renaming or moving the inbox changes nothing; a new sweep
 * (new line in sweeps.csv) or a rewritten file does. A changed configuration alone does not trigger a re-run
 * ({@code culet run --overwrite} does that).
 *
 * <p>The whole run holds the warehouse's nightly lock: a second nightly run (or a {@code culet run} from another
 * process) is refused with a {@link WarehouseBusyException}. One acquisition failing does not stop the others.
 */
public final class NightlyJob {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

    /** What happened to one acquisition. */
    public enum Action { PROCESSED, SKIPPED, FAILED }

    /** One acquisition's outcome. */
    public record Entry(Path acquisition, String sampleId, double pressureGpa, Action action, String inputsSha256,
                        long pixelTableRows, double seconds, String message) {
    }

    /** The whole run. */
    public record Report(String nightlyId, List<Entry> entries) {
        public long count(Action a) {
            return entries.stream().filter(e -> e.action() == a).count();
        }
    }

    /** Called before each acquisition is examined (tests use it to hold a run open). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = dir -> { };

        void examining(Path acquisitionDir);
    }

    private NightlyJob() {
    }

    /**
     * Runs nightly mode over {@code inbox} into {@code warehouseUri}.
     *
     * @throws WarehouseBusyException when another nightly run holds the warehouse
     * @throws UserException          when the inbox is not a folder
     */
    public static Report run(SparkSession spark, CuletConfig config, Path inbox, String warehouseUri,
                             Listener listener) {
        if (!Files.isDirectory(inbox)) {
            throw new UserException("inbox folder not found: " + inbox, "--inbox " + inbox,
                "give the folder whose subfolders are acquisitions (each with acquisition.conf)");
        }
        boolean logUnchanged = config.culet().getBoolean("nightly.log-unchanged");
        String nightlyId = "nightly-" + Instant.now().toString().replace(":", "").replace("-", "")
            .replaceAll("\\.\\d+Z$", "Z") + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
        Warehouse warehouse = Warehouse.open(spark, warehouseUri);
        List<Entry> entries = new ArrayList<>();
        List<Row> logRows = new ArrayList<>();
        try (Closeable ignored = warehouse.lockNightly(nightlyId)) {
            List<Path> dirs = acquisitions(inbox);
            LOG.info("{}: {} acquisition(s) in {}", nightlyId, dirs.size(), inbox);
            Map<String, Path> seenKeys = new LinkedHashMap<>();
            for (Path dir : dirs) {
                listener.examining(dir);
                Entry e = examine(spark, config, warehouse, dir, nightlyId, seenKeys);
                entries.add(e);
                LOG.info("{}: {} {} ({})", nightlyId, e.action(), dir.getFileName(), e.message());
                if (e.action() == Action.FAILED || (e.action() == Action.SKIPPED && logUnchanged)) {
                    logRows.add(runLogRow(e, nightlyId, entries.size()));
                }
            }
            try {
                warehouse.appendRunLog(spark, logRows);
            } catch (RuntimeException ex) {
                LOG.error("{}: could not record {} run_log row(s): {}", nightlyId, logRows.size(), ex.getMessage());
                throw ex;
            }
        } catch (IOException e) {
            throw new UserException("cannot release the nightly lock: " + e.getMessage(), warehouseUri,
                "delete " + Warehouse.NIGHTLY_LOCK + " in the warehouse if no culet run is active", e);
        }
        return new Report(nightlyId, entries);
    }

    /** Immediate subfolders of {@code inbox} holding an acquisition.conf, sorted by name. */
    static List<Path> acquisitions(Path inbox) {
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(AcquisitionSpec.FILE_NAME)))
                .sorted().toList();
        } catch (IOException e) {
            throw new UserException("cannot list the inbox: " + e.getMessage(), inbox.toString(),
                "check that the folder exists and is readable", e);
        }
    }

    private static Entry examine(SparkSession spark, CuletConfig config, Warehouse warehouse, Path dir,
                                 String nightlyId, Map<String, Path> seenKeys) {
        long t0 = System.nanoTime();
        String sampleId = null;
        double pressureGpa = Double.NaN;
        String inputsSha = null;
        try {
            AcquisitionSpec spec = AcquisitionSpec.load(dir);
            sampleId = spec.sampleId();
            pressureGpa = spec.pressureGpa();
            Warehouse.validateAcquisitionKey(sampleId, pressureGpa);
            String key = Warehouse.partitionSubpath(sampleId, pressureGpa);
            Path other = seenKeys.putIfAbsent(key, dir);
            if (other != null) {
                throw new UserException("acquisition " + dir.getFileName() + " has the same sample-id and pressure as "
                    + other.getFileName() + " (" + key + "): both would replace the same partitions",
                    dir.resolve(AcquisitionSpec.FILE_NAME).toString(),
                    "give each acquisition its own sample-id or pressure-gpa, or move one out of the inbox");
            }
            SortedMap<String, String> sums = Checksums.sha256All(spark.sparkContext().hadoopConfiguration(),
                inputFiles(dir, spec), 2);
            inputsSha = Checksums.combined(sums);
            String content = contentFingerprint(dir.toAbsolutePath().toUri(), sums);
            Optional<Manifest> published = warehouse.manifest(sampleId, pressureGpa);
            if (published.isPresent() && content.equals(contentFingerprint(published.get()))) {
                return new Entry(dir, sampleId, pressureGpa, Action.SKIPPED, inputsSha, -1, seconds(t0),
                    "inputs unchanged since run " + published.get().runId());
            }
            String why = published.isEmpty() ? "new acquisition" : "inputs changed since run " + published.get().runId();
            LOG.info("{}: processing {} ({})", nightlyId, dir.getFileName(), why);
            CuletJob.Result r = CuletJob.run(spark, config, dir, warehouse.root().toString(), true, "NIGHTLY");
            return new Entry(dir, sampleId, pressureGpa, Action.PROCESSED, r.manifest().inputsSha256(),
                r.rowCounts().getOrDefault(Tables.PIXEL_TABLE.name(), 0L), seconds(t0),
                why + "; published run " + r.manifest().runId());
        } catch (WarehouseBusyException e) {
            throw e; // someone else writes right now: stop, nothing of ours is half done
        } catch (RuntimeException e) {
            LOG.debug("acquisition {} failed", dir, e);
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            return new Entry(dir, sampleId, pressureGpa, Action.FAILED, inputsSha, -1, seconds(t0),
                (e instanceof UserException ? "" : e.getClass().getSimpleName() + ": ") + first);
        }
    }

    /** The input files of an acquisition, as {@link CuletJob} checksums them (URIs). */
    static List<String> inputFiles(Path dir, AcquisitionSpec spec) {
        List<String> inputs = new ArrayList<>();
        inputs.add(dir.resolve(AcquisitionSpec.FILE_NAME).toUri().toString());
        inputs.add(dir.resolve(spec.sweepsCsv()).toUri().toString());
        for (SweepEntry e : SweepCatalog.load(dir, spec.sweepsCsv()).entries()) {
            Path file = AcquisitionSpec.resolve(dir, e.file());
            if (Files.isRegularFile(file)) {
                inputs.add(file.toUri().toString());
            }
        }
        if (spec.edxFile() != null) {
            inputs.add(AcquisitionSpec.resolve(dir, spec.edxFile()).toUri().toString());
        }
        if (spec.referenceImageFile() != null) {
            inputs.add(AcquisitionSpec.resolve(dir, spec.referenceImageFile()).toUri().toString());
        }
        return inputs;
    }

    /** Checksum of the inputs by content and path relative to the acquisition folder (moving it changes nothing). */
    static String contentFingerprint(URI acquisitionDir, Map<String, String> checksums) {
        String base = acquisitionDir.normalize().getPath();
        if (!base.endsWith("/")) {
            base += "/";
        }
        SortedMap<String, String> relative = new TreeMap<>();
        for (Map.Entry<String, String> e : checksums.entrySet()) {
            String path = URI.create(e.getKey()).normalize().getPath();
            relative.put(path != null && path.startsWith(base) ? path.substring(base.length()) : e.getKey(), e.getValue());
        }
        return Checksums.combined(relative);
    }

    /** {@link #contentFingerprint(URI, Map)} of a published manifest (its "acquisition" property is the folder). */
    static String contentFingerprint(Manifest m) {
        String acq = m.properties().getOrDefault("acquisition", "");
        URI base = acq.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !acq.matches("^[A-Za-z]:\\\\.*")
            ? URI.create(acq) : Path.of(acq).toAbsolutePath().toUri();
        return contentFingerprint(base, m.inputChecksums());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The run_log row of a skipped or failed acquisition. */
    private static Row runLogRow(Entry e, String nightlyId, int index) {
        String sample = e.sampleId();
        double pressure = e.pressureGpa();
        String note = "";
        boolean keyUsable = true;
        try {
            Warehouse.validateAcquisitionKey(sample, pressure);
        } catch (UserException ex) {
            keyUsable = false;
        }
        if (!keyUsable) {
            // acquisition.conf unreadable: file the row under the folder name, pressure 0.
            sample = e.acquisition().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            if (!Character.isLetterOrDigit(sample.charAt(0))) {
                sample = "x" + sample;
            }
            pressure = 0.0;
            note = " (no valid sample-id/pressure: filed under the folder name at 0 GPa)";
        }
        Instant finished = Instant.now();
        Instant started = finished.minusNanos(Math.round(e.seconds() * 1e9));
        return RowFactory.create(sample, pressure, nightlyId + "-" + String.format(Locale.ROOT, "%03d", index),
            Timestamp.from(started), Timestamp.from(finished), "NIGHTLY",
            e.action() == Action.SKIPPED ? "UNCHANGED" : "FAILED", e.inputsSha256(), null, RunWriter.codeVersion(),
            Tables.SCHEMA_VERSION, null, null, Duration.between(started, finished).toMillis() / 1e3,
            hostName(),
            nightlyId + ": acquisition " + e.acquisition().toAbsolutePath() + ": " + e.message() + note);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
