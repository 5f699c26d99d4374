package io.cutover.backfill;

import io.cutover.mapping.AggregateCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored total recomputed as the mapping's aggregate check defines it ({@code table.value} =
 * {@code expr} over the rows of the aggregate table joined by key, 0 when there are none, as
 * verify recounts it), from the target's rows once the entity it counts is loaded. Per chunk of
 * the table's keys: the rows are locked ({@code FOR UPDATE}: an app transaction adding a
 * counted row takes a key-share lock on it through its foreign key and is waited for, or waits),
 * recounted in a second statement (which sees what such a transaction committed), and each
 * differing total is written as a compare-and-set on the value read. A total that still shows
 * exactly the drift the old sources share ({@link InheritedDrift}) is left as copied: verify's
 * check calls it inherited and its row comparison expects the copied value.
 */
final class AggregateStep implements DerivedStep.Derivation {
    private final AggregateCheck check;
    private final String tableKey;
    private final String aggregateKey;
    private Map<String, long[]> inherited = Map.of();
    private long keptInherited;

    private AggregateStep(AggregateCheck check, String tableKey, String aggregateKey) {
        this.check = check;
        this.tableKey = tableKey;
        this.aggregateKey = aggregateKey;
    }

    /** The step for a check joined on one column; null for a check joined on several (verify still checks it). */
    static AggregateStep of(AggregateCheck check) {
        if (check.join().size() != 1) return null;
        Map.Entry<String, String> on = check.join().entrySet().iterator().next();
        return new AggregateStep(check, on.getValue(), on.getKey());
    }

    /** The key column of the checked table the recount goes by. */
    String tableKey() {
        return tableKey;
    }

    /**
     * The old data's own drift ({@link InheritedDrift}): a total still holding exactly the stored
     * value and recount the old sources share is left as copied.
     */
    AggregateStep inheriting(Map<String, long[]> drift) {
        this.inherited = Map.copyOf(drift);
        return this;
    }

    AggregateCheck check() {
        return check;
    }

    @Override
    public String name() {
        return check.name();
    }

    @Override
    public String tables() {
        return check.table() + "." + check.value();
    }

    @Override
    public String drivingTable() {
        return check.table();
    }

    @Override
    public String drivingKey() {
        return tableKey;
    }

    @Override
    public DerivedStep.Counts apply(Connection c, List<Object> keys) throws SQLException {
        String t = TargetTable.quote(check.table()), k = TargetTable.quote(tableKey), v = TargetTable.quote(check.value());
        Object first = keys.get(0), last = keys.get(keys.size() - 1);
        try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM " + t + " WHERE " + k + " >= ? AND " + k + " <= ? ORDER BY "
                + k + " FOR UPDATE")) {
            lock.setObject(1, first);
            lock.setObject(2, last);
            lock.executeQuery().close();
        }
        List<Object[]> differing = new ArrayList<>();
        long unchanged = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT t." + k + ", t." + v + ", CAST(coalesce((SELECT " + check.expr()
                + " FROM " + TargetTable.quote(check.aggregateTable()) + " a WHERE a." + TargetTable.quote(aggregateKey) + " = t." + k
                + "), 0) AS bigint) FROM " + t + " t WHERE t." + k + " >= ? AND t." + k + " <= ?")) {
            ps.setObject(1, first);
            ps.setObject(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object held = rs.getObject(2);
                    long recount = rs.getLong(3);
                    long[] drift = inherited.get(String.valueOf(rs.getObject(1)));
                    if (held instanceof Number n && n.longValue() == recount) {
                        unchanged++;
                    } else if (drift != null && held instanceof Number n && n.longValue() == drift[0] && recount == drift[1]) {
                        unchanged++;
                        keptInherited++;
                    } else {
                        differing.add(new Object[] {rs.getObject(1), held, recount});
                    }
                }
            }
        }
        long written = 0;
        if (!differing.isEmpty()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + t + " SET " + v + " = ? WHERE " + k + " = ? AND " + v
                    + " IS NOT DISTINCT FROM ?")) {
                for (Object[] d : differing) {
                    up.setLong(1, (Long) d[2]);
                    up.setObject(2, d[0]);
                    up.setObject(3, d[1]);
                    up.addBatch();
                }
                for (int n : up.executeBatch()) if (n > 0) written += n;
            }
        }
        return new DerivedStep.Counts(written, unchanged, differing.size() - written);
    }

    @Override
    public String detail() {
        return String.format("%,d total(s) left as the old data has them (its own drift, alike in every old source: inherited)",
                keptInherited);
    }

    @Override
    public String toString() {
        return Objects.toString(check.name());
    }
}
