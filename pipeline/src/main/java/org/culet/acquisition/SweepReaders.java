package org.culet.acquisition;

import java.nio.file.Path;
import org.culet.acquisition.formats.FormatReaders;
import org.culet.config.UserException;
import org.culet.io.Location;

/**
 * Opens a {@link SweepReader} for a sweep file by its format: HDF5 (any layout), MATLAB v5 and v7.3 .mat, NumPy
 * .npy and .npz, multi-page TIFF, Princeton Instruments SPE 3.0; on a local path or any Hadoop filesystem URI.
 * The format comes from the manifest ({@link SweepFormat}) or the file extension.
 */
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
        return open(Location.of(file), SweepFormat.AUTO, axisOverrideHz);
    }

    /**
     * Opens {@code file} (local or remote) as {@code format} says, with an explicit frequency axis (Hz) or null.
     *
     * @throws UserException when the format is unknown or the file cannot be read as that format
     */
    public static SweepReader open(Location file, SweepFormat format, double[] axisOverrideHz) {
        return FormatReaders.open(file, format == null ? SweepFormat.AUTO : format, axisOverrideHz);
    }
}
