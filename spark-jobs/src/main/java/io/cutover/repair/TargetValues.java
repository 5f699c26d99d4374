package io.cutover.repair;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import java.util.Optional;

/**
 * How a compared value is written in the target table's terms. Most columns hold the value as
 * compared; a reference compared through the natural key of what it points to (a post's channel
 * by name, a vote's voter by username) is translated back to the id through the referenced
 * table, in SQL: {@code (SELECT "id" FROM "discussions_channel" WHERE "name" = 'physics')}.
 */
final class TargetValues {
    private final Mapping mapping;

    TargetValues(Mapping mapping) {
        this.mapping = mapping;
    }

    /** The SQL for {@code value} of {@code column} as compared against {@code source}, or why it cannot be written. */
    Translated expression(EntitySpec entity, String source, String column, String value) {
        Optional<ColumnRule.Ref> ref = ref(entity, source, column);
        if (ref.isEmpty()) return Translated.of(SqlText.literal(value));
        Optional<EntitySpec> pointed = mapping.entity(ref.get().entity());
        if (pointed.isEmpty()) {
            return Translated.not("column " + column + " refers to entity " + ref.get().entity() + ", which the mapping does not define");
        }
        EntitySpec to = pointed.get();
        String idColumn = to.surrogate().isEmpty() ? "id" : to.surrogate().get(0);
        String by = ref.get().by() != null ? ref.get().by() : to.key().size() == 1 ? to.key().get(0) : null;
        if (by == null) {
            return Translated.not("column " + column + " refers to " + to.name() + " by its composite key " + to.key()
                    + ", which one compared value cannot name");
        }
        if (by.equalsIgnoreCase(idColumn)) return Translated.of(SqlText.literal(value));
        if (value == null) return Translated.of("NULL");
        String lookup = "(SELECT " + SqlText.identifier(idColumn) + " FROM " + SqlText.identifier(to.table()) + " WHERE "
                + SqlText.identifier(by) + " = " + SqlText.literal(value) + ")";
        // The referenced row must exist: a lookup that finds nothing would write NULL.
        String exists = "EXISTS (SELECT 1 FROM " + SqlText.identifier(to.table()) + " WHERE " + SqlText.identifier(by) + " = "
                + SqlText.literal(value) + ")";
        return new Translated(lookup, exists, null);
    }

    /** As {@link #expression(EntitySpec, String, String, String)}, for a value no one source compared (a built row's). */
    Translated expression(EntitySpec entity, String column, String value) {
        return expression(entity, null, column, value);
    }

    private static Optional<ColumnRule.Ref> ref(EntitySpec entity, String source, String column) {
        SideSpec side = source == null ? null : entity.from().get(source);
        if (side == null) {
            // A check or tree names no side: any side's rule for the column says how it refers.
            for (SideSpec s : entity.from().values()) {
                Optional<ColumnRule.Ref> r = s.ruleForNew(column).map(ColumnRule::ref);
                if (r.isPresent()) return r;
            }
            return Optional.empty();
        }
        return side.ruleForNew(column).map(ColumnRule::ref);
    }

    /** A value's SQL, the condition under which it is the intended one (a referenced row exists), or why it has none. */
    record Translated(String sql, String requires, String impossible) {
        static Translated of(String sql) {
            return new Translated(sql, null, null);
        }

        static Translated not(String why) {
            return new Translated(null, null, why);
        }

        boolean ok() {
            return impossible == null;
        }
    }
}
