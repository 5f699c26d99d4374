package io.cutover.verify;

import java.util.List;
import java.util.Map;

/**
 * Everything a verify run found; written as summary.json, report.html and the console summary.
 * {@code consistentRead}: each live database was read at one instant. {@code settleSeconds} and
 * {@code persistentDifferences} are set when a settle pass looked again: then only the
 * persistent differences decide the exit code. {@code pushdown}: what {@code --pushdown} decided
 * and why (null in reports written before it was recorded).
 */
public record VerifyReport(String mapping, Map<String, String> sources, String target, String since, String recheckOf,
                           List<ComparisonSummary> comparisons, List<ComparisonSummary> checks,
                           long totalDifferences, long maxDifferences, int exitCode, double seconds,
                           String differencesPath, boolean consistentRead, Double settleSeconds,
                           Long persistentDifferences, String pushdown) {
}
