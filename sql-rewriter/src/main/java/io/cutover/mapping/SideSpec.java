package io.cutover.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one source holds an entity: either a plain table ({@code table}), or Reddit's pair of a
 * thing table and a key-value data table ({@code thing}, {@code data}, {@code id}) pivoted into
 * one row per thing, or (for CSV sources) the export's rows narrowed by {@code filter}.
 * {@code absent} (null when none) names old rows that stand for no row at all, such as
 * Reddit's cleared vote (direction 0): they are left out before comparing.
 */
public record SideSpec(String source, String table, String thing, String data, String id,
                       List<String> key, List<String> surrogate, String filter, Absent absent,
                       List<ColumnRule> columns, List<PivotSpec> pivots, FilePosition location) {

    /** A row whose columns hold all these values (column -> value) is no row. */
    public record Absent(Map<String, String> values, FilePosition location) {}

    public boolean isKeyValue() {
        return thing != null;
    }

    /** The rule that reads an old column of the table (or thing table). */
    public Optional<ColumnRule> ruleForOld(String oldColumn) {
        return columns.stream().filter(c -> oldColumn.equalsIgnoreCase(c.old())).findFirst();
    }

    public Optional<ColumnRule> ruleForNew(String newColumn) {
        return columns.stream().filter(c -> newColumn.equalsIgnoreCase(c.newColumn())
                && c.values() != ColumnRule.Values.RENUMBERED).findFirst();
    }
}
