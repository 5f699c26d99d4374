package io.cutover.bicheck;

import io.cutover.rewrite.RewriteResult;
import io.cutover.rewrite.Severity;

/**
 * The verdict on one query: its rewrite proven equal on data, equal on a result that proves
 * nothing (vacuous: no rows, or nothing but NULLs and zeros), different, or not comparable (why).
 */
public record QueryCheck(String name, Verdict verdict, String detail, RewriteResult rewrite) {
    public enum Verdict { EQUAL, VACUOUS, DIFFERS, NOT_COMPARABLE }

    /** A difference is explained when the rewrite carries a warning or an error. */
    public boolean explained() {
        return rewrite.findings().stream().anyMatch(f -> f.severity() != Severity.INFO);
    }

    /** The failure bi-check exists to catch: results differ and no finding says why. */
    public boolean silentDifference() {
        return verdict == Verdict.DIFFERS && !explained();
    }
}
