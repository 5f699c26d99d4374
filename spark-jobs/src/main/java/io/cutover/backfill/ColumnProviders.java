package io.cutover.backfill;

import io.cutover.mapping.BackfillRule;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which old source gives each column of an entity's new rows: the truth source where its rule
 * holds the new value, else the mirror. A rule with {@code new_sql} compares a projection of the
 * new value (Reddit's post type, where an article is a self post), so its old value is not the
 * column's and another source must give it. The first source (the truth, where given) decides
 * which rows exist; the others are joined to it by key. A rule's {@code backfill: {from: SOURCE}}
 * chooses the source where that default is not what is meant, and {@code backfill: {also: [C]}}
 * fills a column no source holds with the rule's value. A renumbered surrogate is given by the
 * target's identity, and a column no rule fills is left to its default.
 */
record ColumnProviders(EntitySpec entity, List<String> sources, Map<String, String> columns, List<String> leftOut,
                       Map<String, String> copied) {

    static ColumnProviders of(Mapping mapping, Catalog target, EntitySpec entity, Set<String> given) {
        List<String> sources = new ArrayList<>();
        for (SourceSpec.Role role : List.of(SourceSpec.Role.TRUTH, SourceSpec.Role.MIRROR)) {
            for (SourceSpec s : mapping.sources().values()) {
                if (s.role() == role && given.contains(s.name()) && entity.from().containsKey(s.name())) sources.add(s.name());
            }
        }
        // The row source, first, must name every key.
        String rowSource = sources.stream().filter(s -> entity.key().stream().allMatch(k -> holds(entity.from().get(s), k)))
                .findFirst().orElseThrow(() -> CutoverException.configuration("backfill of " + entity.name()
                        + ": none of the given sources (" + String.join(", ", given) + ") describes its rows by their key "
                        + entity.key() + "; give one of " + String.join(", ", entity.from().keySet()) + " with --source"));
        sources.remove(rowSource);
        sources.add(0, rowSource);
        Catalog.TableDef table = target.table(entity.table()).orElseThrow(() -> CutoverException.configuration(
                "backfill: the target table " + entity.table() + " is not in the target schema"));
        Map<String, String> columns = new LinkedHashMap<>();
        for (String k : entity.key()) columns.put(k.toLowerCase(Locale.ROOT), sources.get(0));
        List<String> leftOut = new ArrayList<>();
        for (Catalog.ColumnDef c : table.columns().values()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (columns.containsKey(name)) continue;
            if (entity.surrogate().stream().anyMatch(s -> s.equalsIgnoreCase(name))) continue;
            String provider = sources.stream().filter(s -> holds(entity.from().get(s), name)).findFirst().orElse(null);
            if (provider == null) leftOut.add(name);
            else columns.put(name, provider);
        }
        // The mapping's `backfill:` options: a source chosen for a column, and columns no source
        // holds that take another rule's value (a vote's created_on: the export's date).
        Map<String, String> copied = new LinkedHashMap<>();
        for (String s : entity.from().keySet()) {
            SideSpec side = entity.from().get(s);
            if (side == null) continue;
            for (ColumnRule r : side.columns()) {
                BackfillRule b = r.backfill();
                if (b == null || r.newColumn() == null) continue;
                String name = r.newColumn().toLowerCase(Locale.ROOT);
                if (b.from() != null && !b.from().equals(columns.get(name)) && !isKey(entity, name)) {
                    if (!sources.contains(b.from())) {
                        throw CutoverException.configuration(b.location() + ": backfill of " + entity.name() + ": column " + name
                                + " comes from source " + b.from() + " (backfill: {from: " + b.from() + "}), which is not given;"
                                + " give it with --source " + b.from() + "=...");
                    }
                    columns.put(name, b.from());
                }
                for (String also : b.also()) {
                    String a = also.toLowerCase(Locale.ROOT);
                    if (columns.containsKey(name) && leftOut.remove(a)) copied.put(a, name);
                }
            }
        }
        return new ColumnProviders(entity, List.copyOf(sources), columns, List.copyOf(leftOut), Map.copyOf(copied));
    }

    /**
     * The same providers narrowed to an in-place fill: the key and the filled columns a source
     * gives (those the run gives, {@link InPlaceColumns#values()}, are added by {@link NewRows});
     * a source left giving nothing is not read, but for the row source and a source on the target
     * table. A filled column no given
     * source holds is a configuration error (exit 2).
     */
    ColumnProviders fillingInPlace(InPlaceColumns fill) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String k : entity.key()) kept.put(k.toLowerCase(Locale.ROOT), sources.get(0));
        for (String c : fill.fromSources()) {
            String source = columns.get(c);
            if (source == null) {
                throw CutoverException.configuration("backfill of " + entity.name() + ": column " + c + " is filled in place"
                        + " (backfill: {in_place: true}) but none of the given sources (" + String.join(", ", sources) + ") holds"
                        + " it; give its source with --source, or say what the run writes there (backfill: {value: run_start})");
            }
            kept.put(c, source);
        }
        // A source on the target table itself stays, giving no column: its updated_on tells which
        // chunks the app edited (ChangedOldRows), so the others are not re-read.
        List<String> used = sources.stream().filter(s -> s.equals(sources.get(0)) || kept.containsValue(s)
                || entity.table().equalsIgnoreCase(entity.from().get(s).table())).toList();
        return new ColumnProviders(entity, used, kept, List.of(), Map.of());
    }

    /** The side's rule for {@code column} gives the new value itself. */
    static boolean holds(SideSpec side, String column) {
        return rule(side, column) != null;
    }

    static ColumnRule rule(SideSpec side, String column) {
        ColumnRule r = side.ruleForNew(column).orElse(null);
        return r == null || r.dropped() || r.isRenumbered() || r.newSql() != null ? null : r;
    }

    ColumnRule rule(String column) {
        if (!columns.containsKey(column)) return null;
        return rule(entity.from().get(columns.get(column)), column);
    }

    /** The written columns: the given ones, then those copied from another ({@link #copied()}). */
    List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.keySet());
        names.addAll(copied.keySet());
        return List.copyOf(names);
    }

    /** The columns {@code source} gives, outside the key. */
    List<String> givenBy(String source) {
        return columns.entrySet().stream().filter(e -> e.getValue().equals(source) && !isKey(e.getKey())).map(Map.Entry::getKey).toList();
    }

    boolean isKey(String column) {
        return isKey(entity, column);
    }

    private static boolean isKey(EntitySpec entity, String column) {
        return entity.key().stream().anyMatch(k -> k.equalsIgnoreCase(column));
    }

    /** One line for the run's output, e.g. {@code title, about <- mirror; name, score <- reddit}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (String s : sources) {
            List<String> cols = columns.entrySet().stream().filter(e -> e.getValue().equals(s)).map(Map.Entry::getKey).toList();
            parts.add(String.join(", ", cols) + " <- " + s);
        }
        copied.forEach((c, from) -> parts.add(c + " <- " + from + " (no source holds it; the mapping's backfill: {also: [" + c + "]})"));
        return String.join("; ", parts) + (leftOut.isEmpty() ? "" : "; left to the table's default: " + String.join(", ", leftOut));
    }
}
