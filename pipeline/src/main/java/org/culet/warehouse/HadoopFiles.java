package org.culet.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small-file helpers on a Hadoop {@link FileSystem} (local, HDFS, S3A alike). */
final class HadoopFiles {
    private HadoopFiles() {
    }

    static String readString(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} to a temporary sibling, then renames it onto {@code path}: readers never see half a file. */
    static void writeStringAtomically(FileSystem fs, Path path, String text) throws IOException {
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
        fs.mkdirs(path.getParent());
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(path) && !fs.delete(path, false)) {
            throw new IOException("cannot replace " + path);
        }
        rename(fs, tmp, path);
    }

    /** Renames {@code src} to {@code dst}, which must not exist (its parent is created); IOException if refused. */
    static void rename(FileSystem fs, Path src, Path dst) throws IOException {
        if (fs.exists(dst)) {
            // Hadoop moves src INTO an existing directory; culet never wants that.
            throw new IOException("cannot rename " + src + " to " + dst + ": the target exists");
        }
        fs.mkdirs(dst.getParent());
        if (!fs.rename(src, dst)) {
            throw new IOException("rename refused by the file system: " + src + " -> " + dst);
        }
    }
}
