package io.cutover.mapping;

import java.util.List;
import java.util.Objects;

/**
 * How a column rule's value is treated, whatever its {@link ColumnSource}: the change between
 * old and new ({@code transform}), whether its values are the same rows' numbers
 * ({@code values}), a reference compared through another entity's key ({@code ref}, may be
 * null), the Reddit types of its id literals, how verify compares it ({@code compare},
 * {@code nulls}), and for verify only {@code newSql}, an expression over the new row (alias
 * {@code n}) compared instead of the bare new column, for what the old source cannot tell apart
 * (Reddit does not know an article from a text post). {@code marker} is a value those
 * expressions produce to stand for NULL where NULL itself cannot be compared as wanted (a
 * top-level comment's parent is -1): reports show NULL for it, never the marker. {@code warn}
 * says why any use of the column changes meaning; {@code note} is for people only.
 * {@code backfill} (null when not given) says, for the backfill only, which source gives the column.
 */
public record ColumnOptions(Transform transform, ColumnRule.Values values, ColumnRule.Ref ref,
                            List<String> literals, ValueComparator compare, NullSemantics nulls,
                            String newSql, String marker, String warn, String note, BackfillRule backfill) {
    public ColumnOptions {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(compare, "compare");
        Objects.requireNonNull(nulls, "nulls");
        literals = List.copyOf(literals);
    }

    public ColumnOptions(Transform transform, ColumnRule.Values values, ColumnRule.Ref ref, List<String> literals,
                         ValueComparator compare, NullSemantics nulls, String newSql, String marker, String warn, String note) {
        this(transform, values, ref, literals, compare, nulls, newSql, marker, warn, note, null);
    }
}
