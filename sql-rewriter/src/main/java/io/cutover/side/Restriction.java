package io.cutover.side;

import java.util.Collection;
import java.util.List;

/**
 * Which rows of a side a printed query reads: all, one partition of the split column's range
 * (bounds null where open), or given values of the first key column. Keys are one parameter of
 * the query, an array, however many there are: printed as a placeholder ({@code = ANY(?)}),
 * bound as one array value, never as a literal per key.
 */
public sealed interface Restriction {
    record Everything() implements Restriction {}

    record Range(Long from, Long to) implements Restriction {}

    record Keys(List<Object> keys) implements Restriction {
        /** The element type of the array: bigint when every key is an integer, else text. */
        public String elementType() {
            return keys.stream().allMatch(k -> k instanceof Long || k instanceof Integer || k instanceof Short) ? "bigint" : "text";
        }

        /**
         * The keys as one array literal ({@code '{1,2}'::bigint[]}, {@code '{"a\"b"}'::text[]}), for a
         * reader that cannot bind parameters (Spark's JDBC source): one literal, whatever the count.
         */
        public String arrayLiteral() {
            StringBuilder text = new StringBuilder("{");
            boolean numbers = elementType().equals("bigint");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) text.append(',');
                String k = keys.get(i).toString();
                text.append(numbers ? k : '"' + k.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
            return PostgresDialect.textLiteral(text.append('}').toString()) + "::" + elementType() + "[]";
        }
    }

    static Restriction all() {
        return new Everything();
    }

    static Restriction range(Long from, Long to) {
        return new Range(from, to);
    }

    static Restriction keys(Collection<?> keys) {
        return new Keys(List.copyOf(keys));
    }
}
