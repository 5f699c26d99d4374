package io.cutover.verify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * CSV sources that several comparisons of one run read, parsed once and kept (in memory, spilling
 * to disk) until the last of those comparisons is done: parsing is most of what reading an
 * export costs (the large world's vote export: 34 s a parse, for two comparisons).
 */
final class KeptExports {
    /** Each shared source, with the index of the last comparison that reads it. */
    private final Map<String, Integer> lastReader = new HashMap<>();
    private final Map<String, Dataset<Row>> kept = new HashMap<>();
    private final Set<String> parsed = new HashSet<>();

    /** Keeps nothing: every read parses. */
    static KeptExports none() {
        return new KeptExports(List.of(), Map.of());
    }

    KeptExports(List<ComparisonPlan> plans, Map<String, SourceLocation> sources) {
        Map<String, Integer> readers = new HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            String source = plans.get(i).source();
            if (sources.get(source) instanceof SourceLocation.CsvFile && readers.merge(source, 1, Integer::sum) > 1) {
                lastReader.put(source, i);
            }
        }
    }

    /**
     * Whether the next comparison, in plan order, that reads {@code source} parses it: always for an
     * export read once, only the first time for a kept one. For counting the lines a run reads.
     */
    boolean parsesNext(String source) {
        return !lastReader.containsKey(source) || parsed.add(source);
    }

    /** The source's typed rows: parsed now, or the kept rows of an earlier parse. */
    Dataset<Row> rows(String source, Supplier<Dataset<Row>> parse) {
        Dataset<Row> rows = kept.get(source);
        if (rows != null) return rows;
        rows = parse.get();
        if (!lastReader.containsKey(source)) return rows;
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
        kept.put(source, rows);
        return rows;
    }

    /** Comparison {@code index} is done: the exports no later comparison reads are let go. */
    void done(int index) {
        lastReader.forEach((source, last) -> {
            if (last == index) release(source);
        });
    }

    void releaseAll() {
        List.copyOf(kept.keySet()).forEach(this::release);
    }

    private void release(String source) {
        Dataset<Row> rows = kept.remove(source);
        if (rows != null) rows.unpersist();
    }
}
