package io.cutover.bicheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what the old query returned on the old tables with what its rewrite returned on
 * the new: column names, then rows, in order when the query orders (else as multisets);
 * floating point values within a relative tolerance.
 */
final class ResultComparison {
    static final double TOLERANCE = 1e-9;

    record Outcome(boolean equal, String detail) {}

    private ResultComparison() {}

    static Outcome compare(QueryResult old, QueryResult now, boolean ordered) {
        if (!old.columns().equals(now.columns())) {
            return new Outcome(false, "columns differ: " + old.columns() + " vs " + now.columns());
        }
        if (old.rows().size() != now.rows().size()) {
            List<List<List<Object>>> left = unmatched(old.rows(), now.rows());
            return new Outcome(false, "row counts differ: " + old.rows().size() + " vs " + now.rows().size()
                    + sample(left.get(0), left.get(1)));
        }
        if (ordered) {
            for (int i = 0; i < old.rows().size(); i++) {
                if (!rowEquals(old.rows().get(i), now.rows().get(i))) {
                    boolean sameRows = compare(old, now, false).equal();
                    return new Outcome(false, (sameRows ? "same rows in another order; first at " : "")
                            + "row " + (i + 1) + ": " + old.rows().get(i) + " vs " + now.rows().get(i));
                }
            }
            return new Outcome(true, "equal, " + old.rows().size() + " rows in order");
        }
        List<List<List<Object>>> left = unmatched(old.rows(), now.rows());
        List<List<Object>> unmatchedOld = left.get(0), unmatchedNew = left.get(1);
        if (unmatchedOld.isEmpty()) return new Outcome(true, "equal, " + old.rows().size() + " rows");
        return new Outcome(false, unmatchedOld.size() + " of " + old.rows().size() + " rows differ" + sample(unmatchedOld, unmatchedNew));
    }

    /** Multisets: the old rows and the new rows left after matching equal ones (exact key first, then tolerant). */
    private static List<List<List<Object>>> unmatched(List<List<Object>> oldRows, List<List<Object>> newRows) {
        Map<List<Object>, Integer> exact = new HashMap<>();
        for (List<Object> r : newRows) exact.merge(key(r), 1, Integer::sum);
        List<List<Object>> unmatchedOld = new ArrayList<>();
        for (List<Object> r : oldRows) {
            Integer n = exact.get(key(r));
            if (n != null && n > 0) exact.put(key(r), n - 1);
            else unmatchedOld.add(r);
        }
        List<List<Object>> unmatchedNew = new ArrayList<>();
        for (List<Object> r : newRows) {
            Integer n = exact.get(key(r));
            if (n != null && n > 0) {
                unmatchedNew.add(r);
                exact.put(key(r), n - 1);
            }
        }
        for (List<Object> r : new ArrayList<>(unmatchedOld)) {
            for (int i = 0; i < unmatchedNew.size(); i++) {
                if (rowEquals(r, unmatchedNew.get(i))) {
                    unmatchedOld.remove(r);
                    unmatchedNew.remove(i);
                    break;
                }
            }
        }
        return List.of(unmatchedOld, unmatchedNew);
    }

    /** Doubles are rounded for the exact bucket; the tolerant pass decides. */
    private static List<Object> key(List<Object> row) {
        List<Object> k = new ArrayList<>(row.size());
        for (Object v : row) k.add(v instanceof Double d ? (Object) Math.round(d * 1e6) : v);
        return k;
    }

    static boolean rowEquals(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) if (!valueEquals(a.get(i), b.get(i))) return false;
        return true;
    }

    static boolean valueEquals(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.equals(y) || Math.abs(x - y) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
        }
        return Objects.equals(a, b);
    }

    private static String sample(List<List<Object>> old, List<List<Object>> now) {
        return "; e.g. old " + (old.isEmpty() ? "-" : old.get(0)) + ", new " + (now.isEmpty() ? "-" : now.get(0));
    }
}
