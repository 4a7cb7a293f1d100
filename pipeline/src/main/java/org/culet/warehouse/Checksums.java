package org.culet.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.culet.config.UserException;

/** SHA-256 content checksums of input files through the Hadoop FileSystem API (file://, hdfs://, s3a://). */
public final class Checksums {
    private static final int BUFFER_BYTES = 1 << 20;

    private Checksums() {
    }

    /** Hex SHA-256 of one file's bytes. */
    public static String sha256(FileSystem fs, Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = fs.open(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * SHA-256 of every file in {@code files} (URIs or paths), hashed by {@code threads} threads (reading is
     * the limit, so 2 to 4 threads suffice). The result is sorted by the file name as given.
     *
     * @throws UserException naming the file when one cannot be read
     */
    public static SortedMap<String, String> sha256All(Configuration conf, Collection<String> files, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "culet-checksum");
            t.setDaemon(true);
            return t;
        });
        try {
            List<String> names = new ArrayList<>(files);
            List<Future<String>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> {
                    Path p = new Path(name);
                    return sha256(p.getFileSystem(conf), p);
                }));
            }
            SortedMap<String, String> out = new TreeMap<>();
            for (int i = 0; i < names.size(); i++) {
                try {
                    out.put(names.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new UserException("cannot read an input file to checksum it: " + e.getCause().getMessage(),
                        names.get(i), "check that the file exists and is readable", e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checksumming inputs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One checksum for a whole set of inputs: SHA-256 over the sorted lines "name sha256\n". Two acquisitions
     * with the same files (names and bytes) get the same value; nightly mode uses it to skip unchanged input.
     */
    public static String combined(Map<String, String> checksums) {
        MessageDigest digest = newDigest();
        for (Map.Entry<String, String> e : new TreeMap<>(checksums).entrySet()) {
            digest.update((e.getKey() + ' ' + e.getValue() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
