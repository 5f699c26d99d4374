package io.cutover.backfill;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rows for one short transaction, in ascending key order, each an array of values in the order
 * of {@link TargetTable#columns()}: a shape a Spark partition iterator or a JDBC cursor fills
 * without copying (Long, Integer, Short, BigDecimal, String, Boolean, OffsetDateTime, Instant,
 * LocalDate, LocalDateTime, byte[]; a JSON value as its text; null).
 */
public record Chunk(TargetTable target, List<Object[]> rows) {

    public Chunk {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) throw new IllegalArgumentException("an empty chunk");
    }

    public int size() {
        return rows.size();
    }

    public Object[] firstKey() {
        return target.keyOf(rows.get(0));
    }

    public Object[] lastKey() {
        return target.keyOf(rows.get(rows.size() - 1));
    }

    /** The chunk's keys as a message names them, e.g. {@code id 100..250}. */
    public String keyRange() {
        return String.join(",", target.key()) + " " + show(firstKey()) + ".." + show(lastKey());
    }

    static String show(Object[] key) {
        String s = Arrays.stream(key).map(String::valueOf).collect(Collectors.joining(","));
        return key.length == 1 ? s : "(" + s + ")";
    }
}
