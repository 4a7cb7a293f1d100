package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.AcquisitionValidator;
import org.culet.acquisition.SweepCatalog;
import org.culet.acquisition.SweepEntry;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.acquisition.SweepReaders;
import org.culet.acquisition.formats.LabFormatWriters;
import org.culet.cli.Culet;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same synthetic tiny acquisition stored in every lab format (converted from culet's HDF5 by the independent
 * writers of the format tests): the pipeline must publish exactly the HDF5 run's pixel_table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabFormatsPipelineTest {
    private Path root;
    private Path original;
    private SparkSession spark;
    private Dataset<Row> reference;

    static CuletConfig config() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("culet.spark.master", "\"local[2]\"");
        o.put("culet.pipeline.tile-size-px", "8");
        o.put("culet.pipeline.partitions", "2");
        o.put("culet.pipeline.progress-interval-s", "0");
        return CuletConfig.load(null, o);
    }

    @BeforeAll
    void simulateAndRunTheHdf5Original() throws Exception {
        spark = SharedSpark.session();
        root = Files.createTempDirectory("culet-formats");
        original = root.resolve("hdf5");
        assertThat(Culet.execute("simulate", "--preset", "tiny", "--seed", "3", "--out", original.toString())).isZero();
        String wh = root.resolve("wh-hdf5").toUri().toString();
        CuletJob.run(spark, config(), original, wh, false, "RUN");
        reference = Warehouse.open(spark, wh).read(spark, Tables.PIXEL_TABLE).cache();
        assertThat(reference.count()).isEqualTo(256);
    }

    /** Copies the acquisition with its sweeps rewritten in {@code format}; returns the new folder. */
    static Path convert(Path original, Path out, String format) throws IOException {
        AcquisitionSpec spec = AcquisitionSpec.load(original);
        SweepCatalog catalog = SweepCatalog.load(original, spec.sweepsCsv());
        Files.createDirectories(out.resolve("sweeps"));
        for (String d : new String[] {"edx", "reference"}) {
            Files.createDirectories(out.resolve(d));
            try (var files = Files.list(original.resolve(d))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.copy(p, out.resolve(d).resolve(p.getFileName()));
                }
            }
        }
        SweepFormat block = SweepFormat.AUTO;
        List<SweepEntry> rows = new ArrayList<>();
        for (SweepEntry e : catalog.entries()) {
            int[][][] frames;
            double[] freqs;
            try (SweepReader r = SweepReaders.open(original.resolve(e.file()))) {
                int nf = r.frequencyCount();
                int ny = r.height();
                int nx = r.width();
                double[] all = new double[nf * ny * nx];
                r.readWindow(0, 0, ny, nx, all);
                frames = new int[nf][ny][nx];
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        for (int f = 0; f < nf; f++) {
                            frames[f][y][x] = (int) all[(y * nx + x) * nf + f];
                        }
                    }
                }
                freqs = r.frequenciesHz();
            }
            String id = e.sweepId();
            String file;
            SweepFormat override = null;
            Path sweeps = out.resolve("sweeps");
            switch (format) {
                case "mat5" -> {
                    file = "sweeps/" + id + ".mat";
                    LabFormatWriters.mat5(out.resolve(file), frames, freqs, "odmr", "freq_hz");
                    block = new SweepFormat("auto", "odmr", "freq_hz", null, null, null);
                }
                case "mat73" -> {
                    file = "sweeps/" + id + ".mat";
                    LabFormatWriters.mat73(out.resolve(file), frames, freqs, "odmr", "freq_hz");
                    block = new SweepFormat("mat", "odmr", "freq_hz", null, null, null);
                    override = new SweepFormat("auto", null, null, "y;x;f", null, null); // per-row axis_order column
                }
                case "hdf5-layout" -> {
                    file = "sweeps/" + id + ".hdf5";
                    LabFormatWriters.hdf5PixelMajor(out.resolve(file), frames, freqs);
                    try (io.jhdf.WritableHdfFile h = io.jhdf.HdfFile.write(out.resolve(file))) {
                        float[][][] c = new float[frames[0].length][frames[0][0].length][frames.length];
                        for (int f = 0; f < frames.length; f++) {
                            for (int y = 0; y < c.length; y++) {
                                for (int x = 0; x < c[0].length; x++) {
                                    c[y][x][f] = frames[f][y][x];
                                }
                            }
                        }
                        h.putGroup("data").putDataset("cube", c);
                        h.putGroup("axes").putDataset("f_hz", freqs);
                    }
                    block = new SweepFormat("hdf5", "data/cube", "axes/f_hz", "y,x,f", null, null);
                }
                case "tiff" -> {
                    file = "sweeps/" + id + ".tif";
                    LabFormatWriters.tiff(out.resolve(file), frames, true);
                    LabFormatWriters.sidecar(sweeps.resolve(id + ".json"), "frequencies_hz", freqs);
                }
                case "npy" -> {
                    file = "sweeps/" + id + ".npy";
                    int nf = frames.length;
                    int ny = frames[0].length;
                    int nx = frames[0][0].length;
                    Files.write(out.resolve(file), LabFormatWriters.npy("<i4", new int[] {ny, nx, nf}, true,
                        (i, j, k) -> frames[k][i][j]));
                    LabFormatWriters.sidecar(sweeps.resolve(id + ".json"), "frequencies_hz", freqs);
                }
                case "npz" -> {
                    file = "sweeps/" + id + ".npz";
                    byte[] cube = LabFormatWriters.npy("<i4", new int[] {frames.length, frames[0].length, frames[0][0].length},
                        false, (i, j, k) -> frames[i][j][k]);
                    LabFormatWriters.npz(out.resolve(file), false, new String[] {"frames", "frequencies_hz"},
                        new byte[][] {cube, LabFormatWriters.npy1d(freqs)});
                }
                case "spe" -> {
                    file = "sweeps/" + id + ".spe";
                    Files.write(out.resolve(file), LabFormatWriters.spe(frames, 1, 8));
                    LabFormatWriters.sidecar(sweeps.resolve(id + ".json"), "frequencies_hz", freqs);
                }
                default -> throw new IllegalArgumentException(format);
            }
            rows.add(new SweepEntry(id, file, e.temperatureK(), e.coilCurrentA(), e.appliedFieldGauss(),
                e.coolingFieldGauss(), e.protocol(), e.pressureGpa(), e.frequencyAxis(), e.line(), override));
        }
        new AcquisitionSpec(spec.formatVersion(), spec.sampleId(), spec.material(), spec.pressureGpa(), spec.culet(),
            spec.pixelSizeUm(), spec.coilGaussPerAmp(), spec.biasDirection(), spec.sweepsCsv(), spec.edxFile(),
            spec.edxPixelSizeUm(), spec.referenceImageFile(), spec.extra(), block).save(out);
        SweepCatalog.write(out, rows);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mat5", "mat73", "hdf5-layout", "tiff", "npy", "npz", "spe"})
    void everyFormatGivesTheTablesOfTheHdf5Original(String format) throws IOException {
        Path acq = convert(original, root.resolve(format), format);
        String wh = root.resolve("wh-" + format).toUri().toString();
        CuletJob.Result r = CuletJob.run(spark, config(), acq, wh, false, "RUN");
        assertThat(r.rowCounts()).containsEntry("pixel_table", 256L).containsEntry("quarantine", 0L);
        Dataset<Row> table = Warehouse.open(spark, wh).read(spark, Tables.PIXEL_TABLE);
        assertThat(table.count()).isEqualTo(256);
        assertThat(table.exceptAll(reference).count()).as(format + " rows not in the HDF5 run").isZero();
        assertThat(reference.exceptAll(table).count()).as("HDF5 rows not in the " + format + " run").isZero();
        assertThat(table.filter("sigma_zz_gpa IS NOT NULL").count()).isGreaterThan(128); // the rows are not all empty
    }

    @Test
    void aMismatchedSidecarAxisStopsValidationNamingTheSweepAndTheFix() throws IOException {
        Path acq = convert(original, root.resolve("npy-bad"), "npy");
        Path side = acq.resolve("sweeps/s0002.json");
        String json = Files.readString(side);
        Files.writeString(side, json.replaceFirst("\\[[0-9.E]+, ", "["));
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq))
            .isInstanceOf(UserException.class)
            // no dimension of the [16, 16, 120] cube has 119 points, so the default order f,y,x stands
            .hasMessageContaining("16 frames but its frequency (sidecar s0002.json key frequencies_hz) axis has 119 points")
            .hasMessageContaining("sweeps.csv line 3 (sweep_id s0002)")
            .hasMessageContaining("shape [16, 16, 120]").hasMessageContaining("axis-order");
    }
}
