package org.culet.pipeline;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor JVM's threads that fit and invert sweeps, shared by every running fit-stage task of that JVM.
 *
 * <p>Why: a task owns whole tiles (the unit of neighbour seeding, so that results do not depend on the cluster),
 * and tiles cost unequal time. With one thread per task, an executor whose last tile is still running leaves its
 * other cores idle (on the bench, 4 tiles on 2 cores: one core idle for the last 15-17 s of a 95 s stage). The
 * sweeps of one tile are independent once its reference stress is known, so each task hands its sweeps to this
 * pool and only waits for them in order: while several tasks run they share the threads, and the last one gets
 * them all. Results are the same with any number of threads (each sweep's rows depend only on the tile, the sweep
 * and the reference stress); the task thread still emits them in sweep order.
 *
 * <p>Size: {@code max(executorCores, running tasks)}, so it never has fewer threads than the tasks that use it
 * (with the executor's core count unknown, 0, it is one thread per running task, as without the pool). Threads are
 * daemons and end after 30 s idle. Thread-safe.
 */
final class SweepPool {
    private static SweepPool shared;

    private final ThreadPoolExecutor executor;
    private int executorCores;
    private int runningTasks;

    private SweepPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            // Created from a task thread, so it inherits that thread's context class loader (the application jars).
            Thread t = new Thread(r, "culet-sweep-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Registers a running task and returns the JVM's pool. executorCores: this executor's task cores (0 unknown).
     * Call {@link #release} exactly once when the task ends.
     */
    static synchronized SweepPool acquire(int executorCores) {
        if (shared == null) {
            shared = new SweepPool();
        }
        shared.register(executorCores);
        return shared;
    }

    private synchronized void register(int cores) {
        executorCores = Math.max(executorCores, Math.max(0, cores));
        runningTasks++;
        resize();
    }

    /** The task that acquired the pool has ended. */
    synchronized void release() {
        runningTasks = Math.max(0, runningTasks - 1);
        resize();
    }

    /** Threads the pool runs now (tests and diagnostics). */
    synchronized int threads() {
        return executor.getMaximumPoolSize();
    }

    private void resize() {
        int n = Math.max(1, Math.max(executorCores, runningTasks));
        if (n > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(n);
            executor.setCorePoolSize(n);
        } else if (n < executor.getMaximumPoolSize()) {
            executor.setCorePoolSize(n);
            executor.setMaximumPoolSize(n);
        }
    }

    <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }
}
