package io.cutover.demo;

import java.util.List;
import java.util.Map;

/**
 * What a demo run made: rows per table, the load rate, and the faults it injected.
 * {@code voteExportLines} counts the export's votes; {@code clearedVoteLines} its cleared votes
 * (direction 0), which the new tables do not hold. {@code newTables}: how far the silo order has
 * filled the new tables ({@link NewTables#id()}).
 */
public record DemoReport(String scale, long seed, String asOf, String newTables, int faultsPerKind, String redditDatabase, String appDatabase,
                         Map<String, Long> rowsPerTable, long rowsLoaded, long voteExportLines, long clearedVoteLines,
                         double loadSeconds, double totalSeconds, List<Fault> faults) {

    public double loadRowsPerSecond() {
        return loadSeconds <= 0 ? 0 : rowsLoaded / loadSeconds;
    }
}
