package org.culet.acquisition.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;

/**
 * The JSON sidecar of a sweep file that carries no frequency axis of its own (.npy, .tif, .spe): by default the
 * file's name with {@code .json} ({@code s0001.npy} -> {@code s0001.json}, else {@code s0001.npy.json}), or the
 * {@code sidecar} of the format block. Content: {@code {"frequencies_hz": [2.62e9, ...], ...}} (the key is
 * {@code frequencies-variable}); a bare JSON array is the axis itself. Other keys are kept as metadata.
 */
final class Sidecar {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Location file;
    final double[] axis;
    final Map<String, String> metadata;

    private Sidecar(Location file, double[] axis, Map<String, String> metadata) {
        this.file = file;
        this.axis = axis;
        this.metadata = metadata;
    }

    /** The sidecar's location candidates for a sweep file. */
    static Location[] candidates(Location sweep, SweepFormat spec) {
        if (spec.sidecar() != null) {
            return new Location[] {sweep.parent().resolve(spec.sidecar())};
        }
        String name = sweep.name();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return new Location[] {sweep.sibling(stem + ".json"), sweep.sibling(name + ".json")};
    }

    /** The sidecar of {@code sweep}, or null when there is none. */
    static Sidecar find(Location sweep, SweepFormat spec, double scaleToHz) {
        for (Location c : candidates(sweep, spec)) {
            if (c.isFile()) {
                return read(c, spec.frequenciesVariableOrDefault(), scaleToHz);
            }
        }
        return null;
    }

    static Sidecar read(Location file, String key, double scaleToHz) {
        JsonNode root;
        try {
            root = JSON.readTree(file.readString());
        } catch (IOException e) {
            throw new UserException("the JSON sidecar is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
                file.toString(), "write it as {\"" + key + "\": [2.62e9, ...]} (numbers in Hz unless frequencies-unit says otherwise)", e);
        }
        JsonNode axisNode = root.isArray() ? root : root.get(key);
        Map<String, String> meta = new LinkedHashMap<>();
        if (root.isObject()) {
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (!e.getKey().equals(key)) {
                    String v = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
                    meta.put("sidecar." + e.getKey(), v.length() > 200 ? v.substring(0, 200) + "..." : v);
                }
            }
        }
        if (axisNode == null) {
            return new Sidecar(file, null, meta);
        }
        if (!axisNode.isArray()) {
            throw new UserException("the sidecar's '" + key + "' is not an array of numbers", file.toString(),
                "write \"" + key + "\": [2.62e9, 2.63e9, ...]");
        }
        double[] axis = new double[axisNode.size()];
        for (int i = 0; i < axis.length; i++) {
            JsonNode v = axisNode.get(i);
            if (!v.isNumber()) {
                throw new UserException("the sidecar's '" + key + "' has a non-number at index " + i + ": " + v, file.toString(),
                    "write every frequency as a number");
            }
            axis[i] = v.asDouble() * scaleToHz;
        }
        return new Sidecar(file, axis, meta);
    }
}
