package org.culet.warehouse;

/**
 * Called by {@link RunWriter} at each step of the commit protocol, in order: {@code staged} (all tables and
 * the manifest are in staging), {@code success-marker}, {@code journal-written} (the publish is decided),
 * {@code moved:<table>} after each partition swap, {@code published}. It exists for fault-injection tests
 * (a hook that throws an {@link Error} simulates a driver dying at that point; one that blocks gives a test
 * time to kill the process) and for logging. The default does nothing.
 */
@FunctionalInterface
public interface CommitHook {
    CommitHook NONE = step -> { };

    void reached(String step);
}
