package io.cutover.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a repair did, or would do, key by key: what {@code repair.html}, {@code repair-keys.jsonl}
 * and the notebook show ({@link RepairReportWriter}). The repair builds it; it holds plain values
 * only, so that the report pages depend on nothing of the repair (which depends on them).
 * {@code recheck} is null for a plan only printed.
 */
public record RepairOutcome(Origin origin, String reread, boolean executed, List<KeyOutcome> keys, Trees trees, Recheck recheck,
                            Map<String, Double> seconds) {

    public RepairOutcome {
        keys = List.copyOf(keys);
        seconds = Map.copyOf(seconds);
    }

    /** What became of one difference of the report (or one post's comment trees). */
    public enum Outcome {
        FAILED("failed", "applied, but the recheck still finds the key differing"),
        SKIPPED("skipped", "the application wrote the row since the report: its write is kept"),
        LEFT("left", "repair does not decide it, and says why"),
        PLANNED("planned", "in repair.sql, not applied (printed only)"),
        FIXED("fixed", "applied, and the recheck finds the key equal (a recount and a tree rebuild: applied)"),
        RESOLVED("resolved", "no longer differed when the repair looked again: nothing to do");

        private final String id;
        private final String meaning;

        Outcome(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }

        /** The name in repair-summary.json, repair-keys.jsonl and the notebook. */
        public String id() {
            return id;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** The verify report the repair came from: where, when it was written (null: unknown), with which mapping, of which tables. */
    public record Origin(String report, String written, String mapping, String mappingDigest, String target) {}

    /**
     * One difference and what became of it: {@code category} as verify names it ({@code tree}: a
     * post whose comment trees are rebuilt), {@code column} null for a whole row, {@code why} in words.
     */
    public record KeyOutcome(String entity, String category, String key, String column, Outcome outcome, String why) {}

    /** Posts whose comment trees the plan rebuilds, those rebuilt, and the tree nodes written. */
    public record Trees(long planned, long rebuilt, long nodesWritten) {}

    /**
     * The recheck of every key after {@code --execute}: its report directory, the differences it
     * still finds, and how many of those are on keys a fix was applied to ({@link Outcome#FAILED}).
     */
    public record Recheck(String report, long differences, long onFixedKeys) {}

    /** Keys per entity, category and outcome (its id), in that order: the page's table and repair-summary.json's {@code outcome}. */
    public Map<String, Map<String, Map<String, Long>>> counts() {
        Map<String, Map<String, Map<String, Long>>> counts = new TreeMap<>();
        for (KeyOutcome k : keys) {
            counts.computeIfAbsent(k.entity(), e -> new TreeMap<>()).computeIfAbsent(k.category(), c -> new TreeMap<>())
                    .merge(k.outcome().id(), 1L, Long::sum);
        }
        return counts;
    }

    /** How many keys have this outcome. */
    public long count(Outcome outcome) {
        return keys.stream().filter(k -> k.outcome() == outcome).count();
    }
}
