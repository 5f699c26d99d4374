package io.cutover.backfill;

import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.BackfillRule;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An entity whose target table is read by one of its own sources: the rows exist already (the
 * app's own table, to which the migration adds columns), so the backfill fills columns into them
 * instead of inserting rows. It may write only a column that no source reads of that table (a
 * compared column outside every source rule's reading, the key included), and it writes those
 * the mapping marks with {@code backfill: {in_place: true}} or {@code backfill: {value: ...}}:
 * the table's other compared columns are the app's own data, which the truth is compared with,
 * never overwritten. A table some other entity, a check or another source reads is refused as
 * before ({@link WriteTargetGuard}).
 *
 * @param fill     the columns written, in the target's column order
 * @param values   the filled columns whose value the run gives ({@code backfill: {value: ...}}), column to value name
 * @param readers  every column a source reads of the table, with who reads it
 */
record InPlaceColumns(EntitySpec entity, List<String> fill, Map<String, String> values, Map<String, List<String>> readers) {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The target is one of the tables the entity's own database sources read. */
    static boolean inPlace(Mapping mapping, EntitySpec entity) {
        return entity.from().values().stream().anyMatch(s -> s != null && entity.table().equalsIgnoreCase(s.table()));
    }

    /**
     * The columns to fill, checked: the table is read by the entity's own sources only, and no
     * marked column is read by a source (exit 2 naming table, column and reader).
     */
    static InPlaceColumns of(Mapping mapping, Catalog target, EntitySpec entity) {
        String table = entity.table().toLowerCase(Locale.ROOT);
        WriteTargetGuard.checkInPlace(mapping, entity);
        Catalog.TableDef def = target.table(table).orElseThrow(() -> CutoverException.configuration(
                "backfill: the target table " + table + " is not in the target schema"));
        Map<String, List<String>> readers = readColumns(mapping, table, def);
        Map<String, String> marked = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (SideSpec side : entity.from().values()) {
            if (side == null) continue;
            for (ColumnRule r : side.columns()) {
                BackfillRule b = r.backfill();
                if (b == null || !b.inPlace() || r.newColumn() == null) continue;
                String c = r.newColumn().toLowerCase(Locale.ROOT);
                marked.putIfAbsent(c, b.location() + "");
                if (b.value() != null) values.put(c, b.value());
            }
        }
        for (Map.Entry<String, String> m : marked.entrySet()) {
            String c = m.getKey();
            if (entity.key().stream().anyMatch(k -> k.equalsIgnoreCase(c)) || readers.containsKey(c)) {
                List<String> who = readers.getOrDefault(c, List.of("the entity's key"));
                throw CutoverException.configuration(m.getValue() + ": backfill of " + entity.name() + ": refusing to write "
                        + table + "." + c + " in place: it is read as old data by " + String.join("; ", who)
                        + ". The backfill fills only columns no source reads (it would change the old side it copies and"
                        + " verify compares against)");
            }
        }
        List<String> fill = new ArrayList<>();
        for (Catalog.ColumnDef c : def.columns().values()) {
            if (marked.containsKey(c.name().toLowerCase(Locale.ROOT))) fill.add(c.name().toLowerCase(Locale.ROOT));
        }
        if (fill.isEmpty()) {
            throw CutoverException.configuration("backfill of " + entity.name() + ": " + table + " is read by the entity's own"
                    + " source, so its rows exist and the backfill can only fill columns into them, and the mapping marks none"
                    + " (backfill: {in_place: true} or backfill: {value: run_start} on a column no source reads)");
        }
        return new InPlaceColumns(entity, List.copyOf(fill), Collections.unmodifiableMap(values), readers);
    }

    /**
     * Every column of {@code table} a database source reads, each with who reads it: a side on the
     * table (its key, id, filter, absent values and every rule's old column and SQL), and any SQL
     * (a rule's, a check's) naming the table, where every word that is one of its columns counts
     * (erring on the side of refusing).
     */
    static Map<String, List<String>> readColumns(Mapping mapping, String table, Catalog.TableDef def) {
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (EntitySpec e : mapping.entities()) {
            for (Map.Entry<String, SideSpec> entry : e.from().entrySet()) {
                SideSpec s = entry.getValue();
                if (s == null || !WriteTargetGuard.isDatabase(mapping, entry.getKey())) continue;
                String who = "source '" + entry.getKey() + "' (entity " + e.name();
                boolean onTable = table.equalsIgnoreCase(s.table());
                if (onTable) {
                    for (String k : s.key()) add(read, def, k, who + ": key)");
                    add(read, def, s.id(), who + ": id)");
                    for (String k : s.surrogate()) add(read, def, k, who + ": surrogate)");
                    if (s.filter() != null) words(read, def, s.filter(), who + ": filter)");
                    if (s.absent() != null) for (String k : s.absent().values().keySet()) add(read, def, k, who + ": absent)");
                }
                for (ColumnRule r : s.columns()) {
                    if (onTable) add(read, def, r.old(), who + ": column " + r.name() + ")");
                    if (r.sql() != null && (onTable || WriteTargetGuard.tablesIn(r.sql(), true).contains(table))) {
                        words(read, def, r.sql(), who + ": sql of column " + r.name() + ")");
                    }
                }
            }
        }
        for (AggregateCheck check : mapping.checks()) {
            for (Map.Entry<String, AggregateCheck.OldReading> old : check.old().entrySet()) {
                String sql = old.getValue().sql();
                if (WriteTargetGuard.isDatabase(mapping, old.getKey()) && WriteTargetGuard.tablesIn(sql, false).contains(table)) {
                    words(read, def, sql, "source '" + old.getKey() + "' (check " + check.name() + ")");
                }
            }
        }
        return read;
    }

    /** The mapping marks a column of the entity to fill in place. */
    static boolean marksAny(EntitySpec entity) {
        return entity.from().values().stream().filter(s -> s != null).flatMap(s -> s.columns().stream())
                .anyMatch(r -> r.backfill() != null && r.backfill().inPlace());
    }

    /** The columns of the entity marked {@code backfill: {value: run_start}}. */
    static List<String> runStartColumns(EntitySpec entity) {
        return entity.from().values().stream().filter(s -> s != null).flatMap(s -> s.columns().stream())
                .filter(r -> r.backfill() != null && "run_start".equals(r.backfill().value()) && r.newColumn() != null)
                .map(r -> r.newColumn().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** The filled columns outside those the run gives: what the sources give. */
    Set<String> fromSources() {
        Set<String> s = new LinkedHashSet<>(fill);
        s.removeAll(values.keySet());
        return s;
    }

    private static void words(Map<String, List<String>> read, Catalog.TableDef def, String sql, String who) {
        Matcher m = WORD.matcher(sql);
        while (m.find()) add(read, def, m.group(), who);
    }

    private static void add(Map<String, List<String>> read, Catalog.TableDef def, String column, String who) {
        if (column == null || def.column(column).isEmpty()) return;
        List<String> list = read.computeIfAbsent(column.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
        if (!list.contains(who)) list.add(who);
    }
}
