package io.cutover.rewrite;

/** The review status of one rewritten query. */
public enum Status {
    /** Rewritten; nothing but notes. */
    CLEAN,
    /** Rewritten; results may differ, each way explained by a warning. */
    FINDINGS,
    /** Could not be rewritten safely (or not parsed): a human must port it. */
    NEEDS_HUMAN;

    public static Status of(java.util.List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) return NEEDS_HUMAN;
        if (findings.stream().anyMatch(f -> f.severity() == Severity.WARNING)) return FINDINGS;
        return CLEAN;
    }
}
