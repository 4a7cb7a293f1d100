package org.culet.acquisition.formats;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.culet.io.Location;

/**
 * Whole decoded arrays of formats that cannot be read by window (MATLAB v5 variables, deflated .npz members), kept per
 * JVM behind soft references: a Spark executor opens a reader per tile and sweep, so without this every tile would
 * decode every file again; with it a file is decoded once per executor while memory allows (the GC drops entries
 * under memory pressure, and they are decoded again). Keyed by URI, length and modification time.
 */
final class DecodedCache {
    private static final Map<String, SoftReference<Object>> CACHE = new ConcurrentHashMap<>();

    private DecodedCache() {
    }

    static String key(Location file, String what) throws IOException {
        return file.uri() + "|" + file.length() + "|" + file.modificationTimeMs() + "|" + what;
    }

    static Object get(String key) {
        SoftReference<Object> r = CACHE.get(key);
        Object v = r == null ? null : r.get();
        if (r != null && v == null) {
            CACHE.remove(key, r);
        }
        return v;
    }

    static void put(String key, Object value) {
        CACHE.put(key, new SoftReference<>(value));
    }
}
