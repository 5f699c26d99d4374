package io.cutover.rewrite;

/** How much a finding matters to the person approving a rewrite. */
public enum Severity {
    /** Rewritten; said for the record (a decoded literal, a derived table). */
    INFO,
    /** Rewritten, but results may differ from the old query's: read the reason. */
    WARNING,
    /** Not rewritten safely: a human must decide. */
    ERROR
}
