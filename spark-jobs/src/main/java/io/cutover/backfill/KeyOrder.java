package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Keys in the order a checkpoint relies on: numbers by value, text by code unit (PostgreSQL's
 * {@code COLLATE "C"} order, which a row builder must sort text keys by), column by column.
 * Rows must arrive in strictly ascending key order; rows at or before the checkpoint's key
 * were done by an earlier run and are passed over.
 */
final class KeyOrder {
    private final String entity;
    private final TargetTable target;
    private final List<String> resumeAfter;
    private Object[] previous;

    KeyOrder(String entity, TargetTable target, List<String> resumeAfter) {
        this.entity = entity;
        this.target = target;
        this.resumeAfter = resumeAfter;
    }

    /** False for a row an earlier run did; fails (exit 3) on a row out of key order or with a NULL key. */
    boolean admit(Object[] row) {
        if (row.length != target.columns().size()) {
            throw new IllegalArgumentException("backfill of " + entity + ": a row of " + row.length + " values for "
                    + target.columns().size() + " columns " + target.columns());
        }
        Object[] key = target.keyOf(row);
        for (Object k : key) {
            if (k == null) throw CutoverException.failure("backfill of " + entity + ": a row with a NULL key " + target.key(), null);
        }
        if (!resumeAfter.isEmpty() && compareToText(key, resumeAfter) <= 0) return false;
        if (previous != null && compare(previous, key) >= 0) {
            throw CutoverException.failure("backfill of " + entity + ": rows out of key order (" + Chunk.show(key) + " after "
                    + Chunk.show(previous) + "); the checkpoint needs them strictly ascending by " + target.key(), null);
        }
        previous = key;
        return true;
    }

    static int compare(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compareValue(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Against a checkpoint's key, read back as text: each value parsed as the row's value is typed. */
    static int compareToText(Object[] key, List<String> stored) {
        for (int i = 0; i < key.length; i++) {
            Object s = key[i] instanceof Number ? new BigDecimal(stored.get(i)) : stored.get(i);
            int c = compareValue(key[i], s);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int compareValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y));
        return a.toString().compareTo(b.toString());
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                : BigDecimal.valueOf(n.longValue());
    }
}
