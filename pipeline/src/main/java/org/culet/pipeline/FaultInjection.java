package org.culet.pipeline;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.culet.warehouse.CommitHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault-injection hooks of the fault-tolerance tests, driven by {@code culet.testing.*} (all off by default; see
 * reference.conf): a delay per tile of the fit stage, and a pause of the driver at one step of the commit protocol.
 * Nothing here changes results; with the defaults both hooks are no-ops.
 */
public final class FaultInjection {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjection.class);

    private FaultInjection() {
    }

    /** {@code tiles}, sleeping {@code delayMs} before handing out each tile (no wrapper when 0). */
    static <T> Iterator<T> delayEach(Iterator<T> tiles, long delayMs) {
        if (delayMs <= 0) {
            return tiles;
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return tiles.hasNext();
            }

            @Override
            public T next() {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return tiles.next();
            }
        };
    }

    /** {@code culet.testing.tile-delay-ms}. */
    static long tileDelayMs(Config culet) {
        return culet.hasPath("testing.tile-delay-ms") ? culet.getLong("testing.tile-delay-ms") : 0;
    }

    /** The commit hook of {@code culet.testing.pause-at-commit-step} ({@link CommitHook#NONE} when off). */
    static CommitHook commitHook(Config culet) {
        if (!culet.hasPath("testing.pause-at-commit-step")) {
            return CommitHook.NONE;
        }
        String step = culet.getString("testing.pause-at-commit-step");
        if (step.isEmpty()) {
            return CommitHook.NONE;
        }
        double pauseS = culet.getDouble("testing.pause-s");
        String marker = culet.getString("testing.pause-marker-file");
        return reached -> {
            if (!reached.equals(step)) {
                return;
            }
            LOG.warn("fault injection: pausing at commit step {} for {} s (pid {})", step, pauseS,
                ProcessHandle.current().pid());
            if (!marker.isEmpty()) {
                try {
                    Files.writeString(Path.of(marker), step + " " + ProcessHandle.current().pid() + "\n",
                        StandardCharsets.UTF_8);
                } catch (IOException e) {
                    LOG.warn("fault injection: cannot write {}: {}", marker, e.toString());
                }
            }
            try {
                Thread.sleep(Math.round(pauseS * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
