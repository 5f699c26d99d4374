package io.cutover.repair;

import io.cutover.mapping.EntitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The update of one changed row: only the differing columns, each set to what the old sources
 * hold now and only where it still holds what the re-read saw. A column is fixed only when every
 * source that compares it says the same: one old source that agrees with the new table, or two
 * that disagree with each other, is a question for a person.
 */
final class ChangedRows {
    private final TargetValues values;
    private final CurrentRows current;

    ChangedRows(TargetValues values, CurrentRows current) {
        this.values = values;
        this.current = current;
    }

    /** The UPDATE (null when no column can be fixed), the columns it sets, and what is left. */
    record Planned(String sql, List<String> columns, List<LeftToHuman> left) {}

    Planned plan(EntitySpec entity, String key, List<Difference> diffs, Map<String, Set<String>> comparedBy) {
        List<LeftToHuman> left = new ArrayList<>();
        Map<String, List<Difference>> byColumn = new TreeMap<>();
        for (Difference d : diffs) byColumn.computeIfAbsent(d.column().toLowerCase(Locale.ROOT), c -> new ArrayList<>()).add(d);
        Set<String> tableColumns = current.columns(entity.table());
        List<String> sets = new ArrayList<>();
        List<String> guards = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        TargetValues.Translated where = null;
        for (Map.Entry<String, List<Difference>> c : byColumn.entrySet()) {
            String column = c.getKey();
            Difference first = c.getValue().get(0);
            Map<String, String> wanted = new LinkedHashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Difference d : c.getValue()) {
                wanted.put(d.source(), d.oldValue());
                seen.add(d.newValue());
            }
            Set<String> comparing = comparedBy.getOrDefault(column, wanted.keySet());
            Set<String> silent = new LinkedHashSet<>(comparing);
            silent.removeAll(wanted.keySet());
            if (!silent.isEmpty()) {
                left.add(RepairPlanner.human(first, "column " + column + ": " + String.join(", ", wanted.keySet()) + " differ(s) but "
                        + String.join(", ", silent) + " agree(s) with the new table; which old source is right is a decision"));
                continue;
            }
            if (new LinkedHashSet<>(wanted.values()).size() > 1 || seen.size() > 1) {
                left.add(RepairPlanner.human(first, "column " + column + ": the old sources disagree (" + wanted + ")"));
                continue;
            }
            if (!tableColumns.contains(column)) {
                left.add(RepairPlanner.human(first, "column " + column + " is not a column of " + entity.table()
                        + ": there is nothing to set"));
                continue;
            }
            TargetValues.Translated to = values.expression(entity, first.source(), column, first.oldValue());
            TargetValues.Translated was = values.expression(entity, first.source(), column, first.newValue());
            if (!to.ok() || !was.ok()) {
                left.add(RepairPlanner.human(first, to.ok() ? was.impossible() : to.impossible()));
                continue;
            }
            if (where == null) where = RowKey.condition(values, entity, first.source(), key);
            if (!where.ok()) {
                left.add(RepairPlanner.human(first, where.impossible()));
                continue;
            }
            sets.add(SqlText.identifier(column) + " = " + to.sql());
            guards.add("t." + SqlText.identifier(column) + " IS NOT DISTINCT FROM " + was.sql());
            if (to.requires() != null) guards.add(to.requires());
            columns.add(column);
        }
        if (sets.isEmpty()) return new Planned(null, List.of(), left);
        String sql = "UPDATE " + SqlText.identifier(entity.table()) + " t SET " + String.join(", ", sets) + " WHERE "
                + Objects.requireNonNull(where).sql() + " AND " + String.join(" AND ", guards);
        return new Planned(sql, columns, left);
    }
}
