package io.cutover.side;

import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL query whose reads can be restricted: its text in parts, with a {@link Bound}
 * wherever a partition's bounds go (on the split column of each table the split applies to: a
 * Reddit thing and its key-value rows alike, inside any grouping, where a predicate outside the
 * query could not reach). {@code keyColumn} ({@code alias."col"}) is where a restriction to a
 * restriction to keys goes, null when the first key is not a column of the side's own table;
 * {@code keyOnBounds}: the key is the split column itself (a Reddit thing id), so the keys go
 * where the bounds go. The query ends in its outer WHERE clause. Keys are printed as one array
 * parameter ({@code = ANY(?)}), however many there are.
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

    /**
     * The query reading what {@code r} says, keys as placeholders ({@code ?}, each bound to the
     * whole key array); null for keys when {@link #restrictsKeys()} is false.
     */
    public String print(Restriction r) {
        return print(r, "?");
    }

    /**
     * The same query with the key array written as one literal where each placeholder is, for a
     * reader that cannot bind parameters; null as for {@link #print}.
     */
    public String printBinding(Restriction r) {
        return print(r, r instanceof Restriction.Keys k ? k.arrayLiteral() : "?");
    }

    /** How many placeholders {@link #print} writes for {@code r}: each takes the whole key array. */
    public int placeholders(Restriction r) {
        if (!(r instanceof Restriction.Keys k) || keyColumn == null || k.keys().isEmpty()) return 0;
        return keyOnBounds ? (int) parts.stream().filter(p -> p instanceof Bound).count() : 1;
    }

    private String print(Restriction r, String parameter) {
        if (r instanceof Restriction.Keys k && keyColumn == null) return null;
        StringBuilder out = new StringBuilder();
        for (Object p : parts) out.append(p instanceof Bound b ? bound(b.column(), r, parameter) : p);
        if (r instanceof Restriction.Keys k && !keyOnBounds) out.append(" AND ").append(anyOf(keyColumn, k.keys(), parameter));
        return out.toString();
    }

    private String bound(String column, Restriction r, String parameter) {
        if (r instanceof Restriction.Range range) {
            Long lo = range.from(), hi = range.to();
            String predicate = lo == null && hi == null ? "TRUE" : lo == null ? column + " < " + hi
                    : hi == null ? column + " >= " + lo : column + " >= " + lo + " AND " + column + " < " + hi;
            return "(" + predicate + ")";
        }
        if (r instanceof Restriction.Keys k) return keyOnBounds ? anyOf(column, k.keys(), parameter) : "TRUE";
        return "TRUE";
    }

    private static String anyOf(String column, List<Object> keys, String parameter) {
        if (keys.isEmpty()) return "FALSE";
        return "(" + column + " = ANY(" + parameter + "))";
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
