package io.cutover.verify;

import io.cutover.postgres.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The named peer of the segment pass: data-diff's own method, written as its PostgreSQL driver
 * runs it, for comments against their mirror. Each side's rows (the old ones mapped by hand, as
 * {@code VerifyBenchmark}'s EXCEPT ALL peer maps them) are cut into key segments; per segment each
 * database returns {@code count(*)} and the sum of the low 60 bits of each row's md5 (data-diff's
 * checksum), both sides at once on a connection each. A segment that differs is cut into 32 again
 * while it holds more than 16,384 rows (data-diff's bisection factor and threshold), else its keys
 * and row md5s are downloaded and compared. It gives the differing keys, not why: an unsynced NULL
 * score (which verify knows is no difference) counts as one, as in data-diff.
 */
record DataDiffPeer(double seconds, long segments, long rowsDownloaded, long differingKeys) {
    static final int BISECTION_FACTOR = 32;
    static final int BISECTION_THRESHOLD = 16_384;

    private static final String OLD_ROWS = """
            SELECT c.comment_id AS id, concat_ws('|', p.post_id::text,
                     coalesce(CASE WHEN c.parent_id = p.post_id THEN NULL ELSE c.parent_id END::text, '\\N'),
                     coalesce(u.username, '\\N'), coalesce(c.text, ''), coalesce(c.score::integer::text, '\\N'),
                     coalesce(c.edited, false)::text, coalesce(c.removed, false)::text, coalesce(c.deleted, false)::text,
                     c.created_on::text, c.updated_on::text) AS r
            FROM channels_comment c JOIN channels_post p ON p.id = c.post_id LEFT JOIN auth_user u ON u.id = c.author_id
            WHERE c.comment_id >= ? AND c.comment_id < ?""";
    private static final String NEW_ROWS = """
            SELECT n.id, concat_ws('|', n.post_id::text, coalesce(n.parent_id::text, '\\N'), coalesce(u.username, '\\N'),
                     n.text, n.score::text, n.edited::text, n.removed::text, n.deleted::text, n.created_on::text, n.updated_on::text) AS r
            FROM discussions_comment n LEFT JOIN auth_user u ON u.id = n.author_id
            WHERE n.id >= ? AND n.id < ?""";

    private record Checksum(long count, BigDecimal sum) {}

    static DataDiffPeer commentVsMirror(PostgresServer server, String database) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection oldSide = server.connect(database); Connection newSide = server.connect(database)) {
            oldSide.setReadOnly(true);
            newSide.setReadOnly(true);
            long t0 = System.nanoTime();
            long lo = Math.min(bound(oldSide, "SELECT min(comment_id) FROM channels_comment"),
                    bound(newSide, "SELECT min(id) FROM discussions_comment"));
            long hi = Math.max(bound(oldSide, "SELECT max(comment_id) FROM channels_comment"),
                    bound(newSide, "SELECT max(id) FROM discussions_comment")) + 1;
            Walk walk = new Walk(pool, oldSide, newSide);
            walk.split(lo, hi);
            return new DataDiffPeer((System.nanoTime() - t0) / 1e9, walk.segments, walk.downloaded, walk.differing);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long bound(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final class Walk {
        private final ExecutorService pool;
        private final Connection oldSide, newSide;
        long segments, downloaded, differing;

        Walk(ExecutorService pool, Connection oldSide, Connection newSide) {
            this.pool = pool;
            this.oldSide = oldSide;
            this.newSide = newSide;
        }

        void split(long lo, long hi) throws Exception {
            long width = Math.max(1, (hi - lo + BISECTION_FACTOR - 1) / BISECTION_FACTOR);
            for (long a = lo; a < hi; a += width) segment(a, Math.min(hi, a + width));
        }

        private void segment(long lo, long hi) throws Exception {
            segments++;
            Future<Checksum> o = pool.submit(() -> checksum(oldSide, OLD_ROWS, lo, hi));
            Future<Checksum> n = pool.submit(() -> checksum(newSide, NEW_ROWS, lo, hi));
            Checksum a = o.get(), b = n.get();
            if (a.count() == b.count() && Objects.equals(a.sum(), b.sum())) return;
            if (Math.max(a.count(), b.count()) > BISECTION_THRESHOLD && hi - lo > 1) {
                split(lo, hi);
                return;
            }
            Future<Map<Long, String>> or = pool.submit(() -> rows(oldSide, OLD_ROWS, lo, hi));
            Future<Map<Long, String>> nr = pool.submit(() -> rows(newSide, NEW_ROWS, lo, hi));
            Map<Long, String> left = or.get(), right = nr.get();
            downloaded += left.size() + right.size();
            Set<Long> keys = new HashSet<>(left.keySet());
            keys.addAll(right.keySet());
            for (Long k : keys) if (!Objects.equals(left.get(k), right.get(k))) differing++;
        }
    }

    private static Checksum checksum(Connection c, String rows, long lo, long hi) throws SQLException {
        String sql = "SELECT count(*), coalesce(sum(('x' || substring(md5(r), 18))::bit(60)::bigint), 0) FROM (" + rows + ") s";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lo);
            ps.setLong(2, hi);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Checksum(rs.getLong(1), rs.getBigDecimal(2));
            }
        }
    }

    private static Map<Long, String> rows(Connection c, String rows, long lo, long hi) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, md5(r) FROM (" + rows + ") s")) {
            ps.setLong(1, lo);
            ps.setLong(2, hi);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    /** For the console: what the peer did. */
    String note() {
        return String.format("%,d segments checksummed, %,d rows downloaded, %,d differing keys (an unsynced NULL score counts)",
                segments, rowsDownloaded, differingKeys);
    }
}
