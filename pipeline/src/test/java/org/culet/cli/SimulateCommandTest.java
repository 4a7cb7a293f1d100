package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** culet simulate: the same seed writes byte-identical files (whatever the thread count); output is reported. */
class SimulateCommandTest {
    @TempDir
    Path tmp;

    private static String run(String... args) {
        CommandLine cl = Culet.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return code + "\n" + out + err;
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalAcquisitions() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        String outA = run("simulate", "--preset", "tiny", "--seed", "7", "--out", a.toString(), "--threads", "2");
        run("simulate", "--preset", "tiny", "--seed", "7", "--out", b.toString(), "--threads", "1");
        run("simulate", "--preset", "tiny", "--seed", "8", "--out", c.toString());
        assertThat(outA).startsWith("0\n").contains("sweeps: 5").contains("pixels: 16 x 16 = 256")
            .contains("points: 120 frequencies per sweep").contains("bytes: ").contains("seconds: ")
            .contains("(0 pixel-sweeps within 40 MHz of an edge)");
        List<Path> files = files(a);
        assertThat(files).contains(Path.of("acquisition.conf"), Path.of("sweeps.csv"), Path.of("sweeps/s0001.h5"),
            Path.of("edx/edx.h5"), Path.of("reference/odmr_reference.h5"), Path.of("truth/truth.h5"),
            Path.of("truth/truth.conf"), Path.of("truth/sweeps/s0005.h5"), Path.of("effective-config.conf"));
        assertThat(files(b)).isEqualTo(files);
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(Files.readAllBytes(c.resolve("sweeps/s0001.h5"))).isNotEqualTo(Files.readAllBytes(a.resolve("sweeps/s0001.h5")));
    }

    @Test
    void refusesANonEmptyFolderAndAnUnknownPreset() throws Exception {
        Path d = tmp.resolve("d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("notes.txt"), "mine");
        String out = run("simulate", "--preset", "tiny", "--out", d.toString());
        assertThat(out).startsWith("2\n").contains("the output folder is not empty").contains("fix:");
        out = run("simulate", "--preset", "tiny", "--out", d.toString(), "--overwrite");
        assertThat(out).startsWith("2\n").contains("does not hold a synthetic acquisition");
        assertThat(Files.readString(d.resolve("notes.txt"))).isEqualTo("mine");
        out = run("simulate", "--preset", "huge", "--out", tmp.resolve("e").toString());
        assertThat(out).startsWith("2\n").contains("unknown simulate preset 'huge'").contains("--preset tiny, demo or bench");
    }

    @Test
    void overwriteReplacesASyntheticAcquisition() throws Exception {
        Path d = tmp.resolve("o");
        assertThat(run("simulate", "--preset", "tiny", "--seed", "1", "--out", d.toString())).startsWith("0\n");
        assertThat(run("simulate", "--preset", "tiny", "--seed", "2", "--out", d.toString(), "--overwrite")).startsWith("0\n");
        assertThat(Files.readString(d.resolve("truth/truth.conf"))).contains("seed=2");
    }
}
