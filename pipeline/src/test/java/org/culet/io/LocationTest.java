package org.culet.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths and URIs as users write them: local stays java.nio, other schemes go to Hadoop. */
class LocationTest {
    @TempDir
    Path dir;

    @Test
    void localPathsRelativeAbsoluteAndFileUrisAreTheSameLocalLocation() throws Exception {
        Files.writeString(dir.resolve("a b.txt"), "hello");
        Location abs = Location.of(dir.toString());
        Location uri = Location.of(dir.toUri().toString());
        assertThat(abs).isEqualTo(uri);
        assertThat(abs.isLocal()).isTrue();
        Location f = abs.resolve("sub/../a b.txt");
        assertThat(f.localPath()).isEqualTo(dir.resolve("a b.txt"));
        assertThat(f.uri()).isEqualTo(dir.resolve("a b.txt").toUri().toString());
        assertThat(f.name()).isEqualTo("a b.txt");
        assertThat(f.isFile()).isTrue();
        assertThat(f.readString()).isEqualTo("hello");
        assertThat(f.parent()).isEqualTo(abs);
        try (RandomAccessInput in = f.openRandomAccess()) {
            assertThat(new String(in.read(1, 3))).isEqualTo("ell");
            assertThat(in.length()).isEqualTo(5);
        }
        assertThat(Location.of("relative/dir").localPath()).isEqualTo(Path.of("relative/dir").toAbsolutePath());
        assertThat(abs.resolve(dir.resolve("x").toString()).localPath()).isEqualTo(dir.resolve("x"));
    }

    @Test
    void remoteUrisResolveAgainstTheirFolderAndKeepSchemeAndAuthority() {
        Location acq = Location.of("hdfs://127.0.0.1:8020/data/run 7");
        assertThat(acq.isLocal()).isFalse();
        assertThat(Location.isRemote("s3a://bucket/acq")).isTrue();
        Location sweep = acq.resolve("sweeps/s0001.h5");
        assertThat(sweep.uri()).isEqualTo("hdfs://127.0.0.1:8020/data/run%207/sweeps/s0001.h5");
        assertThat(sweep.name()).isEqualTo("s0001.h5");
        assertThat(sweep.sibling("s0001.json").uri()).isEqualTo("hdfs://127.0.0.1:8020/data/run%207/sweeps/s0001.json");
        assertThat(acq.resolve("s3a://other/x.h5").uri()).isEqualTo("s3a://other/x.h5");
        assertThat(acq.resolve("a/../b.h5").uri()).isEqualTo("hdfs://127.0.0.1:8020/data/run%207/b.h5");
        // the text a task plan carries parses back to the same location (no double escaping)
        assertThat(Location.of(sweep.toString())).isEqualTo(sweep);
    }
}
