package io.cutover.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The two select lists of a digest: hashes the row alone can give, taken in an inner query
 * over the side's table (before any join), and the rest, taken after the joins.
 */
final class DigestSelect {
    final String alias;
    final List<String> inner = new ArrayList<>();
    final List<String> outer = new ArrayList<>();
    /** {@link CrossEngineHash} instead of xxhash64: the other side is hashed in PostgreSQL. */
    final boolean crossEngine;

    DigestSelect(String alias, List<String> keys, List<String> keyValues, boolean crossEngine) {
        this.alias = alias;
        this.crossEngine = crossEngine;
        for (int i = 0; i < keys.size(); i++) outer.add(keyValues.get(i) + " AS k_" + keys.get(i));
    }

    /**
     * A lenient column travels as its value; any other as its hash, inner when it can be
     * ({@code local}: the value needs no joined row and no subquery).
     */
    void add(ComparedColumn c, String value, boolean local) {
        if (c.lenient()) {
            outer.add(value + " AS v_" + c.name());
        } else if (local) {
            inner.add(hash(c, value) + " AS `cutover_h_" + c.name() + "`");
            outer.add(alias + ".`cutover_h_" + c.name() + "` AS h_" + c.name());
        } else {
            outer.add(hash(c, value) + " AS h_" + c.name());
        }
    }

    String hash(ComparedColumn c, String value) {
        return crossEngine ? CrossEngineHash.spark(c, value) : ComparisonPlanner.columnHash(c, value);
    }

    String sql(String from, String where, String joins) {
        String innerSql = "SELECT " + alias + ".*" + (inner.isEmpty() ? "" : ", " + String.join(", ", inner))
                + " FROM " + from + " " + alias + where;
        return "SELECT " + String.join(", ", outer) + " FROM (" + innerSql + ") " + alias + joins;
    }
}
