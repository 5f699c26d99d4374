package io.cutover.mapping;

import java.util.List;
import java.util.Objects;

/**
 * What every new row's value must satisfy when no old value says what it is ({@code expect:}
 * with a condition rather than a literal): not NULL, between two bounds, or one value shared by
 * every row (a migration's {@code archived_on}: one instant not known in advance). A bound is a
 * column of the same new row, {@link #NOW} (the time verify reads the row) or a timestamp literal.
 */
public record ExpectCondition(Kind kind, List<String> bounds, FilePosition location) {
    /** The bound that stands for the time of the run. */
    public static final String NOW = "now";

    public enum Kind {
        /** {@code expect: {not_null: true}} */
        NOT_NULL,
        /** {@code expect: {between: [created_on, now]}}: both bounds included, NULL never between. */
        BETWEEN,
        /** {@code expect: {same_for_all: true}}: every row holds the value most rows hold (not NULL). */
        SAME_FOR_ALL
    }

    public ExpectCondition {
        Objects.requireNonNull(kind, "kind");
        bounds = List.copyOf(bounds);
    }

    /** A bound naming a column of the new row, rather than {@code now} or a literal. */
    public static boolean isColumn(String bound) {
        return !bound.equals(NOW) && bound.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /** What the report shows as the expected value: the condition, in the mapping's words. */
    public String description() {
        return switch (kind) {
            case NOT_NULL -> "expected: not null";
            case BETWEEN -> "expected: between " + bounds.get(0) + " and " + bounds.get(1);
            case SAME_FOR_ALL -> "expected: the same value in every row";
        };
    }
}
