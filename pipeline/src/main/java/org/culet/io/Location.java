package org.culet.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a file or folder of an acquisition is: a plain local path (relative or absolute, the {@code file} scheme)
 * or any Hadoop filesystem URI ({@code hdfs://namenode:8020/data/acq}, {@code s3a://bucket/acq}, ...). Local paths
 * go through java.nio exactly as before; every other scheme goes through the Hadoop client that Spark ships
 * ({@link FileSystem}), with positioned reads for random access. Immutable, Serializable (the Spark task plan
 * carries sweep files as Locations' text).
 *
 * <p>The Hadoop {@link Configuration} is the driver's (set by the job from the SparkContext) or, on an executor,
 * a default one, which reads {@code core-site.xml}/{@code hdfs-site.xml} from the class path (HADOOP_CONF_DIR on
 * a cluster); fully qualified URIs (with host and port) need nothing else.
 */
public final class Location implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A URI scheme of at least two letters followed by ':' (so a Windows drive letter is not one). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static volatile Configuration hadoopConf;

    /** Absolute local path text (local) or the URI text (remote). */
    private final String text;
    private final boolean local;

    private Location(String text, boolean local) {
        this.text = text;
        this.local = local;
    }

    /** A local path (made absolute and normalised). */
    public static Location of(Path path) {
        return new Location(path.toAbsolutePath().normalize().toString(), true);
    }

    /** A path or URI as a user writes it: {@code data/acq}, {@code /data/acq}, {@code file:///data/acq}, {@code hdfs://nn:8020/acq}. */
    public static Location of(String pathOrUri) {
        String t = pathOrUri.trim();
        if (SCHEME.matcher(t).matches()) {
            String scheme = t.substring(0, t.indexOf(':'));
            if ("file".equalsIgnoreCase(scheme)) {
                return of(Path.of(URI.create(t.replace(" ", "%20"))));
            }
            try {
                return new Location(new URI(t).normalize().toString(), false); // a valid (escaped) URI as is
            } catch (java.net.URISyntaxException e) {
                // Hadoop's Path parses scheme, authority and an unescaped path (spaces allowed), then escapes it.
                return new Location(new org.apache.hadoop.fs.Path(t).toUri().normalize().toString(), false);
            }
        }
        return of(Path.of(t));
    }

    /** True when {@code text} is a URI of a non-file scheme. */
    public static boolean isRemote(String pathOrUri) {
        return !of(pathOrUri).local;
    }

    /** Uses this Hadoop configuration for remote locations in this JVM (the driver sets the SparkContext's). */
    public static void useHadoopConfiguration(Configuration conf) {
        hadoopConf = conf;
    }

    /** Adds Hadoop properties (e.g. a task plan's {@code spark.hadoop.*} entries) to this JVM's configuration. */
    public static synchronized void addHadoopProperties(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return;
        }
        Configuration c = new Configuration(hadoopConfiguration());
        properties.forEach(c::set);
        hadoopConf = c;
    }

    /** Adds {@code properties} to this JVM's configuration unless every one is already set to that value. */
    public static void ensureHadoopProperties(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return;
        }
        Configuration c = hadoopConfiguration();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!e.getValue().equals(c.get(e.getKey()))) {
                addHadoopProperties(properties);
                return;
            }
        }
    }

    static Configuration hadoopConfiguration() {
        Configuration c = hadoopConf;
        if (c == null) {
            synchronized (Location.class) {
                if (hadoopConf == null) {
                    hadoopConf = new Configuration();
                }
                c = hadoopConf;
            }
        }
        return c;
    }

    public boolean isLocal() {
        return local;
    }

    /** The local path (only when {@link #isLocal()}). */
    public Path localPath() {
        if (!local) {
            throw new IllegalStateException(text + " is not a local path");
        }
        return Path.of(text);
    }

    /** The URI text: {@code file:///...} for local paths (as {@link Path#toUri()} gives it), else the URI. */
    public String uri() {
        return local ? Path.of(text).toUri().toString() : text;
    }

    /** The location as the user reads it in messages: the local path, or the URI. */
    @Override
    public String toString() {
        return text;
    }

    /** The last name of the path. */
    public String name() {
        if (local) {
            Path f = Path.of(text).getFileName();
            return f == null ? text : f.toString();
        }
        String p = URI.create(text).getPath();
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** The containing folder. */
    public Location parent() {
        if (local) {
            Path parent = Path.of(text).getParent();
            return parent == null ? this : of(parent);
        }
        return new Location(URI.create(text).resolve(".").normalize().toString(), false);
    }

    /**
     * Resolves a path of a manifest against this folder: a URI stays itself, an absolute local path stays itself
     * when this is local, anything else is relative to this folder.
     */
    public Location resolve(String relative) {
        String r = relative.trim();
        if (SCHEME.matcher(r).matches()) {
            return of(r);
        }
        if (local) {
            return of(Path.of(text).resolve(r).normalize());
        }
        // Hadoop's Path joins and escapes (spaces, '#', '%') the way the filesystem will read them back.
        org.apache.hadoop.fs.Path joined = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(URI.create(text)), r);
        return new Location(joined.toUri().normalize().toString(), false);
    }

    /** This file's sibling with another name. */
    public Location sibling(String name) {
        return parent().resolve(name);
    }

    private org.apache.hadoop.fs.Path hadoopPath() {
        return new org.apache.hadoop.fs.Path(URI.create(text));
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(text), hadoopConfiguration());
    }

    private FileStatus statusOrNull() {
        try {
            return fs().getFileStatus(hadoopPath());
        } catch (java.io.FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach " + text + ": " + e.getMessage(), e);
        }
    }

    public boolean isFile() {
        if (local) {
            return Files.isRegularFile(Path.of(text));
        }
        FileStatus s = statusOrNull();
        return s != null && s.isFile();
    }

    public boolean isDirectory() {
        if (local) {
            return Files.isDirectory(Path.of(text));
        }
        FileStatus s = statusOrNull();
        return s != null && s.isDirectory();
    }

    public boolean exists() {
        if (local) {
            return Files.exists(Path.of(text));
        }
        return statusOrNull() != null;
    }

    public long length() throws IOException {
        if (local) {
            return Files.size(Path.of(text));
        }
        return fs().getFileStatus(hadoopPath()).getLen();
    }

    /** Modification time, ms since the epoch (for caches). */
    public long modificationTimeMs() throws IOException {
        if (local) {
            return Files.getLastModifiedTime(Path.of(text)).toMillis();
        }
        return fs().getFileStatus(hadoopPath()).getModificationTime();
    }

    /** A sequential stream from the start of the file. */
    public InputStream openStream() throws IOException {
        if (local) {
            return Files.newInputStream(Path.of(text));
        }
        return fs().open(hadoopPath());
    }

    /** The whole file as UTF-8 text. */
    public String readString() throws IOException {
        try (InputStream in = openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Opens the file for positioned reads (FileChannel locally, FSDataInputStream's positioned reads elsewhere). */
    public RandomAccessInput openRandomAccess() throws IOException {
        if (local) {
            FileChannel ch = FileChannel.open(Path.of(text), StandardOpenOption.READ);
            return new LocalInput(ch, text);
        }
        FileSystem fs = fs();
        long len = fs.getFileStatus(hadoopPath()).getLen();
        return new HadoopInput(fs.open(hadoopPath()), len, text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.text.equals(text) && l.local == local;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static final class LocalInput implements RandomAccessInput {
        private final FileChannel channel;
        private final String name;

        LocalInput(FileChannel channel, String name) {
            this.channel = channel;
            this.name = name;
        }

        @Override
        public long length() throws IOException {
            return channel.size();
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buffer, offset, len);
            long p = position;
            while (b.hasRemaining()) {
                int n = channel.read(b, p);
                if (n < 0) {
                    throw new EOFException("read of " + len + " bytes at " + position + " goes past the end ("
                        + channel.size() + " bytes) of " + name);
                }
                p += n;
            }
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class HadoopInput implements RandomAccessInput {
        private final FSDataInputStream in;
        private final long length;
        private final String name;

        HadoopInput(FSDataInputStream in, long length, String name) {
            this.in = in;
            this.length = length;
            this.name = name;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
            if (position + len > length) {
                throw new EOFException("read of " + len + " bytes at " + position + " goes past the end (" + length
                    + " bytes) of " + name);
            }
            in.readFully(position, buffer, offset, len);
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
