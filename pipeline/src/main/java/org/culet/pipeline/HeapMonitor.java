package org.culet.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Samples this JVM's heap while a run goes on: the peak heap in use (garbage included) and the peak of the
 * heap still in use right after a collection (the live set, the figure that shows whether memory grows with
 * the input). A daemon thread polls the pools' peaks every {@code intervalMs}; the live set comes from the
 * collectors' notifications (heap in use after every collection). {@link #close} stops both. Thread-safe reads.
 */
public final class HeapMonitor implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsedBytes;
    private volatile long peakLiveBytes;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterGc = this::onCollection;

    private HeapMonitor(long intervalMs) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
                emitters.add(emitter);
            }
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "culet-heap-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    public static HeapMonitor start(long intervalMs) {
        return new HeapMonitor(intervalMs);
    }

    private void sample() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage peak = pool.getPeakUsage();
            used += peak == null ? 0 : peak.getUsed();
        }
        peakUsedBytes = Math.max(peakUsedBytes, used);
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                live += after == null ? 0 : after.getUsed();
            }
        }
        synchronized (this) {
            peakLiveBytes = Math.max(peakLiveBytes, live);
        }
    }

    /** Sum over heap pools of their peak use since start (an upper bound of the simultaneous peak), bytes. */
    public long peakUsedBytes() {
        sample();
        return peakUsedBytes;
    }

    /** Largest heap in use right after a collection seen while sampling, bytes. */
    public long peakLiveBytes() {
        return peakLiveBytes;
    }

    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(afterGc);
            } catch (javax.management.ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
