package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import io.cutover.side.BoundedQuery;
import io.cutover.side.PostgresDialect;
import io.cutover.side.Restriction;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * One side's numbers per bucket of a {@link KeyBuckets} level: rows, the sum of their row hashes
 * (exact: PostgreSQL sums them as numeric, Spark as decimal(38,0), the same integer), and the least
 * and greatest key (where to split a bucket). A side in PostgreSQL answers each level with one
 * query, its bounds bound as parameters, inside the snapshot the run holds for its database: only
 * the buckets' numbers cross. A side in Spark (a snapshot, the CSV export, a database read whole)
 * keeps its keys and row hashes once and groups them per level. A row with a NULL key is counted
 * in bucket -1.
 */
abstract class SegmentChecksums {
    /** One bucket's numbers. {@code least}/{@code greatest}: Long or String. */
    record Numbers(long rows, BigDecimal sum, Object least, Object greatest) {
        boolean sameAs(Numbers other) {
            return other != null && rows == other.rows && sum.compareTo(other.sum) == 0;
        }
    }

    static final int NULL_KEY = -1;

    final SegmentQueries queries;

    SegmentChecksums(SegmentQueries queries) {
        this.queries = queries;
    }

    /** Bucket number -> numbers, for the buckets that hold a row. */
    abstract Map<Integer, Numbers> numbers(KeyBuckets level);

    /** Whether it is computed in PostgreSQL (the line of the comparison says where). */
    abstract boolean inPostgres();

    /** Lets go of what it keeps. */
    void release() {}

    /** A side computed in PostgreSQL by its {@link SegmentQueries} query. */
    static final class InPostgres extends SegmentChecksums {
        private final SourceLocation.Database db;
        private final BoundedQuery query;
        private final HeldSnapshot held;

        InPostgres(SegmentQueries queries, SourceLocation.Database db, BoundedQuery query, HeldSnapshot held) {
            super(queries);
            this.db = db;
            this.query = query;
            this.held = held;
        }

        @Override
        boolean inPostgres() {
            return true;
        }

        /** The first key as buckets compare it: an integer, or text by its bytes. */
        private String key() {
            String k = "s." + PostgresDialect.quote("k_" + queries.keys().get(0));
            return queries.textKey() ? PostgresDialect.bytewise("(" + k + ")::text") : "(" + k + ")::bigint";
        }

        private String arrayType() {
            return queries.textKey() ? "text" : "bigint";
        }

        @Override
        Map<Integer, Numbers> numbers(KeyBuckets level) {
            List<Object> parameters = new ArrayList<>();
            List<Object> thresholds = level.thresholds();
            String bucket = "0";
            if (!thresholds.isEmpty()) {
                bucket = "width_bucket(" + key() + ", ?::" + arrayType() + "[])";
                parameters.add(new ArrayParameter(thresholds));
            }
            String anyNull = String.join(" OR ", queries.keys().stream()
                    .map(k -> "s." + PostgresDialect.quote("k_" + k) + " IS NULL").toList());
            String sql = "SELECT CASE WHEN " + anyNull + " THEN " + NULL_KEY + " ELSE " + bucket + " END AS b, count(*), sum(s."
                    + PostgresDialect.quote(PostgresDigestPlanner.ROW_HASH) + "::numeric), min(" + key() + "), max(" + key() + ") FROM ("
                    + query.print(Restriction.all()) + ") s" + where(level.everything() ? List.of() : level.parents(), parameters)
                    + " GROUP BY 1";
            Map<Integer, Numbers> out = new HashMap<>();
            run(sql, parameters, rs -> {
                while (rs.next()) {
                    out.put(rs.getInt(1), new Numbers(rs.getLong(2), rs.getBigDecimal(3), typed(rs, 4), typed(rs, 5)));
                }
            });
            return out;
        }

        /**
         * Per range of {@code parents}, its keys' quantiles at {@code parts} equal steps, bytewise:
         * where to split a text key's buckets. One query for all of them.
         */
        Map<KeyBuckets.Range, List<String>> quantiles(List<KeyBuckets.Range> parents, int parts) {
            KeyBuckets grouped = new KeyBuckets(parents, parents);
            List<Object> parameters = new ArrayList<>();
            List<Object> thresholds = grouped.thresholds();
            String bucket = thresholds.isEmpty() ? "0" : "width_bucket(" + key() + ", ?::text[])";
            if (!thresholds.isEmpty()) parameters.add(new ArrayParameter(thresholds));
            List<String> fractions = new ArrayList<>();
            for (int i = 1; i < parts; i++) fractions.add(Double.toString((double) i / parts));
            String sql = "SELECT " + bucket + " AS b, percentile_disc(ARRAY[" + String.join(", ", fractions) + "]::float8[]) "
                    + "WITHIN GROUP (ORDER BY " + key() + ") FROM (" + query.print(Restriction.all()) + ") s"
                    + where(parents, parameters) + " GROUP BY 1";
            Map<KeyBuckets.Range, List<String>> out = new HashMap<>();
            run(sql, parameters, rs -> {
                while (rs.next()) {
                    KeyBuckets.Range r = grouped.bucketAt(rs.getInt(1));
                    if (r != null) out.put(r, List.of((String[]) rs.getArray(2).getArray()));
                }
            });
            return out;
        }

        /** Rows whose first key is in one of the ranges (never a NULL key), each bound a parameter. */
        private String where(List<KeyBuckets.Range> ranges, List<Object> parameters) {
            if (ranges.isEmpty()) return "";
            List<String> any = new ArrayList<>();
            for (KeyBuckets.Range r : ranges) {
                List<String> both = new ArrayList<>();
                if (r.from() != null) {
                    both.add(key() + " >= ?");
                    parameters.add(r.from());
                }
                if (r.to() != null) {
                    both.add(key() + " < ?");
                    parameters.add(r.to());
                }
                any.add(both.isEmpty() ? key() + " IS NOT NULL" : "(" + String.join(" AND ", both) + ")");
            }
            return " WHERE " + String.join(" OR ", any);
        }

        private Object typed(ResultSet rs, int column) throws SQLException {
            if (rs.getObject(column) == null) return null;
            return queries.textKey() ? rs.getString(column) : (Object) rs.getLong(column);
        }

        private record ArrayParameter(List<Object> values) {}

        private interface Reading {
            void read(ResultSet rs) throws SQLException;
        }

        /**
         * One statement in the run's snapshot of the database (a transaction of its own that imports
         * it, as every reader of the pass does), in UTC, read-only.
         */
        private void run(String sql, List<Object> parameters, Reading reading) {
            try (Connection c = db.server().connect(db.database())) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute(held != null ? held.readerInitStatement()
                            : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL TIME ZONE 'UTC'");
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        Object p = parameters.get(i);
                        if (p instanceof ArrayParameter a) {
                            Array array = c.createArrayOf(arrayType(), a.values().toArray());
                            ps.setArray(i + 1, array);
                        } else if (p instanceof Long l) {
                            ps.setLong(i + 1, l);
                        } else {
                            ps.setString(i + 1, (String) p);
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        reading.read(rs);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                throw CutoverException.failure("cannot read the segment checksums from " + db + ": " + PostgresServer.describe(e), e);
            }
        }
    }

    /** A side computed in Spark from its rows ({@code k_*}, {@code v_*}), kept narrow once for every level. */
    static final class InSpark extends SegmentChecksums {
        private final Dataset<Row> hashed;

        InSpark(SegmentQueries queries, Dataset<Row> rows) {
            super(queries);
            String k = "k_" + queries.keys().get(0);
            this.hashed = rows.selectExpr("CAST(" + k + " AS " + (queries.textKey() ? "STRING" : "BIGINT") + ") AS k",
                    "(" + queries.anyKeyNull("") + ") AS nk", queries.sparkRowHash() + " AS h")
                    .persist(StorageLevel.MEMORY_AND_DISK());
        }

        @Override
        boolean inPostgres() {
            return false;
        }

        @Override
        Map<Integer, Numbers> numbers(KeyBuckets level) {
            List<Object> thresholds = level.thresholds();
            String bucket = thresholds.isEmpty() ? "0"
                    : "size(filter(array(" + String.join(", ", thresholds.stream().map(this::literal).toList()) + "), x -> x <= "
                    + (queries.textKey() ? "CAST(k AS BINARY)" : "k") + "))";
            Dataset<Row> rows = hashed;
            if (!level.everything()) rows = rows.where("NOT nk AND (" + inRanges(queries, "k", level.parents()) + ")");
            List<Row> grouped = rows.selectExpr("CASE WHEN nk THEN " + NULL_KEY + " ELSE " + bucket + " END AS b", "k", "h")
                    .groupBy("b").agg(functions.count(functions.lit(1)), functions.sum(col("h").cast("decimal(38,0)")),
                            functions.min("k"), functions.max("k"))
                    .collectAsList();
            Map<Integer, Numbers> out = new HashMap<>();
            for (Row r : grouped) {
                out.put(r.getInt(0), new Numbers(r.getLong(1), r.getDecimal(2), r.isNullAt(3) ? null : r.get(3),
                        r.isNullAt(4) ? null : r.get(4)));
            }
            return out;
        }

        private String literal(Object value) {
            return SegmentChecksums.literal(queries, value);
        }

        @Override
        void release() {
            hashed.unpersist();
        }
    }

    /**
     * A Spark condition: {@code key} (the first key, typed as buckets compare it) is in one of the
     * ranges. Text is compared as bytes: a string comparison pushed into a live read would follow
     * the database's collation, not Spark's order.
     */
    static String inRanges(SegmentQueries queries, String key, List<KeyBuckets.Range> ranges) {
        if (ranges.isEmpty()) return "false";
        String k = queries.textKey() ? "CAST(" + key + " AS BINARY)" : key;
        List<String> any = new ArrayList<>();
        for (KeyBuckets.Range r : ranges) {
            List<String> both = new ArrayList<>();
            if (r.from() != null) both.add(k + " >= " + literal(queries, r.from()));
            if (r.to() != null) both.add(k + " < " + literal(queries, r.to()));
            any.add(both.isEmpty() ? key + " IS NOT NULL" : "(" + String.join(" AND ", both) + ")");
        }
        return String.join(" OR ", any);
    }

    /** A key bound as Spark SQL: an integer, or text as its UTF-8 bytes (a binary literal). */
    private static String literal(SegmentQueries queries, Object value) {
        if (!queries.textKey()) return value + "L";
        StringBuilder hex = new StringBuilder("X'");
        for (byte b : ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8)) hex.append(String.format("%02X", b));
        return hex.append("'").toString();
    }
}
