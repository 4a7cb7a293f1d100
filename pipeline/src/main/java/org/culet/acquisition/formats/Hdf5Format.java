package org.culet.acquisition.formats;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;

/** HDF5 sweeps (any layout: dataset paths and axis order from the manifest) and MATLAB v7.3 files (HDF5, column-major). */
final class Hdf5Format {
    private Hdf5Format() {
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz, boolean matlab) {
        String kind = matlab ? "MATLAB v7.3 (HDF5)" : "HDF5";
        HdfFile hdf;
        try {
            hdf = Hdf5Support.open(file);
        } catch (HdfException | IllegalArgumentException | IOException e) {
            throw new UserException("not a readable " + kind + " file: " + e.getMessage(), file.toString(),
                matlab ? "save it again from MATLAB (save(..., '-v7.3')), or check the copy is complete"
                    : "write sweep files as HDF5 with a 'frames' dataset [n_freq][ny][nx] (README 'Acquisition layout'), "
                        + "or check the copy is complete", e);
        }
        try {
            String framesName = spec.framesVariableOrDefault();
            Dataset frames = Hdf5Support.datasetOrNull(hdf, framesName);
            if (frames == null) {
                throw new UserException("the sweep file has no '" + framesName + "' dataset (it has: "
                    + String.join(", ", listDatasets(hdf, matlab)) + ")", file.toString(),
                    "store the frames as dataset 'frames' [n_freq][ny][nx] of counts, or name the cube with "
                        + "frames-variable in acquisition.conf's format block (culet inspect FILE lists the datasets)");
            }
            String where = file + (matlab ? " variable " : " dataset ") + framesName;
            int[] dims = frames.getDimensions();
            if (dims.length != 3) {
                throw new UserException((matlab ? "variable '" : "dataset '") + framesName + "' has " + dims.length
                    + " dimensions, expected 3", where, "store frames as [n_freq][ny][nx] (or give axis-order)");
            }
            double scale = spec.frequencyScaleToHz(file + " format.frequencies-unit");
            String freqName = spec.frequenciesVariableOrDefault();
            double[] axis = null;
            String source;
            Dataset f = Hdf5Support.datasetOrNull(hdf, freqName);
            if (f != null) {
                try {
                    axis = Hdf5Support.readFlat(f);
                } catch (RuntimeException e) {
                    throw new UserException("dataset '" + freqName + "' is not a numeric 1-D array", file + " dataset " + freqName,
                        "store the frequency axis as float64 [n_freq] in Hz", e);
                }
                for (int i = 0; i < axis.length; i++) {
                    axis[i] *= scale;
                }
                source = (matlab ? "variable " : "dataset ") + freqName;
            } else {
                source = "the sweep file has no '" + freqName + "' dataset";
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("datasets", String.join("; ", listDatasets(hdf, matlab)));
            for (Map.Entry<String, Attribute> a : hdf.getAttributes().entrySet()) {
                meta.put("attribute." + a.getKey(), attributeText(a.getValue()));
            }
            Hdf5Cube cube = new Hdf5Cube(frames, matlab, where);
            char[] defaults = matlab ? new char[] {'y', 'x', 'f'} : new char[] {'f', 'y', 'x'};
            return new CubeSweepReader(file, matlab ? "mat-v7.3" : "hdf5", cube, hdf::close, axis, source, overrideHz,
                spec, defaults, meta);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    static String attributeText(Attribute a) {
        try {
            Object d = a.getData();
            if (d != null && d.getClass().isArray()) {
                String s = d instanceof double[] x ? Arrays.toString(x) : d instanceof int[] x ? Arrays.toString(x)
                    : d instanceof Object[] x ? Arrays.deepToString(x) : d.toString();
                return s.length() > 120 ? s.substring(0, 120) + "..." : s;
            }
            return String.valueOf(d);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** "path [shape] type" of every dataset (shapes as MATLAB size() for v7.3 files). */
    static List<String> listDatasets(HdfFile hdf, boolean matlab) {
        List<String> out = new ArrayList<>();
        walk(hdf, matlab, out);
        return out;
    }

    private static void walk(Group g, boolean matlab, List<String> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset d) {
                int[] dims = d.getDimensions();
                int[] shown = matlab ? Hdf5Cube.reverse(dims) : dims;
                String path = n.getPath().startsWith("/") ? n.getPath().substring(1) : n.getPath();
                out.add(path + " " + Arrays.toString(shown) + " " + Hdf5Support.dtypeName(d));
            } else if (n instanceof Group sub) {
                if (matlab && sub.getName().startsWith("#")) {
                    continue; // MATLAB's #refs# / #subsystem#
                }
                walk(sub, matlab, out);
            }
        }
    }
}
