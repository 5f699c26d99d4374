package io.cutover.backfill;

import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.TreeSpec;
import io.cutover.outcome.CutoverException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The backfill writes only the mapping's target tables, and never one a source reads: the mirror
 * and the new tables share a database, and {@code auth_user} is both the mirror's users and the
 * users the new tables point to. Writing such a table would change the old side the backfill and
 * verify read from. Every table a database source reads counts, whatever its schema: a table
 * named in a side, a pivot, an {@code sql:} expression or an aggregate check's old query.
 */
public final class WriteTargetGuard {
    private static final Pattern FROM_OR_JOIN = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_][a-z0-9_.]*)");

    private WriteTargetGuard() {}

    /** Refuses (exit 2) to write {@code table} unless it is a target of the mapping that no source reads. */
    public static void check(Mapping mapping, String table) {
        String t = table.toLowerCase(Locale.ROOT);
        if (!targets(mapping).contains(t)) {
            throw CutoverException.configuration("backfill: " + table + " is not a target table of mapping '" + mapping.name()
                    + "' (" + String.join(", ", targets(mapping)) + "); the backfill writes no other table");
        }
        List<String> readers = readers(mapping).getOrDefault(t, List.of());
        if (!readers.isEmpty()) {
            throw CutoverException.configuration("backfill: refusing to write " + t + ": it is also read as old data by "
                    + String.join("; ", readers) + ". A backfill never writes a table a source reads (it would change the "
                    + "old side it copies and verify compares against)");
        }
    }

    /**
     * Refuses (exit 2) to fill {@code entity}'s target in place unless it is a target of the
     * mapping read by the entity's own sources only: a table another entity, a check or a source
     * of another entity reads (e.g. {@code auth_user}) is never written. Which of its columns may
     * be written is {@link InPlaceColumns}'s to say.
     */
    static void checkInPlace(Mapping mapping, EntitySpec entity) {
        String t = entity.table().toLowerCase(Locale.ROOT);
        if (!targets(mapping).contains(t)) check(mapping, t);
        String own = "(entity " + entity.name() + ":";
        List<String> others = readers(mapping).getOrDefault(t, List.of()).stream().filter(r -> !r.contains(own)).toList();
        if (!others.isEmpty()) {
            throw CutoverException.configuration("backfill: refusing to write " + t + ": it is also read as old data by "
                    + String.join("; ", others) + ". A backfill fills a table in place only when nothing but the entity's own"
                    + " sources reads it");
        }
    }

    /** The tables a backfill may be asked to write: the entities' targets and the comment trees. */
    static Set<String> targets(Mapping mapping) {
        Set<String> targets = new LinkedHashSet<>();
        for (EntitySpec e : mapping.entities()) targets.add(e.table().toLowerCase(Locale.ROOT));
        mapping.commentTrees().ifPresent(trees -> {
            for (TreeSpec.Table tree : trees.tables()) targets.add(tree.table().toLowerCase(Locale.ROOT));
        });
        return targets;
    }

    /** Every table a database source reads, each with who reads it, e.g. {@code source 'mirror' (entity user: table)}. */
    static Map<String, List<String>> readers(Mapping mapping) {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        for (EntitySpec e : mapping.entities()) {
            for (Map.Entry<String, SideSpec> side : e.from().entrySet()) {
                if (!isDatabase(mapping, side.getKey())) continue;
                String who = "source '" + side.getKey() + "' (entity " + e.name();
                SideSpec s = side.getValue();
                add(readers, s.table(), who + ": table)");
                add(readers, s.thing(), who + ": thing table)");
                add(readers, s.data(), who + ": data table)");
                for (PivotSpec p : s.pivots()) add(readers, p.table(), who + ": pivot)");
                for (ColumnRule r : s.columns()) {
                    if (r.sql() == null) continue;
                    for (String t : tablesIn(r.sql(), true)) add(readers, t, who + ": sql of column " + r.name() + ")");
                }
            }
        }
        for (AggregateCheck check : mapping.checks()) {
            for (Map.Entry<String, AggregateCheck.OldReading> old : check.old().entrySet()) {
                if (!isDatabase(mapping, old.getKey())) continue;
                for (String t : tablesIn(old.getValue().sql(), false)) {
                    add(readers, t, "source '" + old.getKey() + "' (check " + check.name() + ")");
                }
            }
        }
        return readers;
    }

    static boolean isDatabase(Mapping mapping, String source) {
        SourceSpec s = mapping.sources().get(source);
        return s == null || s.kind() == SourceSpec.Kind.DATABASE;
    }

    /** Tables named in SQL; when the parser cannot read it, every name after FROM or JOIN (erring on the side of refusing). */
    static Set<String> tablesIn(String sql, boolean expression) {
        Set<String> tables = new LinkedHashSet<>();
        try {
            Set<String> found = expression ? TablesNamesFinder.findTablesInExpression(sql) : TablesNamesFinder.findTables(sql);
            for (String t : found) tables.add(unqualified(t));
        } catch (Exception | Error e) {
            // An expression the parser does not know (a dialect function): fall back to a plain scan below.
        }
        Matcher m = FROM_OR_JOIN.matcher(sql);
        while (m.find()) tables.add(unqualified(m.group(1)));
        return tables;
    }

    private static String unqualified(String name) {
        String n = name.replace("\"", "").toLowerCase(Locale.ROOT);
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static void add(Map<String, List<String>> readers, String table, String who) {
        if (table == null) return;
        List<String> list = readers.computeIfAbsent(table.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
        if (!list.contains(who)) list.add(who);
    }
}
