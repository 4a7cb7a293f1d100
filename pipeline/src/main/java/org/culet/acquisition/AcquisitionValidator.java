package org.culet.acquisition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.culet.config.UserException;
import org.culet.io.Location;

/**
 * Checks an acquisition folder before any heavy work: acquisition.conf parses; sweeps.csv parses (known
 * protocols, numbers, unique ids); every sweep file exists and opens; its frame count equals its frequency
 * axis (and the explicit axis of sweeps.csv when given); all sweeps have the same frame shape; the EDX file
 * and the reference image exist, load, and agree with acquisition.conf. Reads metadata only (no frames).
 * The first problem found is thrown as a {@link UserException} naming the file, the sweeps.csv line, the
 * field and the fix.
 */
public final class AcquisitionValidator {
    /** A validated acquisition: its metadata, its manifest and the common frame shape. */
    public record ValidatedAcquisition(Location location, AcquisitionSpec spec, SweepCatalog catalog, int height,
                                       int width) {
        public ValidatedAcquisition(Path dir, AcquisitionSpec spec, SweepCatalog catalog, int height, int width) {
            this(Location.of(dir), spec, catalog, height, width);
        }

        /** The local acquisition folder (only for a local acquisition; see {@link #location()}). */
        public Path dir() {
            return location.localPath();
        }
    }

    private AcquisitionValidator() {
    }

    /** A sweep that failed validation in LENIENT mode, with the error that says what, where and how to fix it. */
    public record Rejected(SweepEntry entry, UserException reason) {
    }

    /** Validates everything; the first problem is a {@link UserException} (STRICT). */
    public static ValidatedAcquisition validate(Path dir) {
        return validate(dir, null);
    }

    /**
     * Validates everything. With {@code lenientRejects} non-null, a sweep whose file is missing, unreadable or
     * inconsistent is added there and left out of the returned catalogue instead of stopping (LENIENT); problems
     * of the acquisition as a whole (acquisition.conf, sweeps.csv, EDX, reference image, no usable sweep) stop
     * in both modes.
     */
    public static ValidatedAcquisition validate(Path dir, java.util.List<Rejected> lenientRejects) {
        return validate(Location.of(dir), lenientRejects);
    }

    /** {@link #validate(Path, List)} for a local folder or any Hadoop filesystem URI. */
    public static ValidatedAcquisition validate(Location dir, java.util.List<Rejected> lenientRejects) {
        if (!dir.isDirectory()) {
            throw new UserException("the acquisition folder does not exist", dir.toString(),
                "give the folder that holds acquisition.conf and sweeps.csv");
        }
        AcquisitionSpec spec = AcquisitionSpec.load(dir);
        SweepCatalog catalog = SweepCatalog.load(dir, spec.sweepsCsv());
        String csv = spec.sweepsCsv();
        int height = -1;
        int width = -1;
        SweepEntry first = null;
        java.util.List<SweepEntry> accepted = new java.util.ArrayList<>();
        for (SweepEntry e : catalog.entries()) {
          try {
            Location file = dir.resolve(e.file());
            String where = dir.resolve(csv) + ": " + e.where(csv) + ", column file (" + file + ")";
            if (!file.isFile()) {
                throw new UserException("sweep file not found: " + e.file(), where,
                    "fix the path in the file column (relative to " + dir + ") or restore the missing file");
            }
            double[] explicit = e.frequencyAxis().inFile() ? null : e.frequencyAxis().valuesHz();
            SweepFormat format = e.format(spec);
            try (SweepReader reader = openReporting(file, format, explicit, where)) {
                int nf = reader.frequencyCount();
                int axisLength = explicit == null ? reader.frequencyAxisLength() : nf;
                if (explicit == null && axisLength != nf) {
                    throw new UserException("the sweep file has " + nf + " frames but its " + axisName(reader, format)
                        + " axis has " + axisLength + " points", where + ", dataset frames",
                        "write one frame per frequency (frames [n_freq][ny][nx] with n_freq = len(frequencies_hz)), or, "
                            + "when the cube's axes are in another order (shape " + java.util.Arrays.toString(reader.shape())
                            + "), give axis-order in acquisition.conf's format block or the axis_order column");
                }
                if (explicit != null) {
                    if (explicit.length != nf) {
                        throw new UserException("the sweep file has " + nf + " frames but sweeps.csv's frequency_axis "
                            + e.frequencyAxis().format() + " has " + explicit.length + " points",
                            dir.resolve(csv) + ": " + e.where(csv) + ", column frequency_axis (file " + file + ")",
                            "make the POINTS of frequency_axis equal the number of frames (" + nf + "), or write 'file' "
                                + "to use the file's frequencies_hz");
                    }
                    checkAxisAgrees(file, format, explicit, e, dir.resolve(csv).toString(), csv);
                }
                if (nf < 3) {
                    throw new UserException("the sweep has only " + nf + " frequency points", where + ", dataset frames",
                        "record at least a few points per sweep (typically 200 to 400)");
                }
                if (first == null) {
                    first = e;
                    height = reader.height();
                    width = reader.width();
                } else if (reader.height() != height || reader.width() != width) {
                    throw new UserException("frame shape " + reader.height() + " x " + reader.width()
                        + " differs from sweep " + first.sweepId() + " (" + height + " x " + width + ")",
                        where + ", dataset frames", "crop every sweep of an acquisition to the same region of interest");
                }
            } catch (java.io.IOException ex) {
                throw new UserException("cannot read the sweep file: " + ex.getMessage(), where,
                    "check the file (h5dump -H shows its structure)", ex);
            }
            accepted.add(e);
          } catch (UserException ex) {
            if (lenientRejects == null) {
                throw ex;
            }
            lenientRejects.add(new Rejected(e, ex));
          }
        }
        if (accepted.isEmpty()) {
            throw new UserException("no usable sweep: every sweep of " + csv + " failed validation",
                dir.resolve(csv).toString(), "fix the sweep files (the quarantine reasons say how), or the file column");
        }
        catalog = new SweepCatalog(catalog.source(), java.util.List.copyOf(accepted));
        Location conf = dir.resolve(AcquisitionSpec.FILE_NAME);
        if (spec.edxFile() != null) {
            Location edxPath = dir.resolve(spec.edxFile());
            EdxMaps edx;
            try {
                edx = EdxMaps.load(edxPath);
            } catch (UserException ex) {
                throw new UserException("EDX maps named by acquisition.conf cannot be used: " + ex.getMessage(),
                    conf + " key edx.file (" + edxPath + ")", "fix edx.file or the EDX file", ex);
            }
            if (Math.abs(edx.pixelSizeUm() - spec.edxPixelSizeUm()) > 1e-6 * spec.edxPixelSizeUm()) {
                throw new UserException("EDX pixel size disagrees: acquisition.conf says " + spec.edxPixelSizeUm()
                    + " um, the EDX file says " + edx.pixelSizeUm() + " um", conf + " key edx.pixel-size-um",
                    "make edx.pixel-size-um equal the EDX file's pixel_size_um attribute");
            }
        }
        if (spec.referenceImageFile() != null) {
            Location refPath = dir.resolve(spec.referenceImageFile());
            ReferenceImage ref;
            try {
                ref = ReferenceImage.load(refPath);
            } catch (UserException ex) {
                throw new UserException("the reference image named by acquisition.conf cannot be used: " + ex.getMessage(),
                    conf + " key reference-image.file (" + refPath + ")", "fix reference-image.file or the image file", ex);
            }
            if (ref.image().length != height || ref.image()[0].length != width) {
                throw new UserException("the reference image is " + ref.image().length + " x " + ref.image()[0].length
                    + " px but the sweeps' frames are " + height + " x " + width, refPath + " dataset image",
                    "store the ODMR-frame reference image on the camera grid of the sweeps");
            }
        }
        return new ValidatedAcquisition(dir, spec, catalog, height, width);
    }

    private static String axisName(SweepReader reader, SweepFormat format) {
        String source = reader.frequencySource();
        return "hdf5".equals(reader.format()) && source.startsWith("dataset ") ? source.substring("dataset ".length())
            : "frequency (" + source + ")";
    }

    private static SweepReader openReporting(Location file, SweepFormat format, double[] explicit, String where) {
        try {
            return SweepReaders.open(file, format, null);
        } catch (UserException ex) {
            if (explicit != null && ex.getMessage().contains("no frequency axis")) {
                try {
                    return SweepReaders.open(file, format, explicit); // the explicit axis of sweeps.csv is the only one
                } catch (UserException ex2) {
                    throw new UserException(firstLine(ex2.getMessage()), where, ex2.fix(), ex2);
                }
            }
            throw new UserException(firstLine(ex.getMessage()), where, ex.fix(), ex);
        }
    }

    /** When sweeps.csv gives an explicit axis and the file has one too, they must agree within 1 Hz. */
    private static void checkAxisAgrees(Location file, SweepFormat format, double[] explicit, SweepEntry e,
                                        String csvPath, String csv) {
        double[] f;
        try (SweepReader own = SweepReaders.open(file, format, explicit)) {
            f = own.fileFrequenciesHz();
        } catch (UserException | java.io.IOException ex) {
            return; // the file has no axis of its own: the explicit axis is the only one, nothing to compare
        }
        if (f == null || f.length != explicit.length) {
            return; // the frame count was checked against the explicit axis; the file's own axis is not used
        }
        for (int i = 0; i < f.length; i++) {
            if (Math.abs(f[i] - explicit[i]) > 1.0) {
                throw new UserException("sweeps.csv's frequency_axis " + e.frequencyAxis().format()
                    + " disagrees with the file's frequencies_hz at point " + i + " (" + explicit[i] + " vs " + f[i]
                    + " Hz)", csvPath + ": " + e.where(csv) + ", column frequency_axis (file " + file + ")",
                    "write 'file' in frequency_axis to use the file's axis, or correct START:STOP:POINTS");
            }
        }
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Convenience for callers that want the sweep ids in manifest order. */
    public static List<String> sweepIds(ValidatedAcquisition a) {
        return a.catalog().entries().stream().map(SweepEntry::sweepId).toList();
    }
}
