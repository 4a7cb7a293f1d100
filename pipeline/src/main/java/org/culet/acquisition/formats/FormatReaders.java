package org.culet.acquisition.formats;

import java.io.IOException;
import java.io.InputStream;
import org.culet.acquisition.SweepFormat;
import org.culet.acquisition.SweepReader;
import org.culet.config.UserException;
import org.culet.io.Location;

/** Opens a sweep file of any supported format (see {@link org.culet.acquisition.SweepReaders}). */
public final class FormatReaders {
    private FormatReaders() {
    }

    /**
     * Opens {@code file} as {@code spec} says (the type inferred from the extension when {@code auto}).
     *
     * @throws UserException when the format is unknown, the file is missing, or it cannot be read as that format
     */
    public static SweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        String type = spec.typeFor(file.name());
        if (type == null) {
            throw new UserException("unknown sweep file format '" + file.name() + "'", file.toString(),
                "use a known extension (.h5 .hdf5 .mat .npy .npz .tif .tiff .spe) or name the format in acquisition.conf "
                    + "(format { type = hdf5 | mat | npy | npz | tiff | spe }) or the format column of sweeps.csv");
        }
        if (!file.isFile()) {
            throw new UserException("sweep file not found", file.toString(),
                "check the file column of sweeps.csv (paths are relative to the acquisition folder)");
        }
        return switch (type) {
            case "hdf5" -> Hdf5Format.open(file, spec, overrideHz, false);
            case "mat" -> openMat(file, spec, overrideHz);
            case "npy" -> NpyFormat.open(file, spec, overrideHz);
            case "npz" -> NpzFormat.open(file, spec, overrideHz);
            case "tiff" -> TiffFormat.open(file, spec, overrideHz);
            case "spe" -> SpeFormat.open(file, spec, overrideHz);
            default -> throw new UserException("unknown sweep file format '" + type + "'", file.toString(),
                "use one of " + String.join(", ", SweepFormat.TYPES));
        };
    }

    private static SweepReader openMat(Location file, SweepFormat spec, double[] overrideHz) {
        byte[] head = head(file, 1032);
        if (Mat5Format.isHdf5(head)) {
            return Hdf5Format.open(file, spec, overrideHz, true);
        }
        if (Mat5Format.isV5Header(head)) {
            return Mat5Format.open(file, spec, overrideHz);
        }
        throw new UserException("not a MATLAB v5 or v7.3 .mat file (MATLAB v4 files and truncated files have no v5 header)",
            file.toString(), "save it from MATLAB with save(path, 'frames', 'frequencies_hz', '-v7.3') (or '-v7')");
    }

    /** The first bytes of a file (fewer when it is shorter). */
    static byte[] head(Location file, int n) {
        try (InputStream in = file.openStream()) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UserException("cannot read the sweep file: " + e.getMessage(), file.toString(),
                "check the file exists and is readable", e);
        }
    }
}
