package org.culet.pipeline;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.culet.spark.QuarantineRecord;
import org.culet.spark.Tile;
import org.culet.tables.Tables;

/**
 * Lazily turns a task's tiles into rows of {@link UnifiedRows#SCHEMA} in Spark's internal row format (see
 * {@link SparkInternalRows}), one tile at a time. The sweeps of the current
 * tile are fitted and inverted on the executor's shared {@link SweepPool}: first the reference sweeps, in order, on
 * the task's own processor (they give each pixel its reference stress), then the other sweeps, each on a helper
 * processor, at most {@code inFlight} at a time. Their rows are emitted in sweep order whatever order they finish in,
 * so the rows do not depend on the number of threads. A task holds the rows and windows of at most inFlight sweeps of
 * one tile (plus the tile's small per-pixel state), never a whole tile's or partition's output.
 *
 * <p>Call {@link #close} when the task ends (Spark task-completion listener): it cancels sweeps not yet started and
 * releases the pool. Not thread-safe (the task thread alone calls it).
 */
final class TileRowIterator implements Iterator<InternalRow>, AutoCloseable {
    private final TaskPlan plan;
    private final Iterator<Tile> tiles;
    private final TileProcessor leader;
    private final LongAccumulator tilesDone;
    private final LongAccumulator fitsDone;
    private final ArrayDeque<InternalRow> queue = new ArrayDeque<>();
    private final String sampleId;
    private final double pressureGpa;
    private final SweepPool pool;
    private final int inFlight;
    /** Idle helper processors (their workspaces are reused from sweep to sweep and tile to tile). */
    private final ConcurrentLinkedDeque<TileProcessor> helpers = new ConcurrentLinkedDeque<>();
    /** Submitted steps of the current tile, in step order. */
    private final ArrayDeque<Future<TileOutput>> pending = new ArrayDeque<>();
    private Tile current;
    private int nextStep;
    private boolean referenceDone;
    private boolean closed;
    /** Quarantine records are external rows: converted by Spark's row encoder (created on the first one). */
    private SparkInternalRows.Converter quarantineRows;

    TileRowIterator(TaskPlan plan, Iterator<Tile> tiles, LongAccumulator tilesDone, LongAccumulator fitsDone) {
        this.plan = plan;
        this.tiles = tiles;
        this.leader = new TileProcessor(plan);
        this.tilesDone = tilesDone;
        this.fitsDone = fitsDone;
        this.sampleId = plan.sampleId;
        this.pressureGpa = plan.pressureGpa;
        this.pool = SweepPool.acquire(plan.executorCores);
        // Enough sweeps queued that the pool's threads never wait for this task to take a finished one, few enough
        // that the rows waiting to be emitted stay small (about 2 MB per sweep of a 32 x 32 tile).
        this.inFlight = Math.max(2, 2 * Math.max(1, plan.executorCores));
    }

    /** The iterator of the running Spark task, closed by the task's completion (success, failure or kill). */
    static TileRowIterator forTask(TaskPlan plan, Iterator<Tile> tiles, LongAccumulator tilesDone,
                                   LongAccumulator fitsDone) {
        TileRowIterator rows = new TileRowIterator(plan, tiles, tilesDone, fitsDone);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> rows.close());
        }
        return rows;
    }

    @Override
    public boolean hasNext() {
        while (queue.isEmpty()) {
            if (closed) {
                return false;
            }
            if (current == null) {
                if (!tiles.hasNext()) {
                    close();
                    return false;
                }
                current = tiles.next();
                leader.beginTile(current);
                nextStep = 0;
                referenceDone = leader.referenceSweepCount() == 0;
                if (!referenceDone) {
                    int references = leader.referenceSweepCount();
                    pending.add(pool.submit(() -> {
                        TileOutput out = new TileOutput();
                        for (int step = 0; step < references; step++) {
                            countFits(leader.sweep(step, out, null));
                        }
                        return out;
                    }));
                    nextStep = references;
                }
                submitMore();
            } else if (!pending.isEmpty()) {
                TileOutput done = await(pending.poll());
                referenceDone = true;
                drain(done);
                submitMore();
            } else {
                TileOutput out = new TileOutput();
                leader.finishTile(out);
                drain(out);
                current = null;
                if (tilesDone != null) {
                    tilesDone.add(1);
                }
            }
        }
        return true;
    }

    /** Queues the next steps of the current tile (none until its reference sweeps are done). */
    private void submitMore() {
        if (!referenceDone) {
            return;
        }
        while (pending.size() < inFlight && nextStep < leader.sweepCount()) {
            int step = nextStep++;
            pending.add(pool.submit(() -> {
                TileProcessor helper = helpers.poll();
                if (helper == null) {
                    helper = new TileProcessor(plan);
                }
                try {
                    helper.joinTile(leader);
                    TileOutput out = new TileOutput();
                    countFits(helper.sweep(step, out, null));
                    return out;
                } finally {
                    helpers.push(helper);
                }
            }));
        }
    }

    /**
     * Progress as each sweep is done (so that the live fits/s and ETA move during a tile's reference sweeps too). An
     * accumulator is not thread-safe and this task's sweeps run on several pool threads: the adds are serialised on
     * it (Spark's heartbeat reads it unsynchronised, as it reads any task's accumulators while the task runs).
     */
    private void countFits(int fitted) {
        if (fitsDone != null && fitted > 0) {
            synchronized (fitsDone) {
                fitsDone.add(fitted);
            }
        }
    }

    /** The unit's result; its failure (e.g. a STRICT stop naming file, sweep and pixel) is rethrown as it was. */
    private TileOutput await(Future<TileOutput> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("fit-stage task interrupted", e);
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }

    /** Cancels the queued sweeps of this task and releases the pool; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<TileOutput> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        pool.release();
    }

    private void drain(TileOutput buffer) {
        wrap(buffer.fits, UnifiedRows.FIT);
        wrap(buffer.physics, UnifiedRows.PHYSICS);
        wrap(buffer.series, UnifiedRows.SERIES);
        wrap(buffer.pixelPartials, UnifiedRows.PARTIAL);
        for (QuarantineRecord q : buffer.quarantine) {
            if (quarantineRows == null) {
                quarantineRows = new SparkInternalRows.Converter(Tables.QUARANTINE.schema());
            }
            queue.add(UnifiedRows.wrapInternal(UnifiedRows.QUARANTINE,
                quarantineRows.toInternal(q.toRow(sampleId, pressureGpa))));
        }
    }

    private void wrap(List<InternalRow> rows, String kind) {
        for (InternalRow r : rows) {
            queue.add(UnifiedRows.wrapInternal(kind, r));
        }
    }
}
