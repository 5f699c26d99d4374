package io.cutover.mapping;

import java.util.List;
import java.util.Objects;

/**
 * How one new column follows from the old row (or why an old column has none): where its value
 * comes from ({@link ColumnSource}) and how that value is treated ({@link ColumnOptions}).
 * The accessors below read both as the mapping file spells them ({@code old}, {@code key},
 * {@code sql}, ...), null where the rule has no such setting.
 */
public record ColumnRule(String newColumn, ColumnSource source, ColumnOptions options, FilePosition location) {

    public ColumnRule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
    }

    /**
     * same: the new value is the old one after the transform. renumbered: an old surrogate id;
     * the same rows carry other numbers now (safe to join on, wrong to show or compare).
     */
    public enum Values { SAME, RENUMBERED }

    /** A foreign key compared through the natural key of the entity it points to. */
    public record Ref(String entity, String by) {}

    /** What errors call the rule: its new column, or the old one when it is dropped. */
    public String name() {
        return newColumn != null ? newColumn : old();
    }

    /** The old table's column it reads, renames (with {@code sql}) or drops. */
    public String old() {
        if (source instanceof ColumnSource.Dropped d) return d.oldColumn();
        return oldValue() instanceof ColumnSource.OldColumn c ? c.column() : null;
    }

    /** The Reddit data key it reads (or that its {@code sql} stands for). */
    public String dataKey() {
        ColumnSource.DataKey k = key();
        return k == null ? null : k.key();
    }

    public String decode() {
        ColumnSource.DataKey k = key();
        return k == null ? null : k.decode();
    }

    /** The value of a data key that a thing has no row for. */
    public String defaultValue() {
        ColumnSource.DataKey k = key();
        return k == null ? null : k.defaultValue();
    }

    public String sql() {
        return source instanceof ColumnSource.SqlExpression s ? s.sql() : null;
    }

    /** The value every new row must hold; see {@link #hasExpect()}, as it may be null. */
    public String expect() {
        return source instanceof ColumnSource.Expected e ? e.value() : null;
    }

    public boolean hasExpect() {
        return source instanceof ColumnSource.Expected;
    }

    /** The condition every new row's value must meet ({@code expect: {not_null: true}}, ...), or null. */
    public ExpectCondition expectCondition() {
        return source instanceof ColumnSource.ExpectedCondition e ? e.condition() : null;
    }

    public String pivot() {
        return source instanceof ColumnSource.Pivoted p ? p.role() : null;
    }

    public boolean dropped() {
        return source instanceof ColumnSource.Dropped;
    }

    /** The {@code backfill:} option, null when not given. */
    public BackfillRule backfill() {
        return options.backfill();
    }

    public Transform transform() {
        return options.transform();
    }

    public Values values() {
        return options.values();
    }

    public Ref ref() {
        return options.ref();
    }

    public List<String> literals() {
        return options.literals();
    }

    public ValueComparator compare() {
        return options.compare();
    }

    public NullSemantics nulls() {
        return options.nulls();
    }

    public String newSql() {
        return options.newSql();
    }

    public String marker() {
        return options.marker();
    }

    public String warn() {
        return options.warn();
    }

    public String note() {
        return options.note();
    }

    public boolean isRenumbered() {
        return values() == Values.RENUMBERED;
    }

    /**
     * True when the column holds an identifier (a key or a reference to another row): its values
     * are matched, never subtracted, so no "largest difference" is measured on them.
     */
    public boolean identifies() {
        return ref() != null || !literals().isEmpty() || isRenumbered()
                || (newColumn != null && (newColumn.equals("id") || newColumn.endsWith("_id")));
    }

    /** The old column or data key read as it is, or the one an expression stands for. */
    private ColumnSource.OldValue oldValue() {
        if (source instanceof ColumnSource.OldValue v) return v;
        return source instanceof ColumnSource.SqlExpression s ? s.standsFor() : null;
    }

    private ColumnSource.DataKey key() {
        return oldValue() instanceof ColumnSource.DataKey k ? k : null;
    }
}
