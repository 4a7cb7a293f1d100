package org.culet.acquisition;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.culet.config.UserException;

/**
 * EDX composition maps on their own grid, with their pixel size and the EDX-frame reference image used for
 * registration. File format (HDF5): datasets {@code la_at_pct}, {@code ni_at_pct} (float64 [ny][nx], atomic
 * percent; 0 where there is no sample) and {@code reference_image} (float64 [ny][nx], e.g. electron-image
 * counts showing the sample outline); root attribute {@code pixel_size_um}. Arrays are [row][column] and
 * owned by this record (do not modify).
 */
public record EdxMaps(double[][] laAtPct, double[][] niAtPct, double[][] referenceImage, double pixelSizeUm) {
    public static final String LA = "la_at_pct";
    public static final String NI = "ni_at_pct";
    public static final String REFERENCE = "reference_image";
    private static final String FIX = "write the EDX file as HDF5 with datasets la_at_pct, ni_at_pct, reference_image "
        + "[ny][nx] and attribute pixel_size_um (README 'Acquisition layout')";

    public int height() {
        return laAtPct.length;
    }

    public int width() {
        return laAtPct.length == 0 ? 0 : laAtPct[0].length;
    }

    /** Loads the EDX maps named by acquisition.conf ({@code edx.file}, relative to {@code acquisitionDir}). */
    public static EdxMaps load(Path acquisitionDir, AcquisitionSpec spec) {
        if (spec.edxFile() == null) {
            throw new UserException("the acquisition has no EDX maps", acquisitionDir.resolve(AcquisitionSpec.FILE_NAME)
                .toString(), "add edx { file = \"edx/edx.h5\", pixel-size-um = ... } to acquisition.conf");
        }
        EdxMaps maps = load(AcquisitionSpec.resolve(acquisitionDir, spec.edxFile()));
        return maps;
    }

    /** Loads an EDX file; errors name the file and the dataset. */
    public static EdxMaps load(Path file) {
        return load(org.culet.io.Location.of(file));
    }

    /** Loads the EDX maps named by acquisition.conf from a local or remote (Hadoop URI) acquisition folder. */
    public static EdxMaps load(org.culet.io.Location acquisitionDir, AcquisitionSpec spec) {
        if (spec.edxFile() == null) {
            throw new UserException("the acquisition has no EDX maps", acquisitionDir.resolve(AcquisitionSpec.FILE_NAME)
                .toString(), "add edx { file = \"edx/edx.h5\", pixel-size-um = ... } to acquisition.conf");
        }
        return load(acquisitionDir.resolve(spec.edxFile()));
    }

    /** Loads an EDX file (local or remote); errors name the file and the dataset. */
    public static EdxMaps load(org.culet.io.Location file) {
        try (HdfFile hdf = Hdf5Maps.open(file, "EDX file", FIX)) {
            double[][] la = Hdf5Maps.read2d(hdf, file, LA, FIX);
            double[][] ni = Hdf5Maps.read2d(hdf, file, NI, FIX);
            double[][] ref = Hdf5Maps.read2d(hdf, file, REFERENCE, FIX);
            if (ni.length != la.length || ni[0].length != la[0].length || ref.length != la.length
                || ref[0].length != la[0].length) {
                throw new UserException("EDX datasets differ in shape: la " + la.length + "x" + la[0].length + ", ni "
                    + ni.length + "x" + ni[0].length + ", reference " + ref.length + "x" + ref[0].length,
                    file.toString(), "store the three EDX maps on the same grid");
            }
            double pixel = Hdf5Maps.numberAttribute(hdf, "pixel_size_um");
            if (!(pixel > 0)) {
                throw new UserException("the EDX file lacks a positive pixel_size_um attribute", file.toString(), FIX);
            }
            return new EdxMaps(la, ni, ref, pixel);
        }
    }

    /** Writes the maps to {@code file} (creating folders). */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putDataset(LA, laAtPct);
            h.putDataset(NI, niAtPct);
            h.putDataset(REFERENCE, referenceImage);
            h.putAttribute("pixel_size_um", pixelSizeUm);
            h.putAttribute("unit_la_ni", "at%");
        }
    }
}
