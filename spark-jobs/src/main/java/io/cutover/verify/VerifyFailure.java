package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;

/**
 * How a failure while verifying reaches the user: naming the comparison it stopped, with the
 * root cause's first line (a password in a JDBC URL redacted), and a usage error left one.
 */
final class VerifyFailure {
    private VerifyFailure() {}

    /**
     * A failure while reading a comparison's sources names the comparison; a usage error stays one.
     * An {@code Exception}, not only a RuntimeException: Spark rethrows the driver's checked
     * JDBC errors undeclared (a server going away while a table's schema is resolved).
     */
    static CutoverException of(ComparisonPlan plan, Exception e) {
        if (e instanceof CutoverException ce) {
            return ce.exitCode() != ExitCode.FAILURE ? ce
                    : CutoverException.failure("verifying " + plan.label() + " failed: " + ce.getMessage(), ce);
        }
        return CutoverException.failure("verifying " + plan.label() + " failed: " + CsvValueError.explain(rootMessage(e)), e);
    }

    /** A failure outside any one comparison ({@code what}: "check x", "checking the comment trees"). */
    static CutoverException of(String what, Exception e) {
        if (e instanceof CutoverException ce) return ce;
        return CutoverException.failure(what + " failed: " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
        return m.replaceAll("(?i)(password=)[^&\\s]*", "$1<redacted>");
    }
}
