package io.cutover.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
 * {@code updated_on} than the snapshot's time (Reddit's rows, which have no such column, are
 * re-read with it, by key: the app writes them first); when no source of the entity can be
 * asked that way, every chunk is re-read. The re-read builds the rows of the chunk's key range
 * from reads taken now, and hands back those that differ from what was written (or that the old
 * rows no longer give).
 */
final class ChangedOldRows implements ConcurrentEdits {
    /** A mirror table whose {@code updated_on} says a row changed, and the old column holding the entity's key. */
    record Probe(SourceLocation.Database database, String table, String keyColumn, String since) {}

    private final NewRows rows;
    private final Supplier<OldSideRows> now;
    private final List<Probe> probes;

    ChangedOldRows(NewRows rows, Supplier<OldSideRows> now, List<Probe> probes) {
        this.rows = rows;
        this.now = now;
        this.probes = List.copyOf(probes);
    }

    /** The probes of the entity's live sources: a plain table with {@code updated_on}, keyed by an old column as is. */
    static List<Probe> probes(ColumnProviders providers, OldSideRows snapshot, Function<String, Catalog> catalogs) {
        List<Probe> probes = new ArrayList<>();
        if (providers.entity().key().size() != 1) return probes;
        String key = providers.entity().key().get(0);
        for (String source : providers.sources()) {
            if (!(snapshot.location(source) instanceof SourceLocation.Database db)) continue;
            SideSpec side = providers.entity().from().get(source);
            ColumnRule rule = side.ruleForNew(key).orElse(null);
            String since = snapshot.snapshotTakenAt(source);
            if (side.isKeyValue() || rule == null || rule.old() == null || rule.sql() != null || rule.ref() != null
                    || !(rule.transform() instanceof Transform.Identity) || since == null) continue;
            Catalog catalog = catalogs.apply(source);
            boolean hasUpdatedOn = catalog != null && catalog.table(side.table()).flatMap(t -> t.column("updated_on")).isPresent();
            if (hasUpdatedOn) probes.add(new Probe(db, side.table(), rule.old(), since));
        }
        return probes;
    }

    @Override
    public List<Reread> changedSince(Chunk written) {
        if (!probes.isEmpty() && probes.stream().noneMatch(p -> changed(p, written))) return List.of();
        TargetTable target = written.target();
        Map<List<Object>, Object[]> current = new HashMap<>();
        try (OldSideRows reads = now.get()) {
            Dataset<Row> built = rows.build(reads, reads);
            String k = target.key().get(0);
            Column inRange = target.key().size() == 1
                    ? col(k).geq(lit(written.firstKey()[0])).and(col(k).leq(lit(written.lastKey()[0]))) : lit(true);
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

    private static boolean changed(Probe p, Chunk chunk) {
        // Text keys in the chunk's order (code points), not the column's collation.
        String collate = chunk.firstKey()[0] instanceof String ? " COLLATE \"C\"" : "";
        String sql = "SELECT EXISTS (SELECT 1 FROM " + TargetTable.quote(p.table()) + " WHERE updated_on > ?::timestamptz AND "
                + TargetTable.quote(p.keyColumn()) + collate + " BETWEEN ? AND ?)";
        PostgresServer server = p.database().server();
        try (Connection c = server.connect(p.database().database()); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.since());
            ps.setObject(2, chunk.firstKey()[0]);
            ps.setObject(3, chunk.lastKey()[0]);
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
