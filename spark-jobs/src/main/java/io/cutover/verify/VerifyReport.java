package io.cutover.verify;

import java.util.List;
import java.util.Map;

/** Everything a verify run found; written as summary.json, report.html and the console summary. */
public record VerifyReport(String mapping, Map<String, String> sources, String target, String since, String recheckOf,
                           List<ComparisonSummary> comparisons, List<ComparisonSummary> checks,
                           long totalDifferences, long maxDifferences, int exitCode, double seconds,
                           String differencesPath) {
}
