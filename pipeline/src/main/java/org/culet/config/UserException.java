package org.culet.config;

/**
 * An error the user can fix: a bad path, a malformed file, inconsistent metadata, an existing output.
 * The message says what is wrong, where (file, row, sweep, frame, pixel) and how to fix it; the CLI prints
 * it without a stack trace. Anything else that escapes is an internal error (a bug) and is reported as such.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String fix;

    public UserException(String what, String where, String fix) {
        this(what, where, fix, null);
    }

    public UserException(String what, String where, String fix, Throwable cause) {
        super(compose(what, where, fix), cause);
        this.where = where;
        this.fix = fix;
    }

    /** The location (file, row, sweep, frame, pixel) or null. */
    public String where() {
        return where;
    }

    /** How to fix it, or null. */
    public String fix() {
        return fix;
    }

    private static String compose(String what, String where, String fix) {
        StringBuilder sb = new StringBuilder(what);
        if (where != null && !where.isBlank()) {
            sb.append("\n  where: ").append(where);
        }
        if (fix != null && !fix.isBlank()) {
            sb.append("\n  fix:   ").append(fix);
        }
        return sb.toString();
    }
}
