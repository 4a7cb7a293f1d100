package org.culet.pipeline;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.acquisition.AcquisitionValidator.ValidatedAcquisition;
import org.culet.acquisition.EdxMaps;
import org.culet.acquisition.ReferenceImage;
import org.culet.acquisition.SweepEntry;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.kernel.phase.PhaseDiagram;
import org.culet.kernel.phase.PhaseDiagramBinner;
import org.culet.kernel.phase.PhasePixels;
import org.culet.kernel.phase.PhaseSettings;
import org.culet.kernel.registration.AffineTransform2D;
import org.culet.kernel.registration.CompositionMapper;
import org.culet.kernel.registration.IntensityRegistration;
import org.culet.kernel.registration.RegistrationResult;
import org.culet.kernel.registration.RegistrationSettings;
import org.culet.spark.ProgressReporter;
import org.culet.spark.RunSummary;
import org.culet.spark.StageTimer;
import org.culet.spark.Tile;
import org.culet.spark.TilePlanner;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.culet.warehouse.Checksums;
import org.culet.warehouse.CommitInfo;
import org.culet.warehouse.Manifest;
import org.culet.warehouse.RunWriter;
import org.culet.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code culet run}: one acquisition folder -> every table, published atomically into a warehouse.
 *
 * <p>Stages: ingest (validate everything, check the output may be written, checksum the inputs) before any heavy
 * work; fit (Spark tasks own tiles, read their windows from every sweep file, fit, invert, build series: the
 * kernels run on executors and raw frames never reach the driver); composition (EDX registered onto the ODMR
 * grid, on the driver: one small image); join (pixel_table); phase diagram; write and publish.
 */
public final class CuletJob {
    private static final Logger LOG = LoggerFactory.getLogger(CuletJob.class);

    /** What a run produced. */
    public record Result(Manifest manifest, Map<String, Long> rowCounts, RunSummary summary, double fitsPerSecond,
                         Map<String, Double> stageTimesS) {
    }

    private CuletJob() {
    }

    /**
     * Runs the pipeline on {@code acquisitionDir} into the warehouse at {@code warehouseUri}.
     *
     * @throws UserException for bad input (STRICT), an existing output without overwrite, a locked warehouse
     */
    public static Result run(SparkSession spark, CuletConfig config, Path acquisitionDir, String warehouseUri,
                             boolean overwrite, String mode) {
        return run(spark, config, Location.of(acquisitionDir), warehouseUri, overwrite, mode);
    }

    /**
     * Runs the pipeline on an acquisition folder given as a local path or any Hadoop filesystem URI
     * ({@code hdfs://...}, {@code s3a://...}): the tasks read their tile windows through the Hadoop client.
     */
    public static Result run(SparkSession spark, CuletConfig config, Location acquisitionDir, String warehouseUri,
                             boolean overwrite, String mode) {
        Location.useHadoopConfiguration(spark.sparkContext().hadoopConfiguration());
        StageTimer timer = new StageTimer();
        Config culet = config.culet();
        ValidatedAcquisition acquisition;
        Warehouse warehouse;
        Map<String, String> checksums;
        List<SweepEntry> sweeps;
        org.culet.spark.Stringency stringency = org.culet.spark.Stringency.fromConfig(culet);
        List<AcquisitionValidator.Rejected> rejected = new ArrayList<>();
        try (StageTimer.Stage ignored = timer.stage("ingest")) {
            acquisition = AcquisitionValidator.validate(acquisitionDir,
                stringency == org.culet.spark.Stringency.LENIENT ? rejected : null);
            for (AcquisitionValidator.Rejected r : rejected) {
                LOG.warn("quarantined sweep {} ({}): {}", r.entry().sweepId(), r.entry().file(),
                    r.reason().getMessage().lines().findFirst().orElse(""));
            }
            AcquisitionSpec spec = acquisition.spec();
            warehouse = Warehouse.open(spark, warehouseUri);
            warehouse.checkWritable(spec.sampleId(), spec.pressureGpa(), overwrite);
            sweeps = acquisition.catalog().entries();
            List<String> inputs = new ArrayList<>();
            inputs.add(acquisitionDir.resolve(AcquisitionSpec.FILE_NAME).uri());
            inputs.add(acquisitionDir.resolve(spec.sweepsCsv()).uri());
            for (SweepEntry e : sweeps) {
                inputs.add(acquisitionDir.resolve(e.file()).uri());
            }
            for (AcquisitionValidator.Rejected r : rejected) {
                Location file = acquisitionDir.resolve(r.entry().file());
                if (file.isFile()) {
                    inputs.add(file.uri());
                }
            }
            if (spec.edxFile() != null) {
                inputs.add(acquisitionDir.resolve(spec.edxFile()).uri());
            }
            if (spec.referenceImageFile() != null) {
                inputs.add(acquisitionDir.resolve(spec.referenceImageFile()).uri());
            }
            checksums = Checksums.sha256All(spark.sparkContext().hadoopConfiguration(), inputs, 2);
            LOG.info("ingest: {} sweeps of {} x {} px validated, {} input files checksummed", sweeps.size(),
                acquisition.height(), acquisition.width(), checksums.size());
        }
        AcquisitionSpec spec = acquisition.spec();
        TaskPlan plan = new TaskPlan(config, acquisition, sweeps);
        TilePlanner planner = TilePlanner.fromConfig(culet, acquisition.height(), acquisition.width());
        List<Tile> tiles = planner.tiles(culet);
        int partitions = TilePlanner.partitionCount(culet, tiles.size(), spark.sparkContext().defaultParallelism());
        long regionPixels = tiles.stream().mapToLong(Tile::pixelCount).sum();
        LOG.info("fit: {} tiles in {} tasks; sweeps fitted on {} per executor (culet.pipeline.sweep-threads)",
            tiles.size(), partitions, plan.executorCores > 0 ? "a pool of " + plan.executorCores + " threads"
                : "one thread per running task");

        StorageLevel cacheLevel = cacheStorageLevel(culet);
        Dataset<Row> unified;
        double fitsPerSecond;
        try (StageTimer.Stage ignored = timer.stage("fit");
             ProgressReporter progress = ProgressReporter.start(spark, "fit", tiles.size(), "fits",
                 regionPixels * sweeps.size(),
                 culet.getDouble("pipeline.progress-interval-s"))) {
            LongAccumulator tilesDone = progress.tilesDone();
            LongAccumulator fitsDone = progress.itemsDone();
            long tileDelayMs = FaultInjection.tileDelayMs(culet); // 0 unless a fault-tolerance test sets it
            // Rows in Spark's internal format: no row encoder on the task thread (SparkInternalRows).
            JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(tiles, partitions)
                .mapPartitions((Iterator<Tile> it) -> TileRowIterator.forTask(plan, FaultInjection.delayEach(it, tileDelayMs),
                    tilesDone, fitsDone));
            unified = SparkInternalRows.createDataFrame(spark, rows.rdd(), UnifiedRows.SCHEMA).persist(cacheLevel);
            try {
                unified.count();
            } catch (RuntimeException e) {
                throw userErrorIn(e);
            }
            fitsPerSecond = fitsDone.value() / Math.max(1e-9, progress.elapsedS());
        }

        // Magnetization reconstruction (whole map per sweep) and the Tc from each pixel's chi_eff(T).
        Dataset<Row> physicsRows = UnifiedRows.select(unified, UnifiedRows.PHYSICS);
        Dataset<Row> seriesRows = UnifiedRows.select(unified, UnifiedRows.SERIES);
        Dataset<Row> partialRows = UnifiedRows.select(unified, UnifiedRows.PARTIAL);
        Dataset<Row> sweepPixels;
        Dataset<Row> pixelTc;
        try (StageTimer.Stage ignored = timer.stage("magnetization")) {
            MagnetizationStage.Geometry geometry = MagnetizationStage.Geometry.of(config.root(), acquisitionDir);
            boolean replaceTc = "MAGNETIZATION".equals(culet.getString("pipeline.series.tc-measure")
                .toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            sweepPixels = MagnetizationStage.perSweep(spark, plan, geometry, physicsRows)
                .persist(cacheLevel);
            pixelTc = MagnetizationStage.perPixel(spark, plan, sweepPixels).persist(cacheLevel);
            try {
                LOG.info("magnetization: {} sweep maps inverted (d = {} um, t = {} um), {} pixels with a chi_eff series",
                    sweepPixels.select(Tables.SWEEP_ID).distinct().count(), geometry.nvDepthUm(),
                    geometry.sampleThicknessUm(), pixelTc.count());
            } catch (RuntimeException e) {
                throw userErrorIn(e);
            }
            physicsRows = MagnetizationStage.physicsWithMagnetization(physicsRows, sweepPixels);
            seriesRows = MagnetizationStage.seriesWithMagnetization(seriesRows, pixelTc, replaceTc);
            partialRows = MagnetizationStage.partialsWithMagnetization(partialRows, pixelTc, replaceTc);
        }

        Dataset<Row> composition;
        try (StageTimer.Stage ignored = timer.stage("composition")) {
            composition = composition(spark, config, acquisitionDir, spec, acquisition.height(), acquisition.width(), planner);
            int[] roi = TilePlanner.roi(culet);
            if (roi != null) {
                composition = composition.filter(col(Tables.PIXEL_Y).between(roi[0], roi[0] + roi[2] - 1)
                    .and(col(Tables.PIXEL_X).between(roi[1], roi[1] + roi[3] - 1)));
            }
        }
        Dataset<Row> pixelTable;
        try (StageTimer.Stage ignored = timer.stage("join")) {
            pixelTable = join(partialRows, composition, culet)
                .persist(cacheLevel);
        }
        Dataset<Row> phaseDiagram;
        try (StageTimer.Stage ignored = timer.stage("phase-diagram")) {
            phaseDiagram = phaseDiagram(spark, config, pixelTable, spec);
        }
        Dataset<Row> sweepsTable = sweepsTable(spark, plan, acquisitionDir, sweeps, checksums, rejected);
        List<Row> ingestQuarantine = new ArrayList<>();
        for (AcquisitionValidator.Rejected r : rejected) {
            ingestQuarantine.add(org.culet.spark.QuarantineRecord.of("INGEST", "BAD_SWEEP", org.culet.spark.QuarantineRecord.Scope.SWEEP,
                    r.reason().getMessage().lines().findFirst().orElse("invalid sweep"),
                    r.reason().fix() == null ? "see the validation message" : r.reason().fix())
                .withFile(r.entry().file()).withSweep(r.entry().sweepId()).toRow(spec.sampleId(), spec.pressureGpa()));
        }
        Dataset<Row> quarantine = spark.createDataFrame(ingestQuarantine, Tables.QUARANTINE.schema())
            .unionByName(UnifiedRows.select(unified, UnifiedRows.QUARANTINE));

        Map<String, Long> counts = new LinkedHashMap<>();
        Manifest manifest;
        try (StageTimer.Stage ignored = timer.stage("write");
             RunWriter run = warehouse.begin(spark, spec.sampleId(), spec.pressureGpa(), overwrite, mode)
                 .withHook(FaultInjection.commitHook(culet))) {
            counts.put(Tables.SWEEPS.name(), run.write(Tables.SWEEPS, sweepsTable));
            counts.put(Tables.PIXEL_FITS.name(), run.write(Tables.PIXEL_FITS, UnifiedRows.select(unified, UnifiedRows.FIT)));
            counts.put(Tables.PIXEL_PHYSICS.name(), run.write(Tables.PIXEL_PHYSICS, physicsRows));
            counts.put(Tables.PIXEL_SERIES.name(), run.write(Tables.PIXEL_SERIES, seriesRows));
            counts.put(Tables.COMPOSITION.name(), run.write(Tables.COMPOSITION, composition));
            counts.put(Tables.PIXEL_TABLE.name(), run.write(Tables.PIXEL_TABLE, pixelTable));
            counts.put(Tables.PHASE_DIAGRAM.name(), run.write(Tables.PHASE_DIAGRAM, phaseDiagram));
            counts.put(Tables.QUARANTINE.name(), run.write(Tables.QUARANTINE, quarantine));
            manifest = run.commit(CommitInfo.create().config(config).inputChecksums(checksums)
                .stageTimes(timer.timesS()).property("acquisition", acquisitionDir.toString())
                .property("partitions", Integer.toString(partitions)).property("tiles", Integer.toString(tiles.size())));
        }
        RunSummary summary = new RunSummary("culet run: " + spec.sampleId() + " at " + spec.pressureGpa() + " GPa")
            .fact("sweeps", sweeps.size() + (rejected.isEmpty() ? "" : " (+" + rejected.size() + " quarantined)"))
            .fact("pixels", regionPixels)
            .fact("tiles / partitions", tiles.size() + " / " + partitions)
            .fact("fits", counts.get(Tables.PIXEL_FITS.name()))
            .fact("fit rate", String.format(java.util.Locale.ROOT, "%.0f fits/s", fitsPerSecond))
            .statuses("pixel_fits", RunSummary.countBy(UnifiedRows.select(unified, UnifiedRows.FIT), Tables.STATUS))
            .statuses("pixel_physics", RunSummary.countBy(UnifiedRows.select(unified, UnifiedRows.PHYSICS), Tables.STATUS))
            .statuses("pixel_series", RunSummary.countBy(seriesRows, Tables.STATUS))
            .quarantine(RunSummary.countBy(quarantine, "reason"))
            .stageTimes(timer.timesS());
        unified.unpersist();
        sweepPixels.unpersist();
        pixelTc.unpersist();
        pixelTable.unpersist();
        return new Result(manifest, counts, summary, fitsPerSecond, timer.timesS());
    }

    /** A task's UserException (STRICT stop) reaches the driver wrapped by Spark: unwrap it. */
    private static RuntimeException userErrorIn(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserException u) {
                return u;
            }
        }
        return e;
    }

    /** EDX registered onto the ODMR grid from the two reference images; an empty table when there is no EDX. */
    static Dataset<Row> composition(SparkSession spark, CuletConfig config, Location dir, AcquisitionSpec spec, int height,
                                    int width, TilePlanner planner) {
        List<Row> rows = new ArrayList<>();
        if (spec.edxFile() != null && spec.referenceImageFile() != null) {
            EdxMaps edx = EdxMaps.load(dir, spec);
            ReferenceImage reference = ReferenceImage.load(dir.resolve(spec.referenceImageFile()));
            RegistrationSettings settings = RegistrationSettings.fromConfig(config.root());
            double scale = spec.edxPixelSizeUm() / spec.pixelSizeUm();
            RegistrationResult registration = new IntensityRegistration(settings).register(
                flatten(reference.image()), width, height, flatten(edx.referenceImage()), edx.width(), edx.height(),
                // Nominal guess: the pixel-size ratio, no rotation, image centres aligned.
                AffineTransform2D.similarity(scale, 0, 0.5 * (width - 1) - scale * 0.5 * (edx.width() - 1),
                    0.5 * (height - 1) - scale * 0.5 * (edx.height() - 1)));
            if (registration.status() != RegistrationResult.Status.OK) {
                throw new UserException("the EDX reference image could not be registered onto the ODMR reference image ("
                    + registration.status() + ")", dir.resolve(spec.edxFile()).toString(),
                    "check that both reference images show the same sample outline and that edx-pixel-size-um and "
                        + "pixel-size-um in acquisition.conf are right (they seed the registration's scale)");
            }
            LOG.info("composition: EDX registered onto the ODMR grid (NCC {}, scale {})",
                String.format(java.util.Locale.ROOT, "%.4f", registration.ncc()),
                String.format(java.util.Locale.ROOT, "%.4f", registration.transform().scale()));
            CompositionMapper.Composition c = new CompositionMapper(settings).map(flatten(edx.laAtPct()),
                flatten(edx.niAtPct()), edx.width(), edx.height(), registration, width, height);
            AffineTransform2D odmrToEdx = registration.transform().inverse();
            RowBuilder b = new RowBuilder(Tables.COMPOSITION);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x;
                    boolean inside = Double.isFinite(c.laAtPercent()[i]) && Double.isFinite(c.niAtPercent()[i]);
                    boolean onSample = Double.isFinite(c.laNiRatio()[i]);
                    b.set(Tables.SAMPLE_ID, spec.sampleId()).set(Tables.PRESSURE_GPA, spec.pressureGpa())
                        .set(Tables.TILE_ID, planner.tileIdOf(y, x)).set(Tables.PIXEL_Y, y).set(Tables.PIXEL_X, x)
                        .setDouble("edx_y_px", odmrToEdx.applyY(x, y)).setDouble("edx_x_px", odmrToEdx.applyX(x, y))
                        .setDouble("la_at_pct", c.laAtPercent()[i]).setDouble("ni_at_pct", c.niAtPercent()[i])
                        .setDouble("la_ni_ratio", c.laNiRatio()[i])
                        .setDouble("registration_residual_px", c.registrationResidualPx()[i])
                        .set("on_sample", onSample)
                        .set(Tables.STATUS, !inside ? "OUTSIDE_EDX" : onSample ? "OK" : "NO_COUNTS");
                    rows.add(b.build());
                }
            }
        }
        return spark.createDataFrame(rows, Tables.COMPOSITION.schema());
    }

    private static double[] flatten(double[][] image) {
        int h = image.length;
        int w = h == 0 ? 0 : image[0].length;
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image[y], 0, out, y * w, w);
        }
        return out;
    }

    /** pixel_table = the per-pixel partial rows joined with composition, with the masks of the phase diagram. */
    static Dataset<Row> join(Dataset<Row> partials, Dataset<Row> composition, Config culet) {
        String[] fromComposition = {"la_at_pct", "ni_at_pct", "la_ni_ratio", "la_ni_ratio_err", "registration_residual_px", "on_sample"};
        Dataset<Row> left = partials.drop(fromComposition).drop("stoichiometric", "in_phase_diagram");
        List<Column> compCols = new ArrayList<>();
        compCols.add(col(Tables.PIXEL_Y));
        compCols.add(col(Tables.PIXEL_X));
        for (String c : fromComposition) {
            compCols.add(col(c));
        }
        Dataset<Row> joined = left.join(composition.select(compCols.toArray(new Column[0])),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of(Tables.PIXEL_Y, Tables.PIXEL_X)).toSeq(), "left");
        double centre = culet.getDouble("phase.stoichiometry-center");
        double halfWidth = culet.getDouble("phase.stoichiometry-half-width");
        joined = joined
            .withColumn("stoichiometric", abs(col("la_ni_ratio").minus(lit(centre))).leq(lit(halfWidth)))
            .withColumn("in_phase_diagram", coalesce(col("on_sample"), lit(false))
                .and(coalesce(col("stoichiometric"), lit(false)))
                .and(col(Tables.STATUS).equalTo("OK")));
        List<Column> ordered = new ArrayList<>();
        for (String name : Tables.PIXEL_TABLE.columnNames()) {
            ordered.add(col(name));
        }
        return joined.select(ordered.toArray(new Column[0]));
    }

    /**
     * The binned phase diagram from pixel_table. The per-pixel inputs (a few numbers per pixel, independent of the
     * number of sweeps) come to the driver, where {@link PhaseDiagramBinner} bins them.
     */
    static Dataset<Row> phaseDiagram(SparkSession spark, CuletConfig config, Dataset<Row> pixelTable, AcquisitionSpec spec) {
        PhaseSettings settings = PhaseSettings.fromConfig(config.root());
        PhaseDiagramBinner binner = new PhaseDiagramBinner(settings);
        PhaseDiagram d = binner.bin(phasePixels(pixelTable));
        String tauMeasure = settings.tauMeasure() == PhaseSettings.TauMeasure.MAX ? "TAU_MAX" : "TAU_INTERFACE";
        List<Row> rows = new ArrayList<>();
        RowBuilder b = new RowBuilder(Tables.PHASE_DIAGRAM);
        for (int i = 0; i < d.nZz; i++) {
            for (int j = 0; j < d.nTau; j++) {
                int k = d.index(i, j);
                bin(b, spec, "SZZ_TAU", k, d, i, j, tauMeasure, settings)
                    .set("n_pixels", (long) d.count[k]).set("n_superconducting", (long) d.superconductingCount[k])
                    .setDouble("sc_fraction", d.fraction[k]).setDouble("sc_fraction_ci_lo", d.fractionLower[k])
                    .setDouble("sc_fraction_ci_hi", d.fractionUpper[k]).set("n_tc", (long) d.tcCount[k])
                    .setDouble("tc_median_k", d.medianTcK[k]).setDouble("tc_spread_k", 0.5 * d.tcIqrK[k]);
                rows.add(b.build());
            }
        }
        for (int t = 0; t < d.nT; t++) {
            for (int i = 0; i < d.nZz; i++) {
                for (int j = 0; j < d.nTau; j++) {
                    int k = d.index(t, i, j);
                    bin(b, spec, "T_SZZ_TAU", k, d, i, j, tauMeasure, settings)
                        .setDouble("temperature_lo_k", d.temperatureEdgesK[t])
                        .setDouble("temperature_hi_k", d.temperatureEdgesK[t + 1])
                        .set("n_pixels", (long) d.countT[k]).set("n_superconducting", (long) d.superconductingCountT[k])
                        .setDouble("sc_fraction", d.fractionT[k]).setDouble("sc_fraction_ci_lo", d.fractionLowerT[k])
                        .setDouble("sc_fraction_ci_hi", d.fractionUpperT[k]);
                    rows.add(b.build());
                }
            }
        }
        PhaseDiagramBinner.CriticalShear critical = binner.criticalShear(d);
        LOG.info("phase diagram: {} pixels binned; critical shear {} GPa ({})", d.binned,
            String.format(java.util.Locale.ROOT, "%.2f", critical.tauCriticalGpa()), tauMeasure);
        return spark.createDataFrame(rows, Tables.PHASE_DIAGRAM.schema());
    }

    /**
     * The per-pixel inputs of the phase diagram from pixel_table (a few numbers per pixel, independent of the number
     * of sweeps, collected to the driver). A pixel is usable when it is on the sample and its status is OK; the
     * stoichiometry mask is the binner's.
     */
    static PhasePixels phasePixels(Dataset<Row> pixelTable) {
        List<Row> pixels = pixelTable.select("sigma_zz_gpa", "tau_max_gpa", "tau_interface_gpa", "la_ni_ratio",
            "superconducting", "tc_onset_k", "on_sample", "status").collectAsList();
        int n = pixels.size();
        double[] szz = new double[n];
        double[] tauMax = new double[n];
        double[] tauInt = new double[n];
        double[] laNi = new double[n];
        boolean[] sc = new boolean[n];
        double[] tc = new double[n];
        boolean[] usable = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row r = pixels.get(i);
            szz[i] = value(r, 0);
            tauMax[i] = value(r, 1);
            tauInt[i] = value(r, 2);
            laNi[i] = value(r, 3);
            sc[i] = !r.isNullAt(4) && r.getBoolean(4);
            tc[i] = value(r, 5);
            usable[i] = !r.isNullAt(6) && r.getBoolean(6) && "OK".equals(r.getString(7));
        }
        return new PhasePixels(szz, tauMax, tauInt, laNi, sc, tc, usable, null, null);
    }

    private static RowBuilder bin(RowBuilder b, AcquisitionSpec spec, String diagram, int index, PhaseDiagram d, int i,
                                  int j, String tauMeasure, PhaseSettings settings) {
        return b.set(Tables.SAMPLE_ID, spec.sampleId()).set(Tables.PRESSURE_GPA, spec.pressureGpa())
            .set("diagram", diagram).set("bin_index", index)
            .setDouble("sigma_zz_lo_gpa", d.sigmaZzEdgesGpa[i]).setDouble("sigma_zz_hi_gpa", d.sigmaZzEdgesGpa[i + 1])
            .setDouble("tau_lo_gpa", d.tauEdgesGpa[j]).setDouble("tau_hi_gpa", d.tauEdgesGpa[j + 1])
            .set("tau_measure", tauMeasure).setDouble("ci_level", settings.confidenceLevel());
    }

    private static double value(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** The sweeps table: the catalogue, checksums and each file's frequency axis (metadata only, no frames). */
    static Dataset<Row> sweepsTable(SparkSession spark, TaskPlan plan, Location dir, List<SweepEntry> sweeps,
                                    Map<String, String> checksums, List<AcquisitionValidator.Rejected> rejected) {
        List<Row> rows = new ArrayList<>();
        RowBuilder b = new RowBuilder(Tables.SWEEPS);
        Config culet = plan.config().getConfig("culet");
        org.culet.kernel.nv.D0Model d0 = org.culet.kernel.nv.D0Model.fromConfig(culet.getConfig("physics"));
        for (int s = 0; s < sweeps.size(); s++) {
            SweepEntry e = sweeps.get(s);
            Location file = Location.of(plan.sweepFiles[s]);
            double[] axisMhz;
            try (SweepReader reader = plan.openSweep(s)) {
                axisMhz = reader.frequenciesHz();
            } catch (IOException ex) {
                throw new UserException("cannot read the frequency axis: " + ex.getMessage(), e.where("sweeps.csv"),
                    "check the sweep file", ex);
            }
            for (int i = 0; i < axisMhz.length; i++) {
                axisMhz[i] *= 1e-6;
            }
            b.set(Tables.SAMPLE_ID, plan.sampleId).set(Tables.PRESSURE_GPA, plan.pressureGpa)
                .set(Tables.SWEEP_ID, e.sweepId()).set("file", e.file())
                .set("file_sha256", checksums.get(file.uri()))
                .set("protocol", e.protocol().name()).setDouble("temperature_k", e.temperatureK())
                .setDouble("coil_current_a", e.coilCurrentA()).setDouble("applied_field_gauss", plan.appliedFieldGauss[s])
                .set("n_freq", axisMhz.length).setDouble("freq_start_mhz", axisMhz[0])
                .setDouble("freq_stop_mhz", axisMhz[axisMhz.length - 1]).setDoubles("frequency_axis_mhz", axisMhz, axisMhz.length)
                .setDouble("d0_mhz", d0.d0Mhz(e.temperatureK())).set(Tables.STATUS, "OK");
            rows.add(b.build());
        }
        for (AcquisitionValidator.Rejected r : rejected) {
            SweepEntry e = r.entry();
            Location file = dir.resolve(e.file());
            b.set(Tables.SAMPLE_ID, plan.sampleId).set(Tables.PRESSURE_GPA, plan.pressureGpa)
                .set(Tables.SWEEP_ID, e.sweepId()).set("file", e.file())
                .set("file_sha256", checksums.get(file.uri()))
                .set("protocol", e.protocol().name()).setDouble("temperature_k", e.temperatureK())
                .setDouble("coil_current_a", e.coilCurrentA()).set(Tables.STATUS, "QUARANTINED");
            rows.add(b.build());
        }
        return spark.createDataFrame(rows, Tables.SWEEPS.schema());
    }

    /**
     * Where the fit stage's rows (and the per-sweep magnetization maps) are kept until every table is written
     * (culet.pipeline.cache-storage-level): a Spark storage level name. MEMORY_AND_DISK keeps them on the heap as
     * far as Spark's storage memory allows and spills the rest; DISK_ONLY keeps the heap small for archive-scale runs
     * (about 1.6 KB per spectrum) at the cost of local-disk writes and reads.
     */
    static StorageLevel cacheStorageLevel(com.typesafe.config.Config culet) {
        String name = culet.getString("pipeline.cache-storage-level").trim();
        try {
            StorageLevel level = StorageLevel.fromString(name.toUpperCase(java.util.Locale.ROOT));
            if (level.useMemory() || level.useDisk()) {
                return level;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UserException("culet.pipeline.cache-storage-level = " + name + " is not a Spark storage level that keeps data",
            "configuration key culet.pipeline.cache-storage-level",
            "use MEMORY_AND_DISK (default), DISK_ONLY, MEMORY_AND_DISK_SER or another org.apache.spark.storage.StorageLevel name");
    }
}
