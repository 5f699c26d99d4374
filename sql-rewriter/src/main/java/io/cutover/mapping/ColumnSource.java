package io.cutover.mapping;

import java.util.Objects;

/**
 * Where a new column's value comes from on one old side: exactly one of these per column rule.
 * A rule's other settings (transform, comparator, ...) are its {@link ColumnOptions}.
 */
public sealed interface ColumnSource {

    /** A value the old row holds as it is: a column of its table or a key of its Reddit data table. */
    sealed interface OldValue extends ColumnSource {}

    /** The old table's column (renamed when the new column's name differs). */
    record OldColumn(String column) implements OldValue {
        public OldColumn {
            Objects.requireNonNull(column, "column");
        }
    }

    /**
     * A key of a Reddit key-value data table (pivoted into one row per thing). {@code decode}
     * (bool, num, str, pickle-datetime, edited) says how its stored text is read, and
     * {@code defaultValue} what a thing with no row for the key holds (Reddit stores no row
     * for a model default); either may be null.
     */
    record DataKey(String key, String decode, String defaultValue) implements OldValue {
        public DataKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * An expression over the old row (alias {@code o}) when no plain rule fits. {@code standsFor}
     * (null when none) is the old column or data key it replaces: verify compares the
     * expression, the SQL rewriter renames that column.
     */
    record SqlExpression(String sql, OldValue standsFor) implements ColumnSource {
        public SqlExpression {
            Objects.requireNonNull(sql, "sql");
        }
    }

    /** A new-only column: every row must hold {@code value} (null: must be NULL). */
    record Expected(String value) implements ColumnSource {}

    /** A new-only column whose value no old row gives: every row's must meet {@code condition}. */
    record ExpectedCondition(ExpectCondition condition) implements ColumnSource {
        public ExpectedCondition {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** Filled from a pivoted child table: the pivot's {@code role} value (see {@link PivotSpec#values()}). */
    record Pivoted(String role) implements ColumnSource {
        public Pivoted {
            Objects.requireNonNull(role, "role");
        }
    }

    /** An old column with no new counterpart: nothing to compare, nothing to rename to. */
    record Dropped(String oldColumn) implements ColumnSource {
        public Dropped {
            Objects.requireNonNull(oldColumn, "oldColumn");
        }
    }
}
