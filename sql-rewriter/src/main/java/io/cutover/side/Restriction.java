package io.cutover.side;

import java.util.Collection;
import java.util.List;

/**
 * Which rows of a side a printed query reads: all, one partition of the split column's range
 * (bounds null where open), or a few values of the first key column.
 */
public sealed interface Restriction {
    record Everything() implements Restriction {}

    record Range(Long from, Long to) implements Restriction {}

    record Keys(List<Object> keys) implements Restriction {}

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
