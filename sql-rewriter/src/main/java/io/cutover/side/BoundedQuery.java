package io.cutover.side;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A PostgreSQL query whose reads can be restricted: its text in parts, with a {@link Bound}
 * wherever a partition's bounds go (on the split column of each table the split applies to: a
 * Reddit thing and its key-value rows alike, inside any grouping, where a predicate outside the
 * query could not reach). {@code keyColumn} ({@code alias."col"}) is where a restriction to a
 * few keys goes, null when the first key is not a column of the side's own table;
 * {@code keyOnBounds}: the key is the split column itself (a Reddit thing id), so the keys go
 * where the bounds go. The query ends in its outer WHERE clause.
 */
public record BoundedQuery(List<Object> parts, String keyColumn, boolean keyOnBounds) {

    /** Where bounds go: {@code column} is {@code alias."name"}. */
    public record Bound(String column) {}

    public BoundedQuery {
        parts = List.copyOf(parts);
    }

    /** A query with no key column. */
    public static BoundedQuery of(Object... parts) {
        return new BoundedQuery(List.of(parts), null, false);
    }

    /** Whether a restriction to a few keys can be printed. */
    public boolean restrictsKeys() {
        return keyColumn != null;
    }

    /** The query reading what {@code r} says; null for keys when {@link #restrictsKeys()} is false. */
    public String print(Restriction r) {
        if (r instanceof Restriction.Keys k && keyColumn == null) return null;
        StringBuilder out = new StringBuilder();
        for (Object p : parts) out.append(p instanceof Bound b ? bound(b.column(), r) : p);
        if (r instanceof Restriction.Keys k && !keyOnBounds) out.append(" AND ").append(anyOf(keyColumn, k.keys()));
        return out.toString();
    }

    private String bound(String column, Restriction r) {
        if (r instanceof Restriction.Range range) {
            Long lo = range.from(), hi = range.to();
            String predicate = lo == null && hi == null ? "TRUE" : lo == null ? column + " < " + hi
                    : hi == null ? column + " >= " + lo : column + " >= " + lo + " AND " + column + " < " + hi;
            return "(" + predicate + ")";
        }
        if (r instanceof Restriction.Keys k) return keyOnBounds ? anyOf(column, k.keys()) : "TRUE";
        return "TRUE";
    }

    private static String anyOf(String column, List<Object> keys) {
        if (keys.isEmpty()) return "FALSE";
        String array = keys.stream().map(k -> k instanceof Number ? k.toString() : PostgresDialect.textLiteral(k.toString()))
                .collect(Collectors.joining(", "));
        return "(" + column + " = ANY(ARRAY[" + array + "]))";
    }

    /** Builds the parts. */
    public static final class Builder {
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        public Builder append(String s) {
            text.append(s);
            return this;
        }

        public Builder bound(String column) {
            parts.add(text.toString());
            text.setLength(0);
            parts.add(new Bound(column));
            return this;
        }

        public BoundedQuery build(String keyColumn, boolean keyOnBounds) {
            List<Object> all = new ArrayList<>(parts);
            if (text.length() > 0) all.add(text.toString());
            return new BoundedQuery(all, keyColumn, keyOnBounds);
        }
    }
}
