package org.culet.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time per pipeline stage, in stage order, for the manifest and the end-of-run summary:
 * {@code try (var s = timer.stage("fit")) { ... }}. A stage entered twice adds up. Driver side, single-threaded.
 */
public final class StageTimer {
    private final Map<String, Double> secondsByStage = new LinkedHashMap<>();

    /** Starts timing {@code name}; closing the result stops it. */
    public Stage stage(String name) {
        return new Stage(name, System.nanoTime());
    }

    /** Records {@code seconds} for {@code name} (for time measured elsewhere). */
    public void add(String name, double seconds) {
        secondsByStage.merge(name, seconds, Double::sum);
    }

    /** Stage -> seconds, in the order the stages first ran (a copy). */
    public Map<String, Double> timesS() {
        return new LinkedHashMap<>(secondsByStage);
    }

    public double totalS() {
        return secondsByStage.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** A running stage. */
    public final class Stage implements AutoCloseable {
        private final String name;
        private final long startNanos;
        private boolean closed;

        private Stage(String name, long startNanos) {
            this.name = name;
            this.startNanos = startNanos;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                add(name, (System.nanoTime() - startNanos) / 1e9);
            }
        }
    }
}
