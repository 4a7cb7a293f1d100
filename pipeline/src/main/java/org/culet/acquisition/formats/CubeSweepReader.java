package org.culet.acquisition.formats;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.config.UserException;
import org.culet.io.Location;

/**
 * The {@link SweepReader} of every format: a {@link Cube} (the file's 3-D array as its format reports it), the roles
 * of its axes (frequency, row, column; from the manifest's axis order or guessed from the length of the frequency
 * axis) and the frequency axis in Hz. A window read is one box read of the cube, rearranged pixel-major.
 */
public final class CubeSweepReader implements SweepReader {
    private final Location file;
    private final String format;
    private final Cube cube;
    private final Closeable resource;
    private final int[] shape;
    private final int fAxis;
    private final int yAxis;
    private final int xAxis;
    private final double[] frequenciesHz;
    private final double[] fileFrequenciesHz;
    private final String frequencySource;
    private final String axisOrder;
    private final Map<String, String> metadata;
    private double[] box = new double[0];

    /**
     * @param fileAxisHz      the file's own frequency axis (Hz) or null
     * @param fileAxisSource  where it came from (for messages)
     * @param overrideHz      an explicit axis from sweeps.csv, or null
     * @param defaultRoles    the format's usual axis order, used when the manifest gives none and the guess is ambiguous
     * @param resource        closed with the reader (the open file), may be null
     */
    CubeSweepReader(Location file, String format, Cube cube, Closeable resource, double[] fileAxisHz,
                    String fileAxisSource, double[] overrideHz, SweepFormat spec, char[] defaultRoles,
                    Map<String, String> metadata) {
        this.file = file;
        this.format = format;
        this.cube = cube;
        this.resource = resource;
        this.shape = cube.shape();
        this.metadata = new LinkedHashMap<>(metadata);
        String where = file.toString();
        if (shape.length != 3) {
            throw new UserException("the cube has " + shape.length + " dimensions " + Arrays.toString(shape)
                + ", a sweep needs 3 (frequency, row, column)", where,
                "store one 3-D array per sweep file (frames-variable names it), e.g. [n_freq][ny][nx]");
        }
        this.fileFrequenciesHz = fileAxisHz == null ? null : fileAxisHz.clone();
        double[] axis = overrideHz != null ? overrideHz.clone() : fileFrequenciesHz;
        if (axis == null) {
            throw new UserException("no frequency axis for this sweep: " + fileAxisSource, where,
                "give the axis in the file (frequencies-variable), in a JSON sidecar {\"" + spec.frequenciesVariableOrDefault()
                    + "\": [...]} next to it, or as START_HZ:STOP_HZ:POINTS in sweeps.csv's frequency_axis column");
        }
        this.frequenciesHz = axis;
        this.frequencySource = overrideHz != null ? "sweeps.csv frequency_axis" : fileAxisSource;
        char[] roles = spec.axisRoles(where + " (axis order)");
        if (roles != null) {
            int f = indexOf(roles, 'f');
            if (shape[f] != axis.length) {
                throw new UserException("axis order '" + spec.axisOrder() + "' puts the frequency axis on dimension " + f
                    + " (length " + shape[f] + ") of the cube of shape " + Arrays.toString(shape) + ", but the frequency "
                    + "axis (" + frequencySource + ") has " + axis.length + " points", where,
                    suggestOrder(shape, axis.length, roles));
            }
        } else {
            roles = guessRoles(shape, axis.length, defaultRoles);
        }
        this.fAxis = indexOf(roles, 'f');
        this.yAxis = indexOf(roles, 'y');
        this.xAxis = indexOf(roles, 'x');
        this.axisOrder = roles[0] + "," + roles[1] + "," + roles[2];
        for (double v : axis) {
            if (!Double.isFinite(v)) {
                throw new UserException("the frequency axis (" + frequencySource + ") holds a non-finite value", where,
                    "store every frequency of the sweep as a finite number");
            }
        }
        if (axis.length > 0 && Math.abs(axis[axis.length - 1]) < 1e7 && Math.abs(axis[0]) < 1e7) {
            throw new UserException("the frequency axis (" + frequencySource + ") ends at " + axis[axis.length - 1]
                + " Hz: it looks like MHz or GHz, not Hz", where,
                "set frequencies-unit = MHz (or GHz) in acquisition.conf's format block, or store the axis in Hz");
        }
    }

    /** The axis whose length is the frequency count is f; the other two stay in their order as y, x. */
    static char[] guessRoles(int[] shape, int nFreq, char[] defaultRoles) {
        int d = indexOf(defaultRoles, 'f');
        if (shape[d] == nFreq) {
            return defaultRoles.clone();
        }
        for (int i = 0; i < 3; i++) {
            if (shape[i] == nFreq) {
                char[] r = new char[3];
                r[i] = 'f';
                boolean y = true;
                for (int j = 0; j < 3; j++) {
                    if (j != i) {
                        r[j] = y ? 'y' : 'x';
                        y = false;
                    }
                }
                return r;
            }
        }
        return defaultRoles.clone(); // nothing fits: validation reports the mismatch of frames and axis
    }

    private static String suggestOrder(int[] shape, int n, char[] given) {
        for (int i = 0; i < 3; i++) {
            if (shape[i] == n) {
                char[] r = guessRoles(shape, n, new char[] {'f', 'y', 'x'});
                return "set axis-order = \"" + r[0] + "," + r[1] + "," + r[2] + "\" (dimension " + i + " has " + n
                    + " points), in acquisition.conf's format block or the axis_order column of sweeps.csv";
            }
        }
        return "no dimension of the cube has " + n + " points: check frames-variable names the sweep cube and that the "
            + "frequency axis belongs to this file";
    }

    private static int indexOf(char[] roles, char c) {
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("no axis " + c);
    }

    @Override
    public int frequencyCount() {
        return shape[fAxis];
    }

    @Override
    public int height() {
        return shape[yAxis];
    }

    @Override
    public int width() {
        return shape[xAxis];
    }

    @Override
    public double[] frequenciesHz() {
        return frequenciesHz.clone();
    }

    @Override
    public int frequencyAxisLength() {
        return frequenciesHz.length;
    }

    @Override
    public double[] fileFrequenciesHz() {
        return fileFrequenciesHz == null ? null : fileFrequenciesHz.clone();
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String dtype() {
        return cube.dtype();
    }

    @Override
    public String axisOrder() {
        return axisOrder;
    }

    @Override
    public String frequencySource() {
        return frequencySource;
    }

    @Override
    public boolean randomAccess() {
        return cube.randomAccess();
    }

    @Override
    public String access() {
        return cube.access();
    }

    @Override
    public Map<String, String> metadata() {
        return java.util.Collections.unmodifiableMap(metadata);
    }

    public Location file() {
        return file;
    }

    @Override
    public void readWindow(int y0, int x0, int h, int w, double[] outPixelMajor) throws IOException {
        int ny = height();
        int nx = width();
        int nf = frequencyCount();
        if (y0 < 0 || x0 < 0 || h <= 0 || w <= 0 || y0 + h > ny || x0 + w > nx) {
            throw new IllegalArgumentException("window rows [" + y0 + "," + (y0 + h) + ") cols [" + x0 + "," + (x0 + w)
                + ") is outside the " + ny + " x " + nx + " frames of " + file);
        }
        if (outPixelMajor.length < h * w * nf) {
            throw new IllegalArgumentException("output buffer holds " + outPixelMajor.length + " values, the window needs "
                + (long) h * w * nf);
        }
        if (frequenciesHz.length != nf) {
            throw new IOException(file + " has " + nf + " frames but its frequency axis has " + frequenciesHz.length
                + " points (fix the axis order or the frequency axis)");
        }
        int[] start = new int[3];
        int[] count = new int[3];
        start[fAxis] = 0;
        count[fAxis] = nf;
        start[yAxis] = y0;
        count[yAxis] = h;
        start[xAxis] = x0;
        count[xAxis] = w;
        int n = nf * h * w;
        if (box.length < n) {
            box = new double[n];
        }
        cube.readBox(start, count, box);
        int[] stride = {count[1] * count[2], count[2], 1};
        int sf = stride[fAxis];
        int sy = stride[yAxis];
        int sx = stride[xAxis];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int out = (y * w + x) * nf;
                int in = y * sy + x * sx;
                for (int f = 0; f < nf; f++) {
                    outPixelMajor[out + f] = box[in + f * sf];
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            cube.close();
        } finally {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
