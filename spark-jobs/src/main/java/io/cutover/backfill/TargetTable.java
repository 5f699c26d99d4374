package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A new table as the backfill writes it: the columns each row carries (in row order) and the
 * key the rows conflict on. A renumbered surrogate (a channel's id) is simply not among the
 * columns: the table's own identity supplies it, and the key is the natural one ({@code name}).
 */
public record TargetTable(String table, List<String> key, List<String> columns) {

    public TargetTable {
        table = table.toLowerCase(Locale.ROOT);
        key = lower(key);
        columns = lower(columns);
        if (key.isEmpty()) throw CutoverException.configuration("backfill of " + table + ": no conflict key");
        if (new HashSet<>(columns).size() != columns.size()) {
            throw CutoverException.configuration("backfill of " + table + ": a column is named twice in " + columns);
        }
        for (String k : key) {
            if (!columns.contains(k)) {
                throw CutoverException.configuration("backfill of " + table + ": the conflict key column " + k
                        + " is not among the written columns " + columns);
            }
        }
    }

    /** The table as the catalog knows it; an unknown table or column is a configuration error (exit 2). */
    public static TargetTable of(Catalog catalog, String table, List<String> key, List<String> columns) {
        Catalog.TableDef def = catalog.table(table).orElseThrow(() -> CutoverException.configuration(
                "backfill: the target table " + table + " is not in the target schema"));
        List<String> unknown = new ArrayList<>();
        for (String c : columns) if (def.column(c).isEmpty()) unknown.add(c);
        if (!unknown.isEmpty()) {
            throw CutoverException.configuration("backfill of " + def.name() + ": no such column(s) " + unknown);
        }
        return new TargetTable(def.name(), key, columns);
    }

    /** Where each key column sits in a row. */
    public int[] keyPositions() {
        return key.stream().mapToInt(columns::indexOf).toArray();
    }

    /** The written columns outside the key: what a compare-and-set compares and sets. */
    public List<String> valueColumns() {
        Set<String> k = Set.copyOf(key);
        return columns.stream().filter(c -> !k.contains(c)).toList();
    }

    /** The key values of one row, in key order. */
    public Object[] keyOf(Object[] row) {
        int[] positions = keyPositions();
        Object[] k = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) k[i] = row[positions[i]];
        return k;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String list(List<String> identifiers, String prefix) {
        return identifiers.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
