package org.culet.export;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs the notebook and report tests run (Jupyter's nbconvert, Chromium). CI installs them (.ci/run), so a
 * missing one fails the test with what to install; only an explicit system property skips it on a developer's
 * machine, e.g. {@code -Dculet.test.skip-jupyter=true} or {@code -Dculet.test.skip-chromium=true} (passed to the
 * test JVM through surefire's {@code argLine}).
 */
final class ExternalTools {
    private ExternalTools() {
    }

    /** The first of {@code names} on the PATH; fails (or, with the skip property set, aborts) when none is. */
    static Path require(String skipProperty, String install, String... names) {
        if (Boolean.getBoolean(skipProperty)) {
            Assumptions.abort("skipped on request (-D" + skipProperty + "=true)");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("none of " + String.join(", ", names) + " is on the PATH: install it (" + install + "; .ci/run "
            + "does this in CI), or skip this test locally with -D" + skipProperty + "=true");
    }

    /** Result of a finished process. */
    record Run(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} with a timeout, returning exit code and merged output. */
    static Run run(Path dir, long timeoutS, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile("culet-tool", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Run(-1, "timed out after " + timeoutS + " s: " + command + "\n" + Files.readString(log,
                StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Run(p.exitValue(), out);
    }
}
