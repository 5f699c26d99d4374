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
 * {@code --pushdown} allows ({@link PushdownDecision}: on; auto on a server of its own, or on this
 * machine for a comparison whose segments are both computed in PostgreSQL with nothing left per row) computes
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
    private final Map<ComparisonPlan, PushdownDecision> perComparison = new HashMap<>();

    DigestPushdown(SparkSession spark, java.util.function.Supplier<TableReader> reader, VerifySpec spec) {
        this.spark = spark;
        this.reader = reader;
        this.spec = spec;
    }

    /**
     * Where the comparison's digests are computed and the line that says so; under {@code auto}
     * on a server of this machine the line opens with what auto chose for the comparison, and why.
     */
    Placement placement(ComparisonPlan plan) {
        Placement placed = placed(plan);
        String auto = autoChoice(plan);
        if (auto == null) return placed;
        return new Placement(placed.oldInPostgres(), placed.newInPostgres(), placed.note() == null ? auto : auto + "; " + placed.note());
    }

    private Placement placed(ComparisonPlan plan) {
        ComparisonPlan.CrossEngine c = plan.crossEngine();
        if (spec.pushdown() == Pushdown.OFF || c == null || spec.recheck() != null || spec.since() != null || plan.narrowRows()) {
            return Placement.SPARK;
        }
        SourceLocation oldAt = spec.sources().get(plan.source());
        List<String> notes = new ArrayList<>();
        boolean old = inPostgres(plan, oldAt, c.oldPostgres(), c.oldWhyNot(), "old", notes);
        boolean newSide = inPostgres(plan, spec.target(), c.newPostgres(), c.newWhyNot(), "new", notes);
        if (!old && !newSide) return Placement.SPARK;
        return new Placement(old, newSide, "digests: " + String.join("; ", notes));
    }

    private boolean inPostgres(ComparisonPlan plan, SourceLocation at, PostgresDigest digest, String whyNot, String which,
                               List<String> notes) {
        if (!(at instanceof SourceLocation.Database db)) {
            notes.add(which + " side in Spark (" + at + ")");
            return false;
        }
        PushdownDecision decided = decision(plan, db);
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
     * What --pushdown decides for one comparison reading {@code db}: the database's decision, or,
     * for auto on a server of this machine, the comparison's own, decided once per comparison.
     */
    PushdownDecision decision(ComparisonPlan plan, SourceLocation.Database db) {
        PushdownDecision server = decision(db);
        if (!server.perComparison()) return server;
        return perComparison.computeIfAbsent(plan, p -> PushdownDecision.forComparison(whyNotSegmentsInPostgres(p),
                p.crossEngine() == null || p.crossEngine().segments() == null ? List.of()
                        : p.crossEngine().segments().perRow().stream().map(ComparedColumn::name).toList()));
    }

    /** What auto chose for a comparison of a full run, when a database it reads decides per comparison; else null. */
    private String autoChoice(ComparisonPlan plan) {
        if (spec.restricted()) return null;
        for (SourceLocation at : List.of(spec.sources().get(plan.source()), spec.target())) {
            if (at instanceof SourceLocation.Database db && decision(db).perComparison()) return decision(plan, db).reason();
        }
        return null;
    }

    /** Why the comparison's segments are not computed in PostgreSQL on both sides, or null when they are. */
    private String whyNotSegmentsInPostgres(ComparisonPlan plan) {
        if (spec.restricted()) return "a --recheck or --since run reads few rows";
        ComparisonPlan.CrossEngine c = plan.crossEngine();
        SegmentQueries q = c == null ? null : c.segments();
        if (q == null) return "the comparison has no PostgreSQL form";
        if (q.whyNot() != null) return "no segment pass (" + q.whyNot() + ")";
        if (!plan.oldKeyUnique() && !plan.newKeyUnique()) return "no segment pass (neither side's key is unique)";
        String old = whyNotInPostgres(spec.sources().get(plan.source()), q.oldQuery(), q.oldWhyNot(), "old");
        return old != null ? old : whyNotInPostgres(spec.target(), q.newQuery(), q.newWhyNot(), "new");
    }

    private String whyNotInPostgres(SourceLocation at, io.cutover.side.BoundedQuery query, String whyNot, String which) {
        if (!(at instanceof SourceLocation.Database db)) return which + " side hashed in Spark (" + at + ")";
        if (query == null) return which + " side hashed in Spark (" + whyNot + ")";
        String why = unusable(db);
        if (why == null) why = rejected(db, query.print(io.cutover.side.Restriction.all()));
        return why == null ? null : which + " side hashed in Spark (" + why + ")";
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

    /** Why a live database computes nothing for the comparison (--pushdown, or a server that cannot), or null when it computes. */
    String whyNotInPostgres(ComparisonPlan plan, SourceLocation.Database db) {
        PushdownDecision decided = decision(plan, db);
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
