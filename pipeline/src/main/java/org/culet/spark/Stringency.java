package org.culet.spark;

import com.typesafe.config.Config;
import java.util.Locale;
import org.culet.config.UserException;

/**
 * What a run does with bad raw input (a missing or truncated sweep file, a wrong frame count, NaN or saturated
 * frames, an unassignable pixel): STRICT stops with an error naming file, sweep and frame; LENIENT sends the
 * rejected item to the {@code quarantine} table with a reason, and the manifest and the end-of-run summary count
 * it. Never a silent drop. Configuration key {@code culet.pipeline.stringency} (default STRICT).
 */
public enum Stringency {
    STRICT, LENIENT;

    /** Reads {@code culet.pipeline.stringency} from the {@code culet} subtree. */
    public static Stringency fromConfig(Config culet) {
        String value = culet.getString("pipeline.stringency");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown stringency '" + value + "'", "culet.pipeline.stringency",
                "use STRICT (stop at the first bad input) or LENIENT (quarantine bad input and go on)");
        }
    }

    /**
     * Handles one piece of bad input. STRICT: throws the record as a {@link UserException} (what, where, fix).
     * LENIENT: returns the record for the caller to emit into the quarantine table.
     */
    public QuarantineRecord reject(QuarantineRecord record) {
        if (this == STRICT) {
            throw record.toUserException();
        }
        return record;
    }
}
