package org.culet.acquisition.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.format.Mat5Reader;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * MATLAB v5 (-v6/-v7) .mat files through MFL (us.hebi.matlab.mat:mfl-core). MFL decodes a variable whole (v7
 * variables are zlib-compressed as a unit, so no reader can cut a window out of one): every window read decodes
 * the cube variable (the reader is opened per tile), which the log says once per file. Only the cube and
 * frequency variables are decoded; other variables are skipped.
 */
final class Mat5Format {
    private static final Logger LOG = LoggerFactory.getLogger(Mat5Format.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    static final String ACCESS = "MATLAB v5: the whole cube variable is decoded (MFL; compressed v5 variables cannot be "
        + "read in part), once per JVM while memory allows; save as -v7.3 (HDF5) for window reads";

    /** A decoded file: the two variables and every variable's header. */
    private record Decoded(Mat5File mat, List<String> seen) {
    }

    private Mat5Format() {
    }

    static Mat5File read(Location file, Mat5Reader.EntryFilter filter) throws IOException {
        // A stream source (never a memory map): the decoded arrays live on the heap and outlive the file handle.
        Source src = Sources.wrapInputStream(new BufferedInputStream(file.openStream(), 1 << 16));
        try (Source s = src) {
            Mat5Reader r = Mat5.newReader(s);
            if (filter != null) {
                r.setEntryFilter(filter);
            }
            return r.readMat();
        }
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        String cubeName = spec.framesVariableOrDefault();
        String freqName = spec.frequenciesVariableOrDefault();
        Decoded decoded;
        String key = null;
        try {
            key = DecodedCache.key(file, cubeName + "|" + freqName);
            decoded = (Decoded) DecodedCache.get(key);
            if (decoded == null) {
                List<String> seen = new ArrayList<>();
                Mat5File m = read(file, h -> {
                    seen.add(h.getName() + " " + Arrays.toString(h.getDimensions()) + " " + h.getType());
                    return h.getName().equals(cubeName) || h.getName().equals(freqName);
                });
                decoded = new Decoded(m, List.copyOf(seen));
                DecodedCache.put(key, decoded);
            }
        } catch (IOException | RuntimeException e) {
            throw new UserException("not a readable MATLAB v5 .mat file: " + e, file.toString(),
                "save it again from MATLAB (save(..., '-v7') or '-v7.3'), or check the copy is complete", e);
        }
        Mat5File mat = decoded.mat();
        List<String> seen = decoded.seen();
        {
            Matrix cube = matrix(mat, cubeName);
            if (cube == null) {
                throw new UserException("the .mat file has no numeric variable '" + cubeName + "' (it has: "
                    + String.join(", ", seen) + ")", file.toString(),
                    "name the sweep cube with frames-variable in acquisition.conf's format block (or the frames_variable "
                        + "column of sweeps.csv); culet inspect FILE lists the variables");
            }
            double scale = spec.frequencyScaleToHz(file + " format.frequencies-unit");
            Matrix f = matrix(mat, freqName);
            double[] axis = null;
            String source;
            if (f != null) {
                axis = new double[f.getNumElements()];
                for (int i = 0; i < axis.length; i++) {
                    axis[i] = f.getDouble(i) * scale;
                }
                source = "variable " + freqName;
            } else {
                source = "the .mat file has no variable '" + freqName + "'";
            }
            if (WARNED.add(file.toString())) {
                LOG.info("{}: {}", file, ACCESS);
            }
            int[] dims = cube.getDimensions();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("variables", String.join("; ", seen));
            meta.put("mat.description", mat.getDescription().trim());
            ArrayCube c = new ArrayCube(dims, cube.getType().toString(), cube::getDouble, true, ACCESS);
            // the decoded file stays in the cache (heap arrays only): the reader closes nothing
            return new CubeSweepReader(file, "mat-v5", c, null, axis, source, overrideHz, spec,
                new char[] {'y', 'x', 'f'}, meta);
        }
    }

    private static Matrix matrix(MatFile mat, String name) {
        for (MatFile.Entry e : mat.getEntries()) {
            if (e.getName().equals(name) && e.getValue() instanceof Matrix m) {
                return m;
            }
        }
        return null;
    }

    /** Every variable's "name [size] class" without decoding data (for culet inspect). */
    static List<String> list(Location file) throws IOException {
        List<String> seen = new ArrayList<>();
        try (MatFile ignored = read(file, h -> {
            seen.add(h.getName() + " " + Arrays.toString(h.getDimensions()) + " " + h.getType());
            return false;
        })) {
            return seen;
        }
    }

    /** True when the first bytes are a v5 header ("MATLAB 5.0 MAT-file ..."). */
    static boolean isV5Header(byte[] head) {
        if (head.length < 128) {
            return false;
        }
        String text = new String(head, 0, 116, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.startsWith("MATLAB 5.0") || (head[126] == 'I' && head[127] == 'M') || (head[126] == 'M' && head[127] == 'I');
    }

    static boolean isHdf5(byte[] head) {
        for (int off = 0; off + 8 <= head.length; off = off == 0 ? 512 : off * 2) {
            if ((head[off] & 0xff) == 0x89 && head[off + 1] == 'H' && head[off + 2] == 'D' && head[off + 3] == 'F') {
                return true;
            }
        }
        return false;
    }
}
