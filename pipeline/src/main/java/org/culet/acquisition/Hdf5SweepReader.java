package org.culet.acquisition;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.culet.config.UserException;

/**
 * {@link SweepReader} for culet's HDF5 sweep files (layout in the README, written by {@link SweepFiles}):
 * dataset {@code frames} [n_freq][ny][nx] of counts (int32 as culet writes; int16, int64, float32 and
 * float64 are read too), chunked [n_freq][16][16] so that a tile window is a few chunk reads; dataset
 * {@code frequencies_hz} float64 [n_freq]; attributes {@code sweep_id}, {@code exposure_s},
 * {@code averages}. Window reads use jhdf's hyperslab read ({@code Dataset.getData(offset, shape)}), which
 * decompresses only the chunks the window overlaps. Not thread-safe.
 */
public final class Hdf5SweepReader implements SweepReader {
    private final Path file;
    private final HdfFile hdf;
    private final Dataset frames;
    private final int nf;
    private final int ny;
    private final int nx;
    private final double[] frequenciesHz;

    /**
     * Opens {@code file}. The frequency axis comes from the file's {@code frequencies_hz} dataset, or from
     * {@code axisOverrideHz} when that is not null (an explicit axis of sweeps.csv).
     *
     * @throws UserException when the file is missing, not HDF5, or lacks the datasets
     */
    public Hdf5SweepReader(Path file, double[] axisOverrideHz) {
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new UserException("sweep file not found", file.toString(),
                "check the file column of sweeps.csv (paths are relative to the acquisition folder)");
        }
        try {
            this.hdf = new HdfFile(file);
        } catch (HdfException | IllegalArgumentException e) {
            throw new UserException("not a readable HDF5 file: " + e.getMessage(), file.toString(),
                "write sweep files as HDF5 with a 'frames' dataset [n_freq][ny][nx] (README 'Acquisition layout')", e);
        }
        try {
            Node node = hdf.getChildren().get(SweepFiles.FRAMES);
            if (!(node instanceof Dataset)) {
                throw new UserException("the sweep file has no '" + SweepFiles.FRAMES + "' dataset", file.toString(),
                    "store the frames as dataset 'frames' [n_freq][ny][nx] of counts");
            }
            this.frames = (Dataset) node;
            int[] dims = frames.getDimensions();
            if (dims.length != 3) {
                throw new UserException("dataset 'frames' has " + dims.length + " dimensions, expected 3",
                    file + " dataset frames", "store frames as [n_freq][ny][nx]");
            }
            nf = dims[0];
            ny = dims[1];
            nx = dims[2];
            if (axisOverrideHz != null) {
                frequenciesHz = axisOverrideHz.clone();
            } else {
                Node f = hdf.getChildren().get(SweepFiles.FREQUENCIES);
                if (!(f instanceof Dataset)) {
                    throw new UserException("the sweep file has no '" + SweepFiles.FREQUENCIES + "' dataset",
                        file.toString(), "store the axis as dataset frequencies_hz (float64, Hz) or give an explicit "
                            + "START_HZ:STOP_HZ:POINTS in sweeps.csv's frequency_axis column");
                }
                Object data = ((Dataset) f).getData();
                if (!(data instanceof double[])) {
                    throw new UserException("dataset 'frequencies_hz' is not a 1-D float64 array", file + " dataset frequencies_hz",
                        "store the frequency axis as float64 [n_freq] in Hz");
                }
                frequenciesHz = (double[]) data;
            }
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    public Hdf5SweepReader(Path file) {
        this(file, null);
    }

    public Path file() {
        return file;
    }

    @Override
    public int frequencyCount() {
        return nf;
    }

    @Override
    public int height() {
        return ny;
    }

    @Override
    public int width() {
        return nx;
    }

    @Override
    public double[] frequenciesHz() {
        return frequenciesHz.clone();
    }

    /** Length of the frequency axis as stored (may differ from {@link #frequencyCount()} in a malformed file). */
    public int frequencyAxisLength() {
        return frequenciesHz.length;
    }

    /** The {@code exposure_s} attribute (s) or NaN. */
    public double exposureS() {
        return numberAttribute("exposure_s");
    }

    /** The {@code averages} attribute or NaN. */
    public double averages() {
        return numberAttribute("averages");
    }

    /** The {@code sweep_id} attribute or null. */
    public String sweepIdAttribute() {
        Attribute a = hdf.getAttribute("sweep_id");
        return a == null ? null : String.valueOf(a.getData());
    }

    private double numberAttribute(String name) {
        Attribute a = hdf.getAttribute(name);
        if (a == null) {
            return Double.NaN;
        }
        Object d = a.getData();
        return d instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public void readWindow(int y0, int x0, int h, int w, double[] outPixelMajor) throws IOException {
        if (y0 < 0 || x0 < 0 || h <= 0 || w <= 0 || y0 + h > ny || x0 + w > nx) {
            throw new IllegalArgumentException("window rows [" + y0 + "," + (y0 + h) + ") cols [" + x0 + "," + (x0 + w)
                + ") is outside the " + ny + " x " + nx + " frames of " + file);
        }
        if (outPixelMajor.length < h * w * nf) {
            throw new IllegalArgumentException("output buffer holds " + outPixelMajor.length + " values, the window needs "
                + (long) h * w * nf);
        }
        Object data;
        try {
            data = frames.getData(new long[] {0, y0, x0}, new int[] {nf, h, w});
        } catch (HdfException e) {
            throw new IOException("cannot read window rows " + y0 + "+" + h + ", cols " + x0 + "+" + w + " of " + file
                + ": " + e.getMessage(), e);
        }
        if (data instanceof int[][][] a) {
            for (int f = 0; f < nf; f++) {
                for (int y = 0; y < h; y++) {
                    int[] row = a[f][y];
                    int base = y * w;
                    for (int x = 0; x < w; x++) {
                        outPixelMajor[(base + x) * nf + f] = row[x];
                    }
                }
            }
        } else if (data instanceof float[][][] a) {
            for (int f = 0; f < nf; f++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        outPixelMajor[(y * w + x) * nf + f] = a[f][y][x];
                    }
                }
            }
        } else if (data instanceof double[][][] a) {
            for (int f = 0; f < nf; f++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        outPixelMajor[(y * w + x) * nf + f] = a[f][y][x];
                    }
                }
            }
        } else if (data instanceof short[][][] a) {
            for (int f = 0; f < nf; f++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        outPixelMajor[(y * w + x) * nf + f] = a[f][y][x];
                    }
                }
            }
        } else if (data instanceof long[][][] a) {
            for (int f = 0; f < nf; f++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        outPixelMajor[(y * w + x) * nf + f] = a[f][y][x];
                    }
                }
            }
        } else {
            throw new IOException("dataset 'frames' of " + file + " has unsupported type "
                + (data == null ? "null" : data.getClass().getSimpleName()) + "; use int32 or float32 counts");
        }
    }

    @Override
    public void close() {
        hdf.close();
    }
}
