package org.culet.acquisition;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ODMR-frame reference image (e.g. a PL frame without microwaves, showing the sample outline) used to
 * register the EDX maps. HDF5: dataset {@code image} float64 [ny][nx] (counts), root attribute
 * {@code pixel_size_um}. The array is [row][column] and owned by this record.
 */
public record ReferenceImage(double[][] image, double pixelSizeUm) {
    public static final String IMAGE = "image";
    private static final String FIX = "write the reference image as HDF5 with dataset 'image' [ny][nx] and attribute "
        + "pixel_size_um (README 'Acquisition layout')";

    public static ReferenceImage load(Path file) {
        return load(org.culet.io.Location.of(file));
    }

    /** Loads a local or remote (Hadoop URI) reference image. */
    public static ReferenceImage load(org.culet.io.Location file) {
        try (HdfFile hdf = Hdf5Maps.open(file, "reference image", FIX)) {
            return new ReferenceImage(Hdf5Maps.read2d(hdf, file, IMAGE, FIX), Hdf5Maps.numberAttribute(hdf, "pixel_size_um"));
        }
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putDataset(IMAGE, image);
            h.putAttribute("pixel_size_um", pixelSizeUm);
            h.putAttribute("unit", "counts");
        }
    }
}
