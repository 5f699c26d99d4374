package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where each side's pass-1 digest of a comparison is computed. A live PostgreSQL side that
 * {@code --pushdown} allows ({@link PushdownDecision}: on, or auto on a server of its own) computes
 * it in PostgreSQL ({@link PostgresDigest}: keys and 64-bit hashes cross JDBC, not wide text)
 * when the run is a full one (a --recheck or --since run reads few rows and hashes in Spark),
 * the comparison's rows are not all narrow (narrow rows are read whole once and serve both
 * passes), the database's encoding is UTF8 (PostgreSQL's md5 hashes the encoding's bytes) and
 * the server is PostgreSQL 14 or newer (an exact numeric {@code extract(epoch ...)}). When one
 * side is pushed down, the other is hashed with the same {@link CrossEngineHash} in Spark.
 */
final class DigestPushdown {
    /** Where the two digests are computed, and the line that says so. */
    record Placement(boolean oldInPostgres, boolean newInPostgres, String note) {
        static final Placement SPARK = new Placement(false, false, null);

        boolean crossEngine() {
            return oldInPostgres || newInPostgres;
        }
    }

    private final SparkSession spark;
    /** The run's current reader: its reads import the snapshots the run holds. */
    private final java.util.function.Supplier<TableReader> reader;
    private final VerifySpec spec;
    private final Map<String, String> unusable = new HashMap<>();
    private final Map<String, PushdownDecision> decisions = new HashMap<>();

    DigestPushdown(SparkSession spark, java.util.function.Supplier<TableReader> reader, VerifySpec spec) {
        this.spark = spark;
        this.reader = reader;
        this.spec = spec;
    }

    Placement placement(ComparisonPlan plan) {
        ComparisonPlan.CrossEngine c = plan.crossEngine();
        if (spec.pushdown() == Pushdown.OFF || c == null || spec.recheck() != null || spec.since() != null || plan.narrowRows()) {
            return Placement.SPARK;
        }
        SourceLocation oldAt = spec.sources().get(plan.source());
        List<String> notes = new ArrayList<>();
        boolean old = inPostgres(oldAt, c.oldPostgres(), c.oldWhyNot(), "old", notes);
        boolean newSide = inPostgres(spec.target(), c.newPostgres(), c.newWhyNot(), "new", notes);
        if (!old && !newSide) return Placement.SPARK;
        return new Placement(old, newSide, "digests: " + String.join("; ", notes));
    }

    private boolean inPostgres(SourceLocation at, PostgresDigest digest, String whyNot, String which, List<String> notes) {
        if (!(at instanceof SourceLocation.Database db)) {
            notes.add(which + " side in Spark (" + at + ")");
            return false;
        }
        PushdownDecision decided = decision(db);
        String why = !decided.inPostgres() ? decided.reason() : digest == null ? whyNot : unusable(db);
        if (why == null) why = rejected(db, digest);
        if (why != null) {
            notes.add(which + " side in Spark: " + why);
            return false;
        }
        notes.add(which + " side in PostgreSQL" + (digest.inSpark().isEmpty() ? ""
                : ", hashed in Spark: " + String.join(", ", digest.inSpark())));
        return true;
    }

    /** What --pushdown decides for one database, decided once per database. */
    PushdownDecision decision(SourceLocation.Database db) {
        return decisions.computeIfAbsent(db.toString(), k -> PushdownDecision.of(spec.pushdown(), db));
    }

    /**
     * What --pushdown decided for the live databases of the run, one line per distinct decision
     * ("auto: PostgreSQL at localhost runs on this machine ..."), for the run's header and its
     * report; empty when no side is a live database.
     */
    List<String> decisions() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        List<SourceLocation> all = new ArrayList<>(spec.sources().values());
        all.add(spec.target());
        for (SourceLocation at : all) {
            if (at instanceof SourceLocation.Database db) out.add(decision(db).reason());
        }
        return List.copyOf(out);
    }

    /** Why a live database computes nothing in this run (--pushdown, or a server that cannot), or null when it computes. */
    String whyNotInPostgres(SourceLocation.Database db) {
        PushdownDecision decided = decision(db);
        return !decided.inPostgres() ? decided.reason() : unusable(db);
    }

    /** Why a database cannot compute the digests, or null when it can. Asked once per database. */
    private String unusable(SourceLocation.Database db) {
        return unusable.computeIfAbsent(db.toString(), k -> {
            try (Connection c = db.server().connect(db.database()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_encoding'), current_setting('server_version_num')::int")) {
                rs.next();
                if (!rs.getString(1).equals("UTF8")) return "its encoding is " + rs.getString(1) + ", not UTF8, so md5 would hash other bytes";
                if (rs.getInt(2) < 140000) return "PostgreSQL before 14 extracts epochs as doubles";
                return "";
            } catch (SQLException e) {
                throw CutoverException.failure("cannot read the settings of " + db + ": " + PostgresServer.describe(e), e);
            }
        }).transform(s -> s.isEmpty() ? null : s);
    }

    /**
     * Why PostgreSQL refuses the digest query (it plans it without reading a row), or null. A
     * portable expression can still meet a type PostgreSQL will not coerce, as Spark would: that
     * side is then computed in Spark rather than failing the run.
     */
    private static String rejected(SourceLocation.Database db, PostgresDigest digest) {
        return rejected(db, digest.sql());
    }

    static String rejected(SourceLocation.Database db, String sql) {
        try (Connection c = db.server().connect(db.database()); Statement st = c.createStatement()) {
            c.setReadOnly(true);
            st.execute("EXPLAIN " + sql);
            return null;
        } catch (SQLException e) {
            // Syntax or access rule (42), a constant that is no value of its type (22), a feature not supported (0A).
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("42") || state.startsWith("22") || state.startsWith("0A")) {
                return "PostgreSQL does not accept its query (" + PostgresServer.describe(e) + ")";
            }
            throw CutoverException.failure("cannot plan the digest query in " + db + ": " + PostgresServer.describe(e), e);
        }
    }

    /** The old side's digest: from PostgreSQL, or hashed across engines in Spark (its views registered). */
    Dataset<Row> oldDigest(ComparisonPlan plan, Placement placed) {
        if (placed.oldInPostgres()) {
            return read((SourceLocation.Database) spec.sources().get(plan.source()), plan.crossEngine().oldPostgres(), "o");
        }
        return spark.sql(plan.crossEngine().oldSparkDigestSql());
    }

    Dataset<Row> newDigest(ComparisonPlan plan, Placement placed) {
        if (placed.newInPostgres()) return read((SourceLocation.Database) spec.target(), plan.crossEngine().newPostgres(), "n");
        return spark.sql(plan.crossEngine().newSparkDigestSql());
    }

    /**
     * One side's whole rows for a few keys, computed in PostgreSQL with the keys in its WHERE
     * clause, or null when that side cannot be (not live, no PostgreSQL form, a key that is no
     * column of its table, pushdown off): it is then built in Spark from narrowed reads.
     */
    Dataset<Row> rowsForKeys(SourceLocation at, PostgresDigest rows, java.util.Collection<?> keys, String alias) {
        if (spec.pushdown() == Pushdown.OFF || rows == null || keys == null || !(at instanceof SourceLocation.Database db)) return null;
        String sql = rows.forKeys(keys);
        if (sql == null || unusable(db) != null || rejected(db, sql) != null) return null;
        return reader.get().query(db, sql).alias(alias)
                .selectExpr(rows.completion().toArray(String[]::new));
    }

    private Dataset<Row> read(SourceLocation.Database db, PostgresDigest digest, String alias) {
        return reader.get().query(db, digest.query(), digest.primaryTable(), digest.splitColumn()).alias(alias)
                .selectExpr(digest.completion().toArray(String[]::new));
    }
}
