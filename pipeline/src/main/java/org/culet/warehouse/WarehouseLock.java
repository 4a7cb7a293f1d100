package org.culet.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse lock: a file {@code _lock} created exclusively (O_EXCL on a local disk, create-if-absent on
 * HDFS, which the NameNode makes atomic) by the one run that may stage and publish; it holds the owner's run
 * id, process id and host. A second run is refused with a message naming the owner. A lock whose owner is
 * known dead (same host, process gone) is stale and taken over, with a warning; a lock from another host can
 * only be judged by a person, so the message says which file to delete if no run is active.
 */
final class WarehouseLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** An empty or unreadable lock younger than this may be a lock being written right now. */
    private static final Duration UNREADABLE_GRACE = Duration.ofSeconds(60);

    private final FileSystem fs;
    private final Path path;
    private final String runId;
    private boolean held = true;

    private WarehouseLock(FileSystem fs, Path path, String runId) {
        this.fs = fs;
        this.path = path;
        this.runId = runId;
    }

    /**
     * Takes the lock for {@code runId}.
     *
     * @throws UserException when a live run (or a run on another host) holds it
     */
    static WarehouseLock acquire(FileSystem fs, Path path, String runId, String purpose) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tryCreate(fs, path, content(runId, purpose))) {
                return new WarehouseLock(fs, path, runId);
            }
            Owner owner = Owner.read(fs, path);
            if (owner == null) {
                continue; // vanished between create and read: try again
            }
            if (!owner.isStale(fs, path)) {
                throw new WarehouseBusyException("the warehouse is in use by another culet run: " + owner.describe(),
                    path.toString(), "wait for that run to finish and try again; if no culet run is active "
                        + "(e.g. its driver was killed on another machine), delete " + path);
            }
            LOG.warn("taking over a stale warehouse lock ({}): its run is gone", owner.describe());
            fs.delete(path, false);
        }
        throw new WarehouseBusyException("could not take the warehouse lock (another run keeps taking it)", path.toString(),
            "wait for the other runs to finish and try again");
    }

    /** The owner described in the lock file, or null when there is no lock. */
    static Owner owner(FileSystem fs, Path path) throws IOException {
        return Owner.read(fs, path);
    }

    String runId() {
        return runId;
    }

    /** Releases the lock if this run still holds it. */
    @Override
    public void close() throws IOException {
        if (!held) {
            return;
        }
        held = false;
        Owner owner = Owner.read(fs, path);
        if (owner != null && runId.equals(owner.runId)) {
            fs.delete(path, false);
        } else {
            LOG.warn("warehouse lock {} no longer belongs to run {} (owner: {}); left alone", path, runId,
                owner == null ? "none" : owner.describe());
        }
    }

    private static String content(String runId, String purpose) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("run_id", runId);
        node.put("pid", ProcessHandle.current().pid());
        node.put("host", hostName());
        node.put("purpose", purpose);
        node.put("started_utc", Instant.now().toString());
        return node.toString();
    }

    private static boolean tryCreate(FileSystem fs, Path path, String content) throws IOException {
        fs.mkdirs(path.getParent());
        if ("file".equals(fs.getUri().getScheme())) {
            // Hadoop's local create(overwrite=false) checks then creates (racy); the JDK's createFile is O_EXCL.
            File file = new File(fs.makeQualified(path).toUri());
            try {
                Files.createFile(file.toPath());
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            Files.writeString(file.toPath(), content, StandardCharsets.UTF_8);
            return true;
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) {
                return false;
            }
            throw e;
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown-host" : env;
        }
    }

    /** Who holds a lock. */
    static final class Owner {
        final String runId;
        final long pid;
        final String host;
        final String purpose;
        final String startedUtc;
        final Instant modified;

        private Owner(String runId, long pid, String host, String purpose, String startedUtc, Instant modified) {
            this.runId = runId;
            this.pid = pid;
            this.host = host;
            this.purpose = purpose;
            this.startedUtc = startedUtc;
            this.modified = modified;
        }

        static Owner read(FileSystem fs, Path path) throws IOException {
            FileStatus status;
            String text;
            try {
                status = fs.getFileStatus(path);
                text = HadoopFiles.readString(fs, path);
            } catch (java.io.FileNotFoundException e) {
                return null;
            }
            Instant modified = Instant.ofEpochMilli(status.getModificationTime());
            try {
                JsonNode node = MAPPER.readTree(text);
                if (node != null && node.has("run_id")) {
                    return new Owner(node.path("run_id").asText(), node.path("pid").asLong(-1),
                        node.path("host").asText(""), node.path("purpose").asText(""),
                        node.path("started_utc").asText(""), modified);
                }
            } catch (IOException e) {
                // unreadable: judged by age below
            }
            return new Owner("", -1, "", "", "", modified);
        }

        boolean isStale(FileSystem fs, Path path) {
            if (runId.isEmpty()) {
                return Duration.between(modified, Instant.now()).compareTo(UNREADABLE_GRACE) > 0;
            }
            if (!host.equals(hostName())) {
                return false; // cannot see processes on another host
            }
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }

        /** True when this very JVM wrote the lock. */
        boolean isThisProcess() {
            return pid == ProcessHandle.current().pid() && host.equals(hostName());
        }

        String describe() {
            if (runId.isEmpty()) {
                return "an unreadable lock written at " + modified;
            }
            return "run " + runId + " (" + purpose + ", pid " + pid + " on " + host + ", since " + startedUtc + ")";
        }
    }
}
