package io.cutover.mapping;

import io.cutover.schema.Catalog;
import java.util.Map;

/**
 * Checks a column rule's {@code backfill:} option against its entity: {@code from} names a
 * declared source of the entity whose own rule gives the column's value (not a dropped or
 * renumbered column, nor a {@code new_sql} projection); each of {@code also} is a column of the
 * target table that no source gives already.
 */
final class BackfillRuleCheck {
    private BackfillRuleCheck() {}

    static void check(Mapping mapping, EntitySpec entity, Catalog target, ColumnRule rule, MappingPath path, Problems problems) {
        BackfillRule b = rule.backfill();
        String column = rule.newColumn();
        if (b.from() != null) {
            MappingPath p = path.key("from");
            SideSpec side = entity.from().get(b.from());
            if (!mapping.sources().containsKey(b.from())) {
                problems.at(b.location(), p, "unknown source '" + b.from() + "' (declared: " + mapping.sources().keySet() + ")");
            } else if (side == null) {
                problems.at(b.location(), p, "source '" + b.from() + "' does not describe entity " + entity.name()
                        + " (its sources: " + entity.from().keySet() + ")");
            } else if (column == null || !gives(side, column)) {
                problems.at(b.location(), p, "source '" + b.from() + "' has no rule giving column '" + column + "' of "
                        + entity.table() + " (a dropped, renumbered or new_sql rule gives no value)");
            }
        }
        for (String also : b.also()) {
            MappingPath p = path.key("also");
            if (!target.hasColumn(entity.table(), also)) {
                problems.at(b.location(), p, "unknown column '" + also + "' in table " + entity.table());
                continue;
            }
            if (also.equalsIgnoreCase(column)) problems.at(b.location(), p, "'" + also + "' is this rule's own column");
            for (Map.Entry<String, SideSpec> s : entity.from().entrySet()) {
                if (s.getValue() != null && gives(s.getValue(), also)) {
                    problems.at(b.location(), p, "column '" + also + "' is given by source '" + s.getKey() + "' already");
                }
            }
        }
    }

    private static boolean gives(SideSpec side, String column) {
        ColumnRule r = side.ruleForNew(column).orElse(null);
        return r != null && !r.dropped() && !r.isRenumbered() && r.newSql() == null;
    }
}
