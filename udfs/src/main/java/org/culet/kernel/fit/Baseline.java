package org.culet.kernel.fit;

/**
 * Polynomial baseline in x = (f - f_mid) / h, with f_mid the middle and h the half span of the sweep
 * (the scaling keeps the normal matrix well conditioned). Coefficients are reported per MHz^k:
 * baseline(f) = c0 + c1 (f - f_mid) + c2 (f - f_mid)^2, f in MHz.
 */
public enum Baseline {
    CONSTANT(1), LINEAR(2), QUADRATIC(3);

    /** Number of polynomial coefficients. */
    public final int terms;

    Baseline(int terms) {
        this.terms = terms;
    }

    /** Parses constant|linear|quadratic (case-insensitive); null when unknown. */
    public static Baseline parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "constant" -> CONSTANT;
            case "linear" -> LINEAR;
            case "quadratic" -> QUADRATIC;
            default -> null;
        };
    }
}
