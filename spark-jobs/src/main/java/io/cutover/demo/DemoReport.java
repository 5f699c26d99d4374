package io.cutover.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a demo run made: rows per table, the load rate, and the faults it injected.
 * {@code voteExportLines} counts the export's votes; {@code clearedVoteLines} its cleared votes
 * (direction 0), which the new tables do not hold. {@code newTables}: how far the silo order has
 * filled the new tables ({@link NewTables#id()}); {@code design} the target design, "2025", or null
 * for the 2020 one (left out of world.json, which stays as it was for that design).
 */
public record DemoReport(String scale, long seed, String asOf, String newTables, int faultsPerKind, String redditDatabase, String appDatabase,
                         Map<String, Long> rowsPerTable, long rowsLoaded, long voteExportLines, long clearedVoteLines,
                         double loadSeconds, double totalSeconds, List<Fault> faults,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String design) {

    public DemoReport(String scale, long seed, String asOf, String newTables, int faultsPerKind, String redditDatabase,
                      String appDatabase, Map<String, Long> rowsPerTable, long rowsLoaded, long voteExportLines,
                      long clearedVoteLines, double loadSeconds, double totalSeconds, List<Fault> faults) {
        this(scale, seed, asOf, newTables, faultsPerKind, redditDatabase, appDatabase, rowsPerTable, rowsLoaded, voteExportLines,
                clearedVoteLines, loadSeconds, totalSeconds, faults, null);
    }

    public double loadRowsPerSecond() {
        return loadSeconds <= 0 ? 0 : rowsLoaded / loadSeconds;
    }
}
