package org.culet.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.culet.config.UserException;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A culet warehouse: one folder (any Hadoop file system URI: {@code file:///...}, {@code hdfs://...}) holding the
 * tables of many acquisitions, as plain hive-partitioned Parquet that Spark, DuckDB and pyarrow read directly.
 *
 * <pre>
 * WAREHOUSE/
 *   culet-warehouse.json                                   marker: this folder is a culet warehouse
 *   tables/&lt;table&gt;/sample_id=S/pressure_gpa=P/part-*.parquet   published rows
 *   manifests/sample_id=S/pressure_gpa=P/manifest.json     what the last run of (S, P) wrote, from what
 *   manifests/sample_id=S/pressure_gpa=P/effective-config.conf
 *   manifests/sample_id=S/pressure_gpa=P/_SUCCESS          the publish completed
 *   _staging/&lt;run-id&gt;/...                                    a run's unpublished output (same layout)
 *   _journal/&lt;run-id&gt;.json                                  a decided publish (present only while publishing)
 *   _trash/&lt;run-id&gt;/...                                      replaced partitions, deleted after the publish
 *   _lock                                                  the run that may write (see WarehouseLock)
 * </pre>
 *
 * <p>Commit protocol ({@link RunWriter}): take the lock; refuse an existing acquisition without overwrite;
 * write every table into staging; write the manifest and a success marker; write the journal (the publish is
 * now decided); for each table rename the published partition folder to trash and the staged one into place;
 * delete journal, trash, staging; release the lock. A crash before the journal leaves the published partitions
 * untouched (staging is deleted by the next run). A crash after it is rolled forward (the journal lists
 * idempotent renames) by the next writer or reader that finds the journal while no live run holds the lock.
 * Readers through this class refuse a staging folder, partitions without a published manifest, and partitions
 * written by a newer schema version.
 */
public final class Warehouse {
    public static final String MARKER = "culet-warehouse.json";
    public static final String TABLES = "tables";
    public static final String MANIFESTS = "manifests";
    public static final String STAGING = "_staging";
    public static final String JOURNAL = "_journal";
    public static final String TRASH = "_trash";
    public static final String LOCK = "_lock";
    /** Held by a running {@code culet nightly} for its whole run (see {@link #lockNightly}). */
    public static final String NIGHTLY_LOCK = "_nightly_lock";
    /** Marker in the root of a run's staging folder: readers pointed at it refuse. */
    public static final String STAGING_MARKER = "_CULET_STAGING";
    /** Marker of a completed publish, in the acquisition's manifest folder. */
    public static final String SUCCESS = "_SUCCESS";

    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SAMPLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final FileSystem fs;
    private final Configuration conf;

    private Warehouse(Path root, FileSystem fs, Configuration conf) {
        this.root = root;
        this.fs = fs;
        this.conf = conf;
    }

    /**
     * Opens the warehouse at {@code uri} (a path or a URI; nothing is created until a run begins). Needs no
     * SparkSession, so {@link #checkWritable} can run before Spark starts.
     */
    public static Warehouse open(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed) {
                // On a local disk, write culet's own small files (manifest, journal, lock) without .crc sidecars,
                // so a person may read or edit them; Parquet files keep the sidecars Spark writes.
                fs = checksummed.getRawFileSystem();
            }
            return new Warehouse(fs.makeQualified(path), fs, conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("cannot open the warehouse: " + e.getMessage(), uri,
                "give a folder path or a Hadoop URI such as file:///data/wh or hdfs://namenode:8020/wh", e);
        }
    }

    /** Opens the warehouse with the Spark session's Hadoop configuration. */
    public static Warehouse open(SparkSession spark, String uri) {
        return open(uri, spark.sparkContext().hadoopConfiguration());
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    Configuration hadoopConf() {
        return conf;
    }

    // ------------------------------------------------------------------------------------------------ layout

    /** Pressure as written in partition folder names: Java's shortest round-trip form, e.g. 12.5, 12.0. */
    public static String formatPressure(double pressureGpa) {
        return Double.toString(pressureGpa);
    }

    /** {@code sample_id=S/pressure_gpa=P}. */
    public static String partitionSubpath(String sampleId, double pressureGpa) {
        return Tables.SAMPLE_ID + "=" + sampleId + "/" + Tables.PRESSURE_GPA + "=" + formatPressure(pressureGpa);
    }

    /**
     * Checks that (sample, pressure) can name partition folders that every reader parses back identically.
     *
     * @throws UserException otherwise
     */
    public static void validateAcquisitionKey(String sampleId, double pressureGpa) {
        if (sampleId == null || !SAMPLE_ID.matcher(sampleId).matches()) {
            throw new UserException("sample id '" + sampleId + "' cannot name a table partition",
                "acquisition.conf: sample id", "use 1 to 128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
        String text = formatPressure(pressureGpa);
        if (!Double.isFinite(pressureGpa) || pressureGpa < 0 || text.contains("E")) {
            throw new UserException("pressure " + pressureGpa + " GPa cannot name a table partition",
                "acquisition.conf: pressure", "give a finite pressure in GPa between 0.001 and 10^7 (or 0)");
        }
    }

    public Path tableDir(TableDef table) {
        return new Path(new Path(root, TABLES), table.name());
    }

    public Path partitionDir(TableDef table, String sampleId, double pressureGpa) {
        return new Path(tableDir(table), partitionSubpath(sampleId, pressureGpa));
    }

    public Path manifestDir(String sampleId, double pressureGpa) {
        return new Path(new Path(root, MANIFESTS), partitionSubpath(sampleId, pressureGpa));
    }

    Path stagingRoot(String runId) {
        return new Path(new Path(root, STAGING), runId);
    }

    Path journalFile(String runId) {
        return new Path(new Path(root, JOURNAL), runId + ".json");
    }

    Path trashRoot(String runId) {
        return new Path(new Path(root, TRASH), runId);
    }

    Path lockFile() {
        return new Path(root, LOCK);
    }

    Path nightlyLockFile() {
        return new Path(root, NIGHTLY_LOCK);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** True when (sample, pressure) has published output: a manifest with its success marker, or any partition. */
    public boolean hasOutput(String sampleId, double pressureGpa) {
        try {
            if (fs.exists(new Path(manifestDir(sampleId, pressureGpa), SUCCESS))) {
                return true;
            }
            for (TableDef t : Tables.ALL) {
                // History tables (run_log) are not output: a failed nightly attempt leaves rows there.
                if (t.writeMode() != TableDef.WriteMode.APPEND && fs.exists(partitionDir(t, sampleId, pressureGpa))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw ioError("cannot inspect the warehouse", e);
        }
    }

    /**
     * Checks, before any computing, that a run of (sample, pressure) may write here: the key names valid
     * partitions, the folder is not a staging area, no live run holds the lock, and published output for the
     * acquisition exists only if {@code overwrite}.
     *
     * @throws UserException saying what to do otherwise
     */
    public void checkWritable(String sampleId, double pressureGpa, boolean overwrite) {
        validateAcquisitionKey(sampleId, pressureGpa);
        refuseStagingFolder();
        refuseIfLocked();
        refuseExistingOutput(sampleId, pressureGpa, overwrite);
    }

    private void refuseIfLocked() {
        try {
            WarehouseLock.Owner owner = WarehouseLock.owner(fs, lockFile());
            if (owner != null && !owner.isStale(fs, lockFile())) {
                throw new WarehouseBusyException("the warehouse is in use by another culet run: " + owner.describe(),
                    lockFile().toString(), "wait for that run to finish; if no culet run is active, delete "
                        + lockFile());
            }
            // A nightly run of another process owns the warehouse between its publishes too.
            WarehouseLock.Owner nightly = WarehouseLock.owner(fs, nightlyLockFile());
            if (nightly != null && !nightly.isStale(fs, nightlyLockFile()) && !nightly.isThisProcess()) {
                throw new WarehouseBusyException("the warehouse is in use by a culet nightly run: " + nightly.describe(),
                    nightlyLockFile().toString(), "wait for the nightly run to finish; if none is active, delete "
                        + nightlyLockFile());
            }
        } catch (IOException e) {
            throw ioError("cannot read the warehouse lock", e);
        }
    }

    private void refuseExistingOutput(String sampleId, double pressureGpa, boolean overwrite) {
        if (!overwrite && hasOutput(sampleId, pressureGpa)) {
            throw new UserException("the warehouse already holds output for sample " + sampleId + " at "
                + formatPressure(pressureGpa) + " GPa", manifestDir(sampleId, pressureGpa).toString(),
                "pass --overwrite to re-process it (only this acquisition's partitions are replaced), "
                    + "or write to another --out warehouse");
        }
    }

    /**
     * Starts a run of (sample, pressure): takes the lock, finishes or cleans up what crashed runs left, checks
     * writability again under the lock, and creates the staging folder. Close the writer (try-with-resources)
     * to abort when {@link RunWriter#commit} was not reached.
     *
     * @param mode RUN, OVERWRITE or NIGHTLY (recorded in the manifest)
     */
    public RunWriter begin(SparkSession spark, String sampleId, double pressureGpa, boolean overwrite, String mode) {
        validateAcquisitionKey(sampleId, pressureGpa);
        refuseStagingFolder();
        String runId = newRunId();
        WarehouseLock lock;
        try {
            fs.mkdirs(root);
            lock = WarehouseLock.acquire(fs, lockFile(), runId, "run " + sampleId + " @ "
                + formatPressure(pressureGpa) + " GPa");
        } catch (IOException e) {
            throw ioError("cannot take the warehouse lock", e);
        }
        try {
            recoverLocked();
            cleanLeftovers();
            ensureMarker();
            refuseExistingOutput(sampleId, pressureGpa, overwrite); // again, now under the lock
            Path staging = stagingRoot(runId);
            fs.mkdirs(staging);
            HadoopFiles.writeStringAtomically(fs, new Path(staging, STAGING_MARKER),
                "unpublished output of culet run " + runId + "\n");
            LOG.info("run {}: staging {} @ {} GPa in {}", runId, sampleId, formatPressure(pressureGpa), staging);
            return new RunWriter(this, spark, lock, runId, sampleId, pressureGpa, mode.toUpperCase(Locale.ROOT));
        } catch (RuntimeException | IOException e) {
            try {
                lock.close();
            } catch (IOException closeError) {
                e.addSuppressed(closeError);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw ioError("cannot prepare the run's staging folder", (IOException) e);
        }
    }

    /**
     * Takes the nightly lock ({@value #NIGHTLY_LOCK}) for the whole of a {@code culet nightly} run: a second
     * nightly run, or a {@code culet run} from another process, is refused with a {@link WarehouseBusyException}
     * naming the owner while it is held. Each publish inside the nightly run still takes the ordinary lock.
     * A lock left by a killed nightly run on this host is taken over (its process is gone).
     *
     * @return closing it releases the lock
     */
    public java.io.Closeable lockNightly(String nightlyRunId) {
        refuseStagingFolder();
        try {
            fs.mkdirs(root);
            WarehouseLock lock = WarehouseLock.acquire(fs, nightlyLockFile(), nightlyRunId, "nightly");
            return lock::close;
        } catch (IOException e) {
            throw ioError("cannot take the nightly lock", e);
        }
    }

    /**
     * Appends rows to {@code run_log} outside a publish (nightly mode records skipped and failed acquisitions this
     * way). Under the warehouse lock, the rows of each (sample, pressure) are written to staging and their files
     * renamed into the run_log partition one by one (each rename is atomic: a reader sees whole files only).
     * Rows must have {@link Tables#RUN_LOG}'s schema.
     */
    public void appendRunLog(SparkSession spark, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        refuseStagingFolder();
        String runId = newRunId();
        WarehouseLock lock;
        try {
            fs.mkdirs(root);
            lock = WarehouseLock.acquire(fs, lockFile(), runId, "run_log append");
        } catch (IOException e) {
            throw ioError("cannot take the warehouse lock", e);
        }
        try {
            recoverLocked();
            ensureMarker();
            Map<String, List<Row>> byPartition = new LinkedHashMap<>();
            for (Row r : rows) {
                String sample = r.getString(Tables.RUN_LOG.schema().fieldIndex(Tables.SAMPLE_ID));
                double pressure = r.getDouble(Tables.RUN_LOG.schema().fieldIndex(Tables.PRESSURE_GPA));
                validateAcquisitionKey(sample, pressure);
                byPartition.computeIfAbsent(partitionSubpath(sample, pressure), k -> new ArrayList<>()).add(r);
            }
            Path staging = stagingRoot(runId);
            fs.mkdirs(staging);
            HadoopFiles.writeStringAtomically(fs, new Path(staging, STAGING_MARKER),
                "unpublished run_log rows of " + runId + "\n");
            for (Map.Entry<String, List<Row>> e : byPartition.entrySet()) {
                Path staged = new Path(new Path(new Path(staging, TABLES), Tables.RUN_LOG.name()), e.getKey());
                Dataset<Row> df = org.culet.tables.TableConformer.toDataSchema(
                    spark.createDataFrame(e.getValue(), Tables.RUN_LOG.schema()), Tables.RUN_LOG);
                df.coalesce(1).write().mode(org.apache.spark.sql.SaveMode.ErrorIfExists).parquet(staged.toString());
                Path target = new Path(tableDir(Tables.RUN_LOG), e.getKey());
                fs.mkdirs(target);
                for (FileStatus f : fs.listStatus(staged)) {
                    String name = f.getPath().getName();
                    if (f.isFile() && name.endsWith(".parquet")) {
                        HadoopFiles.rename(fs, f.getPath(), new Path(target, name));
                    }
                }
            }
            fs.delete(staging, true);
        } catch (IOException e) {
            throw ioError("cannot append to run_log", e);
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("could not release the warehouse lock: {}", e.toString());
            }
        }
    }

    static String newRunId() {
        String time = Instant.now().toString().replace("-", "").replace(":", "");
        int dot = time.indexOf('.');
        if (dot > 0) {
            time = time.substring(0, dot) + "Z";
        }
        return time + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
    }

    private void ensureMarker() throws IOException {
        Path marker = new Path(root, MARKER);
        if (!fs.exists(marker)) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("format", "culet-warehouse");
            node.put("layout_version", 1);
            node.put("created_utc", Instant.now().toString());
            HadoopFiles.writeStringAtomically(fs, marker, node.toString() + "\n");
        }
    }

    /** Deletes staging folders and trash of crashed runs; the caller holds the lock and no journal is pending. */
    private void cleanLeftovers() throws IOException {
        for (String dir : new String[] {STAGING, TRASH}) {
            Path p = new Path(root, dir);
            if (fs.exists(p)) {
                for (FileStatus s : fs.listStatus(p)) {
                    LOG.warn("removing {} left by a run that did not finish", s.getPath());
                    fs.delete(s.getPath(), true);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ publish

    /**
     * One step of a publish: append (move the staged files into target), remove (move target to trash: the run
     * has no rows for this table), or replace (target to trash, staged to target).
     */
    record Move(String table, boolean append, boolean remove, Path staged, Path target, Path trash) {
    }

    void writeJournal(String runId, List<Move> moves) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("run_id", runId);
        node.put("decided_utc", Instant.now().toString());
        ArrayNode arr = node.putArray("moves");
        for (Move m : moves) {
            ObjectNode o = arr.addObject();
            o.put("table", m.table());
            o.put("append", m.append());
            o.put("remove", m.remove());
            o.put("staged", m.staged().toString());
            o.put("target", m.target().toString());
            o.put("trash", m.trash().toString());
        }
        HadoopFiles.writeStringAtomically(fs, journalFile(runId), node.toString());
    }

    static List<Move> parseJournal(String json) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        List<Move> moves = new ArrayList<>();
        for (JsonNode o : node.path("moves")) {
            moves.add(new Move(o.path("table").asText(), o.path("append").asBoolean(), o.path("remove").asBoolean(),
                new Path(o.path("staged").asText()),
                new Path(o.path("target").asText()), new Path(o.path("trash").asText())));
        }
        return moves;
    }

    /**
     * Carries out the moves of a decided publish. Idempotent: every step checks what is already done, so a
     * publish interrupted at any point is finished by running this again.
     */
    void applyMoves(String runId, List<Move> moves, CommitHook hook) throws IOException {
        for (Move m : moves) {
            if (m.remove()) {
                if (fs.exists(m.target()) && !fs.exists(m.trash())) {
                    HadoopFiles.rename(fs, m.target(), m.trash());
                }
            } else if (m.append()) {
                if (fs.exists(m.staged())) {
                    fs.mkdirs(m.target());
                    for (FileStatus f : fs.listStatus(m.staged())) {
                        String name = f.getPath().getName();
                        if (f.isFile() && name.endsWith(".parquet")) {
                            HadoopFiles.rename(fs, f.getPath(), new Path(m.target(), name));
                        }
                    }
                    fs.delete(m.staged(), true);
                }
            } else if (!fs.exists(m.staged())) {
                if (!fs.exists(m.target()) && fs.exists(m.trash())) {
                    // Staged data lost after the old partition moved away: put the old one back.
                    LOG.warn("publish of run {}: staged {} is missing; restoring the previous partition", runId,
                        m.staged());
                    HadoopFiles.rename(fs, m.trash(), m.target());
                }
            } else {
                if (fs.exists(m.target())) {
                    if (fs.exists(m.trash())) {
                        throw new IOException("publish of run " + runId + " found both " + m.target() + " and "
                            + m.trash() + "; refusing to guess which is the published partition");
                    }
                    HadoopFiles.rename(fs, m.target(), m.trash());
                }
                HadoopFiles.rename(fs, m.staged(), m.target());
            }
            hook.reached("moved:" + m.table());
        }
        fs.delete(journalFile(runId), false);
        fs.delete(trashRoot(runId), true);
        fs.delete(stagingRoot(runId), true);
    }

    /** Rolls forward every pending journal; the caller holds the lock. */
    private void recoverLocked() throws IOException {
        Path dir = new Path(root, JOURNAL);
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (!name.endsWith(".json") || name.startsWith(".")) {
                fs.delete(s.getPath(), false); // a journal that was never completed: its publish was not decided
                continue;
            }
            String runId = name.substring(0, name.length() - ".json".length());
            LOG.warn("finishing the publish of run {}, interrupted earlier", runId);
            applyMoves(runId, parseJournal(HadoopFiles.readString(fs, s.getPath())), CommitHook.NONE);
        }
    }

    private boolean hasPendingJournal() throws IOException {
        Path dir = new Path(root, JOURNAL);
        if (!fs.exists(dir)) {
            return false;
        }
        return fs.listStatus(dir).length > 0;
    }

    /**
     * Finishes an interrupted publish if one is pending and no live run holds the lock.
     *
     * @throws UserException when a live run is publishing right now
     */
    public void recoverIfNeeded() {
        try {
            if (!hasPendingJournal()) {
                return;
            }
            WarehouseLock lock = WarehouseLock.acquire(fs, lockFile(), newRunId(), "recovery");
            try {
                recoverLocked();
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw ioError("cannot finish an interrupted publish", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private void refuseStagingFolder() {
        try {
            Path marker = new Path(root, STAGING_MARKER);
            if (fs.exists(marker) || root.toString().contains("/" + STAGING + "/")) {
                throw new UserException("this folder is the staging area of an unpublished culet run, not a warehouse",
                    root.toString(), "point culet at the warehouse folder itself (the one with " + MARKER + "); "
                        + "staged output becomes readable only when its run publishes it");
            }
        } catch (IOException e) {
            throw ioError("cannot inspect the warehouse", e);
        }
    }

    /**
     * Checks that this folder is a published culet warehouse.
     *
     * @throws UserException when it is a staging folder or not a culet warehouse at all
     */
    public void requireReadable() {
        refuseStagingFolder();
        try {
            if (!fs.exists(new Path(root, MARKER))) {
                throw new UserException("not a culet warehouse (no " + MARKER + ")", root.toString(),
                    "give the folder passed to 'culet run --out', which holds " + MARKER + " and tables/");
            }
        } catch (IOException e) {
            throw ioError("cannot inspect the warehouse", e);
        }
        recoverIfNeeded();
    }

    /** Manifests of every published acquisition, keyed by {@code sample_id=S/pressure_gpa=P}. */
    public Map<String, Manifest> manifests() {
        Map<String, Manifest> out = new LinkedHashMap<>();
        Path dir = new Path(root, MANIFESTS);
        try {
            if (!fs.exists(dir)) {
                return out;
            }
            for (FileStatus sample : fs.listStatus(dir)) {
                if (!sample.isDirectory()) {
                    continue;
                }
                for (FileStatus pressure : fs.listStatus(sample.getPath())) {
                    Path success = new Path(pressure.getPath(), SUCCESS);
                    if (pressure.isDirectory() && fs.exists(success)) {
                        Manifest m = Manifest.fromJson(HadoopFiles.readString(fs, new Path(pressure.getPath(), Manifest.FILE)));
                        out.put(sample.getPath().getName() + "/" + pressure.getPath().getName(), m);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw ioError("cannot read the warehouse manifests", e);
        }
    }

    /** The published manifest of (sample, pressure), if any. */
    public Optional<Manifest> manifest(String sampleId, double pressureGpa) {
        Path dir = manifestDir(sampleId, pressureGpa);
        try {
            if (!fs.exists(new Path(dir, SUCCESS))) {
                return Optional.empty();
            }
            return Optional.of(Manifest.fromJson(HadoopFiles.readString(fs, new Path(dir, Manifest.FILE))));
        } catch (IOException e) {
            throw ioError("cannot read the manifest in " + dir, e);
        }
    }

    /**
     * The published rows of {@code table} across all acquisitions, with the table's full schema in catalogue
     * order. Partitions written by an older schema version get nulls in the columns they lack (additive
     * evolution); a partition without a published manifest, or written by a newer schema version, is refused.
     * A table no run has written yet reads as empty.
     */
    public Dataset<Row> read(SparkSession spark, TableDef table) {
        requireReadable();
        Map<String, Manifest> manifests = manifests();
        Path dir = tableDir(table);
        try {
            if (!fs.exists(dir)) {
                return spark.createDataFrame(List.of(), table.schema());
            }
            for (FileStatus sample : fs.listStatus(dir)) {
                if (!sample.isDirectory() || sample.getPath().getName().startsWith("_")
                    || sample.getPath().getName().startsWith(".")) {
                    continue;
                }
                for (FileStatus pressure : fs.listStatus(sample.getPath())) {
                    if (!pressure.isDirectory()) {
                        continue;
                    }
                    String key = sample.getPath().getName() + "/" + pressure.getPath().getName();
                    Manifest m = manifests.get(key);
                    if (m == null && table.writeMode() == TableDef.WriteMode.APPEND) {
                        continue; // history rows (run_log) of an acquisition that never published, e.g. FAILED
                    }
                    if (m == null) {
                        throw new UserException("table " + table.name() + " has a partition without a published "
                            + "manifest", pressure.getPath().toString(), "this folder was not written by a culet "
                            + "publish: remove it, or re-run culet for that acquisition with --overwrite");
                    }
                    if (m.schemaVersion() > Tables.SCHEMA_VERSION) {
                        throw new UserException("partition " + key + " was written with table schema version "
                            + m.schemaVersion() + ", newer than this culet's " + Tables.SCHEMA_VERSION,
                            pressure.getPath().toString(), "upgrade culet to read it");
                    }
                }
            }
        } catch (IOException e) {
            throw ioError("cannot list table " + table.name(), e);
        }
        Dataset<Row> df = spark.read().schema(table.schema()).parquet(dir.toString());
        List<Column> cols = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : table.schema().fields()) {
            // Re-attach units and comments: Spark drops them from partition columns.
            cols.add(functions.col(f.name()).as(f.name(), f.metadata()));
        }
        return df.select(cols.toArray(new Column[0]));
    }

    /** Registers every culet table as a temporary view named like the table; returns the names. */
    public List<String> registerViews(SparkSession spark) {
        requireReadable();
        List<String> names = new ArrayList<>();
        for (TableDef t : Tables.ALL) {
            read(spark, t).createOrReplaceTempView(t.name());
            names.add(t.name());
        }
        return names;
    }

    UserException ioError(String what, IOException e) {
        return new UserException(what + ": " + e.getMessage(), root.toString(),
            "check that the warehouse path exists, is reachable and writable", e);
    }

    @Override
    public String toString() {
        return root.toString();
    }

    /** Qualified URI of the warehouse root. */
    public URI uri() {
        return root.toUri();
    }
}
