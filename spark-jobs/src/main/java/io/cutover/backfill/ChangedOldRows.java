package io.cutover.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cutover.mapping.Base36;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.Transform;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.Catalog;
import io.cutover.verify.OldSideRows;
import io.cutover.verify.SourceLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of a written chunk whose old rows changed since the run's snapshot, rebuilt now
 * through the same {@link NewRows} (github/gh-ost#1113). Every app write sets the mirror's
 * {@code updated_on}, so a chunk is re-read only when a mirror row of its key range has a later
 * {@code updated_on} than any write the run's snapshots may miss ({@link OldSideRows#unseenWritesSince()}:
 * the earliest snapshot of all sources, or the oldest transaction open then; Reddit's rows, which have no such column, are
 * re-read with it, by key: the app writes them first); when no source of the entity can be
 * asked that way, every chunk is re-read. The re-read builds the rows of the chunk's key range
 * from reads taken now, and hands back those that differ from what was written (or that the old
 * rows no longer give).
 */
final class ChangedOldRows implements ConcurrentEdits {
    /**
     * A mirror table whose {@code updated_on} says a row changed, and the old column holding the
     * entity's key; {@code toOld} turns a key of the new table into that column's value where the
     * mapping encodes it (a base36 or fullname id), null where the column holds the key as is.
     */
    record Probe(SourceLocation.Database database, String table, String keyColumn, String since, Function<Object, Object> toOld) {}

    private final NewRows rows;
    private final Supplier<OldSideRows> now;
    private final List<Probe> probes;

    ChangedOldRows(NewRows rows, Supplier<OldSideRows> now, List<Probe> probes) {
        this.rows = rows;
        this.now = now;
        this.probes = List.copyOf(probes);
    }

    /** The probes of the entity's live sources: a plain table with {@code updated_on}, keyed by an old column as is or through an id code. */
    static List<Probe> probes(ColumnProviders providers, OldSideRows snapshot, Function<String, Catalog> catalogs) {
        List<Probe> probes = new ArrayList<>();
        if (providers.entity().key().size() != 1) return probes;
        String key = providers.entity().key().get(0);
        for (String source : providers.sources()) {
            if (!(snapshot.location(source) instanceof SourceLocation.Database db)) continue;
            SideSpec side = providers.entity().from().get(source);
            ColumnRule rule = side.ruleForNew(key).orElse(null);
            String since = snapshot.unseenWritesSince();
            if (side.isKeyValue() || rule == null || rule.old() == null || rule.sql() != null || rule.ref() != null
                    || since == null) continue;
            Function<Object, Object> toOld = toOld(rule.transform());
            if (toOld == null && !(rule.transform() instanceof Transform.Identity)) continue;
            Catalog catalog = catalogs.apply(source);
            boolean hasUpdatedOn = catalog != null && catalog.table(side.table()).flatMap(t -> t.column("updated_on")).isPresent();
            if (hasUpdatedOn) probes.add(new Probe(db, side.table(), rule.old(), since, toOld));
        }
        return probes;
    }

    @Override
    public List<Reread> changedSince(Chunk written) {
        if (!probes.isEmpty() && probes.stream().noneMatch(p -> changed(p, written))) return List.of();
        TargetTable target = written.target();
        Map<List<Object>, Object[]> current = new HashMap<>();
        try (OldSideRows reads = now.get()) {
            String k = target.key().get(0);
            boolean oneColumn = target.key().size() == 1;
            Dataset<Row> built = oneColumn ? rows.build(reads, reads, written.firstKey()[0], written.lastKey()[0]) : rows.build(reads, reads);
            Column inRange = oneColumn ? col(k).geq(lit(written.firstKey()[0])).and(col(k).leq(lit(written.lastKey()[0]))) : lit(true);
            for (Row r : built.filter(inRange).collectAsList()) {
                Object[] values = SparkRowValues.of(r);
                current.put(Arrays.asList(target.keyOf(values)), values);
            }
        }
        List<Reread> changed = new ArrayList<>();
        for (Object[] row : written.rows()) {
            Object[] now = current.get(Arrays.asList(target.keyOf(row)));
            if (now == null) changed.add(new Reread(row, null));
            else if (!Arrays.deepEquals(normal(row), normal(now))) changed.add(new Reread(row, now));
        }
        return changed;
    }

    private static Object[] normal(Object[] row) {
        Object[] n = new Object[row.length];
        for (int i = 0; i < row.length; i++) n[i] = row[i] instanceof java.sql.Timestamp t ? t.toInstant() : row[i];
        return n;
    }

    /** The inverse of a key's id code (the old column's value of a new key), or null for any other transform. */
    private static Function<Object, Object> toOld(Transform t) {
        if (t instanceof Transform.Base36Decode) return key -> Base36.encode(((Number) key).longValue());
        if (t instanceof Transform.FullnameDecode f) return key -> Base36.fullname(f.typeNumber(), ((Number) key).longValue());
        if (t instanceof Transform.Base36Encode) return key -> Base36.decode((String) key);
        if (t instanceof Transform.FullnameEncode f) return key -> new Transform.FullnameDecode(f.typeNumber()).apply((String) key);
        return null;
    }

    private static boolean changed(Probe p, Chunk chunk) {
        String sql;
        List<Object> params = new ArrayList<>();
        params.add(p.since());
        if (p.toOld() == null) {
            // Text keys in the chunk's order (code points), not the column's collation.
            String collate = chunk.firstKey()[0] instanceof String ? " COLLATE \"C\"" : "";
            sql = "SELECT EXISTS (SELECT 1 FROM " + TargetTable.quote(p.table()) + " WHERE updated_on >= ?::timestamptz AND "
                    + TargetTable.quote(p.keyColumn()) + collate + " BETWEEN ? AND ?)";
            params.add(chunk.firstKey()[0]);
            params.add(chunk.lastKey()[0]);
        } else {
            // An encoded key keeps no order a range could follow: the chunk's keys, each encoded as the column holds it
            // (canonical lowercase base36, as Reddit writes its ids), looked up through the column's index.
            sql = "SELECT EXISTS (SELECT 1 FROM " + TargetTable.quote(p.table()) + " WHERE updated_on >= ?::timestamptz AND "
                    + TargetTable.quote(p.keyColumn()) + " = ANY (?))";
            params.add(null);
        }
        PostgresServer server = p.database().server();
        try (Connection c = server.connect(p.database().database()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            if (p.toOld() != null) {
                List<Object> encoded = new ArrayList<>(chunk.size());
                for (Object[] row : chunk.rows()) encoded.add(p.toOld().apply(chunk.target().keyOf(row)[0]));
                String type = encoded.isEmpty() || encoded.get(0) instanceof String ? "text" : "bigint";
                ps.setArray(2, c.createArrayOf(type, encoded.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw CutoverException.failure("backfill: cannot ask " + p.table() + " in " + p.database() + " which rows of chunk "
                    + chunk.keyRange() + " changed since " + p.since() + ": " + PostgresServer.describe(e), e);
        }
    }
}
