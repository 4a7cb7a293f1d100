package org.culet.pipeline;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.culet.spark.QuarantineRecord;
import org.culet.spark.Tile;

/**
 * Lazily turns a task's tiles into rows of {@link UnifiedRows#SCHEMA}, one (tile, sweep) step at a time, so a
 * task holds the rows of one sweep of one tile at most (plus the tile's small per-pixel state), never a whole
 * tile's or partition's output. Not thread-safe.
 */
final class TileRowIterator implements Iterator<Row> {
    private final Iterator<Tile> tiles;
    private final TileProcessor processor;
    private final LongAccumulator tilesDone;
    private final LongAccumulator fitsDone;
    private final TileOutput buffer = new TileOutput();
    private final ArrayDeque<Row> queue = new ArrayDeque<>();
    private final String sampleId;
    private final double pressureGpa;
    private Tile current;
    private int nextSweep;

    TileRowIterator(TaskPlan plan, Iterator<Tile> tiles, LongAccumulator tilesDone, LongAccumulator fitsDone) {
        this.tiles = tiles;
        this.processor = new TileProcessor(plan);
        this.tilesDone = tilesDone;
        this.fitsDone = fitsDone;
        this.sampleId = plan.sampleId;
        this.pressureGpa = plan.pressureGpa;
    }

    @Override
    public boolean hasNext() {
        while (queue.isEmpty()) {
            if (current == null) {
                if (!tiles.hasNext()) {
                    return false;
                }
                current = tiles.next();
                processor.beginTile(current);
                nextSweep = 0;
            } else if (nextSweep < processor.sweepCount()) {
                processor.sweep(nextSweep++, buffer, fitsDone);
                drain();
            } else {
                processor.finishTile(buffer);
                drain();
                current = null;
                if (tilesDone != null) {
                    tilesDone.add(1);
                }
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }

    private void drain() {
        wrap(buffer.fits, UnifiedRows.FIT);
        wrap(buffer.physics, UnifiedRows.PHYSICS);
        wrap(buffer.series, UnifiedRows.SERIES);
        wrap(buffer.pixelPartials, UnifiedRows.PARTIAL);
        for (QuarantineRecord q : buffer.quarantine) {
            queue.add(UnifiedRows.wrap(UnifiedRows.QUARANTINE, q.toRow(sampleId, pressureGpa)));
        }
        buffer.quarantine.clear();
    }

    private void wrap(List<Row> rows, String kind) {
        for (Row r : rows) {
            queue.add(UnifiedRows.wrap(kind, r));
        }
        rows.clear();
    }

}
