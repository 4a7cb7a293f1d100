package org.culet.acquisition;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes culet HDF5 sweep files (the layout {@link Hdf5SweepReader} reads): dataset {@code frames} int32
 * [n_freq][ny][nx] counts, chunked [n_freq][16][16] (a tile window across all frames is a few contiguous
 * chunk reads) with byte-shuffle + deflate; dataset {@code frequencies_hz} float64 [n_freq]; root attributes
 * {@code sweep_id}, {@code exposure_s}, {@code averages}, {@code format_version}, {@code frames_unit}.
 */
public final class SweepFiles {
    public static final String FRAMES = "frames";
    public static final String FREQUENCIES = "frequencies_hz";
    /** Chunk edge in pixels: a [n_freq][16][16] int32 chunk of 300 frequencies is 300 KiB. */
    public static final int CHUNK_PIXELS = 16;
    /** Deflate level: 4 compresses shot-noise-limited counts nearly as well as 9 and writes several times faster. */
    public static final int DEFLATE_LEVEL = 4;

    private SweepFiles() {
    }

    /** Writes one sweep file (creating parent folders); {@code frames} is [n_freq][ny][nx]. Returns the file size. */
    public static long write(Path file, int[][][] frames, double[] frequenciesHz, String sweepId, double exposureS,
                             int averages) throws java.io.IOException {
        int nf = frames.length;
        int ny = frames[0].length;
        int nx = frames[0][0].length;
        if (frequenciesHz.length != nf) {
            throw new IllegalArgumentException("frequency axis has " + frequenciesHz.length + " points, frames " + nf);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (WritableHdfFile h = HdfFile.write(file)) {
            WritableDataset ds = h.putDataset(FRAMES, frames, DatasetCreationOptions.builder()
                .chunkDimensions(nf, Math.min(CHUNK_PIXELS, ny), Math.min(CHUNK_PIXELS, nx))
                .shuffle().deflate(DEFLATE_LEVEL).build());
            ds.putAttribute("unit", "counts");
            h.putDataset(FREQUENCIES, frequenciesHz);
            h.putAttribute("sweep_id", sweepId);
            h.putAttribute("exposure_s", exposureS);
            h.putAttribute("averages", averages);
            h.putAttribute("format_version", AcquisitionSpec.FORMAT_VERSION);
            h.putAttribute("frames_unit", "counts");
        }
        return Files.size(file);
    }
}
