package org.culet.warehouse;

import org.culet.config.UserException;

/**
 * The warehouse is locked by another live culet run (see {@link WarehouseLock}): nothing was changed, and the
 * same command may simply be retried later. {@code culet nightly} exits with {@code 75} (EX_TEMPFAIL) for it,
 * so a scheduler can tell "busy, retry" from a failure.
 */
public class WarehouseBusyException extends UserException {
    private static final long serialVersionUID = 1L;

    public WarehouseBusyException(String what, String where, String fix) {
        super(what, where, fix);
    }
}
