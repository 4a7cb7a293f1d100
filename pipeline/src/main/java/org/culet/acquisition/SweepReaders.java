package org.culet.acquisition;

import java.nio.file.Path;
import java.util.Locale;
import org.culet.config.UserException;

/** Opens a {@link SweepReader} for a sweep file by its format (HDF5 today; later issues add more). */
public final class SweepReaders {
    private SweepReaders() {
    }

    /** Opens {@code file}; the frequency axis comes from the file. */
    public static SweepReader open(Path file) {
        return open(file, null);
    }

    /**
     * Opens {@code file} with an explicit frequency axis (Hz) from sweeps.csv, or null for the file's own.
     *
     * @throws UserException when the format is unknown or the file cannot be opened
     */
    public static SweepReader open(Path file, double[] axisOverrideHz) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf") || name.endsWith(".mat")) {
            return new Hdf5SweepReader(file, axisOverrideHz);
        }
        throw new UserException("unknown sweep file format '" + file.getFileName() + "'", file.toString(),
            "store sweeps as HDF5 (.h5, .hdf5; MATLAB v7.3 .mat files are HDF5) with a 'frames' dataset [n_freq][ny][nx]");
    }
}
