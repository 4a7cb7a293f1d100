package org.culet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.culet.config.UserException;
import org.culet.tables.Tables;

/**
 * One rejected item (a row of the {@code quarantine} table): at which stage, why (a short code), what
 * (acquisition, sweep, frame, tile or pixel), where exactly, and the full message with its fix. Serializable so
 * tasks on executors can build them. Immutable; build with {@link #of} and the {@code with...} methods.
 *
 * @param stage      INGEST, READ, FIT, PHYSICS, SERIES, COMPOSITION, JOIN
 * @param reason     short code, e.g. MISSING_FILE, FRAME_COUNT, NAN_FRAME, SATURATED
 * @param scope      what was rejected: ACQUISITION, SWEEP, FRAME, TILE or PIXEL
 * @param file       file concerned or null
 * @param sweepId    sweep or null
 * @param frameIndex frame (0-based frequency index) or null
 * @param tileId     tile or null
 * @param pixelY     pixel row or null
 * @param pixelX     pixel column or null
 * @param what       what is wrong (one sentence)
 * @param fix        how to fix it
 */
public record QuarantineRecord(String stage, String reason, String scope, String file, String sweepId,
                               Integer frameIndex, Integer tileId, Integer pixelY, Integer pixelX, String what,
                               String fix) implements Serializable {

    /** Scopes, from coarse to fine. */
    public enum Scope { ACQUISITION, SWEEP, FRAME, TILE, PIXEL }

    /** A record with the location left empty; add it with the {@code with...} methods. */
    public static QuarantineRecord of(String stage, String reason, Scope scope, String what, String fix) {
        return new QuarantineRecord(stage.toUpperCase(Locale.ROOT), reason.toUpperCase(Locale.ROOT), scope.name(),
            null, null, null, null, null, null, what, fix);
    }

    public QuarantineRecord withFile(String f) {
        return new QuarantineRecord(stage, reason, scope, f, sweepId, frameIndex, tileId, pixelY, pixelX, what, fix);
    }

    public QuarantineRecord withSweep(String id) {
        return new QuarantineRecord(stage, reason, scope, file, id, frameIndex, tileId, pixelY, pixelX, what, fix);
    }

    public QuarantineRecord withFrame(int index) {
        return new QuarantineRecord(stage, reason, scope, file, sweepId, index, tileId, pixelY, pixelX, what, fix);
    }

    public QuarantineRecord withTile(int id) {
        return new QuarantineRecord(stage, reason, scope, file, sweepId, frameIndex, id, pixelY, pixelX, what, fix);
    }

    public QuarantineRecord withPixel(int y, int x) {
        return new QuarantineRecord(stage, reason, scope, file, sweepId, frameIndex, tileId, y, x, what, fix);
    }

    /** "file F, sweep S, frame K, tile T, pixel (y, x)" with the parts that are known. */
    public String where() {
        List<String> parts = new ArrayList<>();
        if (file != null) {
            parts.add("file " + file);
        }
        if (sweepId != null) {
            parts.add("sweep " + sweepId);
        }
        if (frameIndex != null) {
            parts.add("frame " + frameIndex);
        }
        if (tileId != null) {
            parts.add("tile " + tileId);
        }
        if (pixelY != null && pixelX != null) {
            parts.add("pixel (y=" + pixelY + ", x=" + pixelX + ")");
        }
        return parts.isEmpty() ? "the acquisition" : String.join(", ", parts);
    }

    /** The message stored in the table's {@code detail} column. */
    public String detail() {
        return what + " [" + stage + "/" + reason + " at " + where() + "]" + (fix == null ? "" : "; fix: " + fix);
    }

    /** STRICT mode's error. */
    public UserException toUserException() {
        return new UserException(what + " (" + stage + "/" + reason + ")", where(), fix);
    }

    /**
     * The quarantine row in the full schema order of {@link Tables#QUARANTINE} (sample_id and pressure_gpa first;
     * the warehouse writer replaces them with the run's own values).
     */
    public Row toRow(String sampleId, double pressureGpa) {
        return RowFactory.create(sampleId, pressureGpa, stage, reason, scope, file, sweepId, frameIndex, tileId,
            pixelY, pixelX, detail());
    }
}
