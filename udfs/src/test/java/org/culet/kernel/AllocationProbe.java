package org.culet.kernel;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Bytes a piece of work allocates on the calling thread (HotSpot's per-thread allocation counter,
 * com.sun.management.ThreadMXBean), for the "hot loops allocate nothing" tests.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /**
     * Runs pass 3 times to warm up (JIT), then 5 measured times, and returns the fewest bytes one measured pass
     * allocated: a JIT recompilation or deoptimisation during one pass can allocate a little on this thread, an
     * allocation per item shows in every pass. Skips the test (assumption) without HotSpot's counter.
     */
    public static long fewestBytesPerPass(Runnable pass) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean hot = (com.sun.management.ThreadMXBean) mx;
        for (int warm = 0; warm < 3; warm++) {
            pass.run();
        }
        long tid = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int repeat = 0; repeat < 5; repeat++) {
            long before = hot.getThreadAllocatedBytes(tid);
            pass.run();
            allocated = Math.min(allocated, hot.getThreadAllocatedBytes(tid) - before);
        }
        return allocated;
    }
}
