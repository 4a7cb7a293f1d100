package org.culet.spark;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console progress for a long stage: "fit: 12/64 tiles (18.8 %), 23040 fits, 2830 fits/s, ETA 0:00:18".
 * Tasks report through two Spark accumulators, {@link #tilesDone()} and {@link #itemsDone()} ({@code add(1)} per
 * finished tile, {@code add(n)} per n fitted spectra); the driver merges them only when a task ends, so a task that
 * owns many tiles would show nothing for minutes. The reporter therefore also listens to the executors' heartbeats
 * ({@code spark.executor.heartbeatInterval}, 10 s by default), which carry every running task's accumulator values,
 * and adds the running tasks' latest values to the merged ones (a task's entry goes when it ends). A daemon thread
 * logs a line every {@code culet.pipeline.progress-interval-s} seconds when something changed; the ETA follows the
 * counted items when their total is known, else the tiles. Accumulators updated inside transformations can count a retried task twice: the shown figures are
 * progress, never results (clamped to the total). {@link #close()} stops the thread and logs the final line.
 *
 * <pre>
 * try (ProgressReporter p = ProgressReporter.start(spark, "fit", tiles.size(), "fits", intervalS)) {
 *     LongAccumulator tilesDone = p.tilesDone(), fitsDone = p.itemsDone();   // capture these in the task
 *     ... rdd.mapPartitions(it -> { ...; fitsDone.add(n); tilesDone.add(1); ... }) ...; action;
 * }
 * </pre>
 */
public final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.culet.progress");

    private final String stage;
    private final long totalTiles;
    private final String itemName;
    private final LongAccumulator tiles;
    private final LongAccumulator items;
    private final long startNanos;
    private final Consumer<String> sink;
    private final ScheduledExecutorService timer;
    private long lastTiles = -1;
    private long lastItems = -1;
    private long totalItems;
    /** Running tasks' latest heartbeat values: task id -> {tiles, items}. */
    private final Map<Long, long[]> running = new ConcurrentHashMap<>();
    private final SparkListener heartbeats = new HeartbeatListener();
    private SparkContext listeningTo;

    ProgressReporter(String stage, long totalTiles, String itemName, LongAccumulator tiles, LongAccumulator items,
                     double intervalS, Consumer<String> sink) {
        this.stage = stage;
        this.totalTiles = totalTiles;
        this.itemName = itemName;
        this.tiles = tiles;
        this.items = items;
        this.sink = sink;
        this.startNanos = System.nanoTime();
        if (intervalS > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "culet-progress-" + stage);
                t.setDaemon(true);
                return t;
            });
            long periodMs = Math.max(100, Math.round(intervalS * 1000));
            timer.scheduleAtFixedRate(this::reportIfChanged, periodMs, periodMs, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * Starts reporting a stage over {@code totalTiles} tiles; {@code itemName} names what is counted besides
     * tiles ("fits", "pixels"); {@code intervalS} <= 0 turns periodic lines off (the final line remains).
     */
    public static ProgressReporter start(SparkSession spark, String stage, long totalTiles, String itemName,
                                         double intervalS) {
        return start(spark, stage, totalTiles, itemName, 0, intervalS);
    }

    /**
     * As {@link #start(SparkSession, String, long, String, double)}, with the number of items the stage will count
     * ({@code totalItems} > 0: the ETA follows the items, updated from running tasks' heartbeats).
     */
    public static ProgressReporter start(SparkSession spark, String stage, long totalTiles, String itemName,
                                         long totalItems, double intervalS) {
        LongAccumulator tiles = spark.sparkContext().longAccumulator("culet." + stage + ".tiles");
        LongAccumulator items = spark.sparkContext().longAccumulator("culet." + stage + "." + itemName);
        ProgressReporter reporter = new ProgressReporter(stage, totalTiles, itemName, tiles, items, intervalS, LOG::info);
        reporter.totalItems = totalItems;
        reporter.listenTo(spark.sparkContext());
        return reporter;
    }

    /** Adds the running tasks' heartbeat values to the progress (removed again by {@link #close()}). */
    void listenTo(SparkContext context) {
        listeningTo = context;
        context.addSparkListener(heartbeats);
    }

    /** The listener that follows running tasks' accumulator values (package-private for tests). */
    SparkListener heartbeatListener() {
        return heartbeats;
    }

    void totalItems(long total) {
        this.totalItems = total;
    }

    private final class HeartbeatListener extends SparkListener {
        @Override
        public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
            for (scala.Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
                : scala.jdk.javaapi.CollectionConverters.asJava(update.accumUpdates())) {
                long taskTiles = -1;
                long taskItems = -1;
                for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(task._4())) {
                    if (info.id() == tiles.id()) {
                        taskTiles = asLong(info.update());
                    } else if (info.id() == items.id()) {
                        taskItems = asLong(info.update());
                    }
                }
                if (taskTiles >= 0 || taskItems >= 0) {
                    running.put((Long) task._1(), new long[] {Math.max(0, taskTiles), Math.max(0, taskItems)});
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            running.remove(end.taskInfo().taskId());
        }
    }

    private static long asLong(scala.Option<Object> value) {
        return value.isDefined() && value.get() instanceof Number n ? n.longValue() : -1;
    }

    /** {@link #start(SparkSession, String, long, String, double)} with the configured interval. */
    public static ProgressReporter start(SparkSession spark, PipelineSettings settings, String stage, long totalTiles,
                                         String itemName) {
        return start(spark, stage, totalTiles, itemName, settings.progressIntervalS());
    }

    /** Accumulator the tasks add finished tiles to. */
    public LongAccumulator tilesDone() {
        return tiles;
    }

    /** Accumulator the tasks add finished items (fits, pixels) to. */
    public LongAccumulator itemsDone() {
        return items;
    }

    private synchronized void reportIfChanged() {
        long t = tiles.value();
        long i = items.value();
        for (long[] task : running.values()) {
            t += task[0];
            i += task[1];
        }
        // A task that just ended may be counted twice until its end event arrives: clamp.
        t = Math.min(t, totalTiles);
        if (totalItems > 0) {
            i = Math.min(i, totalItems);
        }
        if (t != lastTiles || i != lastItems) {
            lastTiles = t;
            lastItems = i;
            sink.accept(line(stage, t, totalTiles, i, itemName, totalItems, (System.nanoTime() - startNanos) / 1e9));
        }
    }

    /**
     * The progress line for {@code doneTiles} of {@code totalTiles} after {@code elapsedS} seconds; the ETA
     * assumes the remaining tiles go at the average rate so far.
     */
    public static String line(String stage, long doneTiles, long totalTiles, long doneItems, String itemName,
                              double elapsedS) {
        return line(stage, doneTiles, totalTiles, doneItems, itemName, 0, elapsedS);
    }

    /**
     * As {@link #line(String, long, long, long, String, double)}; with {@code totalItems} > 0 the ETA assumes the
     * remaining items go at the average item rate so far (finer than whole tiles).
     */
    public static String line(String stage, long doneTiles, long totalTiles, long doneItems, String itemName,
                              long totalItems, double elapsedS) {
        long done = Math.min(doneTiles, totalTiles);
        double fraction = totalTiles == 0 ? 1 : (double) done / totalTiles;
        double rate = elapsedS > 0 ? doneItems / elapsedS : 0;
        double progress = totalItems > 0 ? Math.min(1, (double) doneItems / totalItems) : fraction;
        String eta;
        if (done >= totalTiles) {
            eta = "done in " + clock(elapsedS);
        } else if (progress <= 0) {
            eta = "ETA unknown";
        } else {
            eta = "ETA " + clock(elapsedS * (1 - progress) / progress);
        }
        return String.format(Locale.ROOT, "%s: %d/%d tiles (%.1f %%), %d %s, %.0f %s/s, %s", stage, done, totalTiles,
            100 * fraction, doneItems, itemName, rate, itemName, eta);
    }

    /** h:mm:ss. */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Seconds since the stage started. */
    public double elapsedS() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops the periodic lines and logs the final one. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (listeningTo != null) {
            listeningTo.removeSparkListener(heartbeats);
        }
        running.clear();
        synchronized (this) {
            lastTiles = -1;
            reportIfChanged();
        }
    }
}
