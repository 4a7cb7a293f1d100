package org.culet.warehouse;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.tables.TableConformer;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's output for one acquisition (sample, pressure), from staging to publish. Obtained from
 * {@link Warehouse#begin}; holds the warehouse lock until {@link #commit} or {@link #close}. Use it as
 * <pre>
 * try (RunWriter run = warehouse.begin(spark, sampleId, pressureGpa, overwrite, "RUN")) {
 *     run.write(Tables.SWEEPS, sweeps);
 *     run.write(Tables.PIXEL_FITS, fits);
 *     ...
 *     Manifest m = run.commit(CommitInfo.create().config(config).inputChecksums(sums).stageTimes(times));
 * }   // closing without commit aborts: staging deleted, lock released, published tables untouched
 * </pre>
 * Each table is written at most once per run; the writer sets the partition columns itself (rows may carry
 * {@code sample_id}/{@code pressure_gpa} or not; they are replaced by the run's). A table the run does not write
 * has no rows for this acquisition after the publish (an earlier run's partition is removed), so a re-run never
 * leaves rows of an earlier run behind; write a table even when it is empty (e.g. quarantine) so its folder
 * and schema exist for readers that glob Parquet files (DuckDB). Unless the job writes {@code run_log} itself,
 * the commit appends one run_log row for the run (outcome PUBLISHED, row counts, inputs checksum, wall time).
 * Single-threaded (driver side).
 */
public final class RunWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunWriter.class);

    private final Warehouse warehouse;
    private final SparkSession spark;
    private final WarehouseLock lock;
    private final String runId;
    private final String sampleId;
    private final double pressureGpa;
    private final String mode;
    private final Instant started = Instant.now();
    private final Map<String, Long> rowCounts = new LinkedHashMap<>();
    private final Set<TableDef> written = new LinkedHashSet<>();
    private CommitHook hook = CommitHook.NONE;
    private boolean finished;
    /** True once the journal is written: from then on the publish is rolled forward, never undone. */
    private boolean decided;

    RunWriter(Warehouse warehouse, SparkSession spark, WarehouseLock lock, String runId, String sampleId,
              double pressureGpa, String mode) {
        this.warehouse = warehouse;
        this.spark = spark;
        this.lock = lock;
        this.runId = runId;
        this.sampleId = sampleId;
        this.pressureGpa = pressureGpa;
        this.mode = mode;
    }

    public String runId() {
        return runId;
    }

    public String sampleId() {
        return sampleId;
    }

    public double pressureGpa() {
        return pressureGpa;
    }

    /** Installs a hook called at each commit step (fault-injection tests, logging). */
    public RunWriter withHook(CommitHook commitHook) {
        this.hook = commitHook;
        return this;
    }

    private Path staged(TableDef table) {
        return new Path(new Path(new Path(warehouse.stagingRoot(runId), Warehouse.TABLES), table.name()),
            Warehouse.partitionSubpath(sampleId, pressureGpa));
    }

    private Path stagedManifestDir() {
        return new Path(new Path(warehouse.stagingRoot(runId), Warehouse.MANIFESTS),
            Warehouse.partitionSubpath(sampleId, pressureGpa));
    }

    /**
     * Writes {@code rows} as this run's partition of {@code table} into staging (this runs the Spark job that
     * computes them) and returns the number of rows written. Rows are shaped to the table schema by
     * {@link TableConformer} (missing nullable columns become null; unknown or missing required columns are a
     * bug and throw IllegalArgumentException).
     */
    public long write(TableDef table, Dataset<Row> rows) {
        requireOpen();
        if (!written.add(table)) {
            throw new IllegalStateException("table " + table.name() + " was already written by run " + runId);
        }
        Dataset<Row> shaped = TableConformer.toDataSchema(rows, table);
        Path dir = staged(table);
        // File size is bounded by spark.sql.files.maxRecordsPerFile (culet.warehouse.max-records-per-file).
        shaped.write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
        long n = countRows(dir);
        rowCounts.put(table.name(), n);
        LOG.debug("run {}: staged {} rows of {}", runId, n, table.name());
        return n;
    }

    /** Rows in the Parquet files of {@code dir}, from their footers (no Spark job, no data read). */
    private long countRows(Path dir) {
        var fs = warehouse.fileSystem();
        long n = 0;
        try {
            for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
                if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                        org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(f, warehouse.hadoopConf()))) {
                        n += reader.getRecordCount();
                    }
                }
            }
        } catch (IOException e) {
            throw warehouse.ioError("cannot read the staged files of " + dir, e);
        }
        return n;
    }

    /** Tables written so far by this run, in order. */
    public List<TableDef> writtenTables() {
        return List.copyOf(written);
    }

    /**
     * Publishes the run: writes empty partitions for the tables it did not write, the manifest and the success
     * marker, decides the publish (journal), swaps the partitions, cleans up and releases the lock.
     *
     * @return the published manifest
     */
    public Manifest commit(CommitInfo info) {
        requireOpen();
        try {
            SortedMap<String, Long> quarantine = written.contains(Tables.QUARANTINE)
                && rowCounts.get(Tables.QUARANTINE.name()) > 0 ? quarantineCounts() : new TreeMap<>();
            if (!written.contains(Tables.RUN_LOG)) {
                write(Tables.RUN_LOG, runLogRow(info, quarantine));
            }
            for (TableDef t : Tables.ALL) {
                rowCounts.putIfAbsent(t.name(), 0L);
            }
            Map<String, String> props = new LinkedHashMap<>(info.properties);
            props.putIfAbsent("spark_master", spark.sparkContext().master());
            props.putIfAbsent("spark_application_id", spark.sparkContext().applicationId());
            props.putIfAbsent("spark_version", spark.version());
            props.putIfAbsent("warehouse", warehouse.root().toString());
            Manifest manifest = new Manifest(Tables.SCHEMA_VERSION, codeVersion(), runId, sampleId, pressureGpa, mode,
                started, Instant.now(), info.configOrigin, info.effectiveConfig,
                new TreeMap<>(info.inputChecksums), Checksums.combined(info.inputChecksums),
                new LinkedHashMap<>(rowCounts), quarantine, new LinkedHashMap<>(info.stageTimesS), props);
            Path mdir = stagedManifestDir();
            var fs = warehouse.fileSystem();
            HadoopFiles.writeStringAtomically(fs, new Path(mdir, Manifest.FILE), manifest.toJson());
            HadoopFiles.writeStringAtomically(fs, new Path(mdir, CuletConfig.EFFECTIVE_CONFIG_FILE),
                "# effective culet configuration of run " + runId + " (" + info.configOrigin + ")\n"
                    + info.effectiveConfig + "\n");
            hook.reached("staged");
            HadoopFiles.writeStringAtomically(fs, new Path(mdir, Warehouse.SUCCESS), runId + "\n");
            hook.reached("success-marker");

            List<Warehouse.Move> moves = new ArrayList<>();
            Path trash = warehouse.trashRoot(runId);
            for (TableDef t : Tables.ALL) {
                boolean append = t.writeMode() == TableDef.WriteMode.APPEND;
                if (append && !written.contains(t)) {
                    continue;
                }
                // A REPLACE table the run did not write loses this acquisition's old rows (remove move).
                moves.add(new Warehouse.Move(t.name(), append, !written.contains(t), staged(t),
                    warehouse.partitionDir(t, sampleId, pressureGpa),
                    new Path(new Path(trash, t.name()), Warehouse.partitionSubpath(sampleId, pressureGpa))));
            }
            // The manifest last: while it is missing, readers refuse the acquisition's new partitions.
            moves.add(new Warehouse.Move(Warehouse.MANIFESTS, false, false, mdir,
                warehouse.manifestDir(sampleId, pressureGpa),
                new Path(new Path(trash, Warehouse.MANIFESTS), Warehouse.partitionSubpath(sampleId, pressureGpa))));
            warehouse.writeJournal(runId, moves);
            decided = true;
            hook.reached("journal-written");
            warehouse.applyMoves(runId, moves, hook);
            finished = true;
            lock.close();
            hook.reached("published");
            LOG.info("run {}: published {} @ {} GPa ({} s, {} tables, {} quarantined)", runId, sampleId,
                Warehouse.formatPressure(pressureGpa),
                String.format(java.util.Locale.ROOT, "%.1f", Duration.between(started, Instant.now()).toMillis() / 1e3),
                written.size(), manifest.quarantinedTotal());
            return manifest;
        } catch (IOException e) {
            throw failed(e);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private RuntimeException failed(Exception e) {
        if (!decided) {
            abort();
        } else {
            // The publish was decided: leave the journal so the next writer or reader rolls it forward.
            finished = true;
            try {
                lock.close();
            } catch (IOException closeError) {
                e.addSuppressed(closeError);
            }
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return warehouse.ioError("publish of run " + runId + " failed" + (decided ? " (it will be finished by the "
            + "next culet command on this warehouse)" : " (nothing was published)"), (IOException) e);
    }

    /** This run's run_log row (outcome PUBLISHED), appended to the acquisition's run_log partition. */
    private Dataset<Row> runLogRow(CommitInfo info, SortedMap<String, Long> quarantine) {
        Instant now = Instant.now();
        Map<String, Long> counts = new LinkedHashMap<>(rowCounts);
        long quarantined = quarantine.values().stream().mapToLong(Long::longValue).sum();
        Row row = RowFactory.create(sampleId, pressureGpa, runId, Timestamp.from(started), Timestamp.from(now), mode,
            "PUBLISHED", Checksums.combined(info.inputChecksums), info.inputChecksums.size(), codeVersion(),
            Tables.SCHEMA_VERSION, counts, quarantined, Duration.between(started, now).toMillis() / 1e3,
            WarehouseLock.hostName(), null);
        return spark.createDataFrame(List.of(row), Tables.RUN_LOG.schema());
    }

    private SortedMap<String, Long> quarantineCounts() {
        SortedMap<String, Long> out = new TreeMap<>();
        Path dir = staged(Tables.QUARANTINE);
        for (Row r : spark.read().schema(Tables.QUARANTINE.dataSchema()).parquet(dir.toString())
            .groupBy("stage", "reason").count().collectAsList()) {
            out.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
        }
        return out;
    }

    /**
     * Deletes the staged output and releases the lock; the published tables are untouched. Idempotent. After the
     * publish was decided (an Error escaped commit), it only releases the lock: the journal and the staged data
     * stay for the next command on this warehouse to roll the publish forward.
     */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (decided) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("run {}: could not release the warehouse lock: {}", runId, e.toString());
            }
            return;
        }
        try {
            warehouse.fileSystem().delete(warehouse.stagingRoot(runId), true);
            LOG.info("run {}: aborted, staging deleted, published tables untouched", runId);
        } catch (IOException e) {
            LOG.warn("run {}: could not delete its staging folder (the next run will): {}", runId, e.toString());
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("run {}: could not release the warehouse lock: {}", runId, e.toString());
            }
        }
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("run " + runId + " is already committed or aborted");
        }
    }

    /** culet's version from the jar manifest, or "dev" when running from classes. */
    public static String codeVersion() {
        String v = RunWriter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
