package io.cutover.backfill;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.NewTables;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.spark.SparkSessions;
import io.cutover.testing.PeakMemory;
import io.cutover.verify.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Not a test: on a demo world whose new tables are empty, times {@code cutover backfill} entity by
 * entity and in all (rows/s, chunks, peak heap per entity, peak RSS), then two peers on the same
 * data, each into a freshly emptied {@code discussions_comment}: the SQL a DBA writes inside
 * PostgreSQL from what the mirror holds ({@code INSERT ... SELECT ... FROM channels_comment JOIN
 * ...}, the fastest copy there is), and the way a Django backpopulate writes (one {@code INSERT}
 * per row, one transaction per row, over JDBC: a sample of rows timed and extrapolated). The
 * world's comments and their trees are put back as the backfill wrote them at the end. Run it with
 * {@code bin/bench-backfill}.
 */
@Command(name = "bench-backfill", mixinStandardHelpOptions = true)
public final class BackfillBenchmark implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = "--scale", defaultValue = "small", description = "tiny, small or large. Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = "--out", defaultValue = "/tmp/bench-backfill", paramLabel = "DIR")
    Path out;

    @Option(names = "--world", paramLabel = "DIR",
            description = "Reuse a demo world made by `cutover demo --out DIR` on the named server (databases reddit and app);"
                    + " its new tables are emptied first (TRUNCATE: keys, indexes and identities kept).")
    Path worldDir;

    @Option(names = "--per-row-sample", defaultValue = "2000", paramLabel = "N",
            description = "Rows the per-row peer writes before its time is extrapolated to the table. Default: ${DEFAULT-VALUE}.")
    int perRowSample;

    /** Every new table a backfill fills, and the trees that hang on the comments (their foreign keys). */
    private static final List<String> NEW_TABLES = List.of("discussions_channel", "discussions_post", "discussions_comment",
            "discussions_postvote", "discussions_commentvote", "discussions_newcommenttreenode", "discussions_oldcommenttreenode",
            "discussions_bestcommenttreenode");
    private static final String COMMENT_TREES = "discussions_newcommenttreenode, discussions_oldcommenttreenode, "
            + "discussions_bestcommenttreenode";

    /** The comment columns, in the order both peers write them. */
    private static final String COLUMNS = "id, created_on, updated_on, post_id, parent_id, author_id, text, score, edited, removed,"
            + " deleted, reports_ignored";

    /**
     * The DBA's copy from the mirror, the columns mapped by hand as the mapping says: the post by
     * its Reddit id, a top-level comment's parent (the mirror holds the post's id there) as NULL,
     * the same users (auth_user is shared), COALESCE defaults; an unsynced NULL score as 0.
     */
    static final String MAPPED_FROM_MIRROR = "SELECT c.comment_id, c.created_on, c.updated_on, p.post_id,"
            + " CASE WHEN c.parent_id = p.post_id THEN NULL ELSE c.parent_id END, c.author_id, coalesce(c.text, ''),"
            + " coalesce(c.score, 0)::integer, coalesce(c.edited, false), coalesce(c.removed, false), coalesce(c.deleted, false), false"
            + " FROM channels_comment c JOIN channels_post p ON p.id = c.post_id";

    public static void main(String[] args) {
        System.exit(new CommandLine(new BackfillBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (worldDir != null && !server.named()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--world needs the server it lives on (--pg-url)");
        }
        if (perRowSample < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--per-row-sample must be 1 or more");
        try (ServerInUse pg = server.open()) {
            PostgresServer s = pg.server();
            DemoSpec world;
            if (worldDir != null) {
                world = DemoSpec.of(scale, 42, 0, worldDir);
                System.out.println("-- emptying the new tables of " + world.appDatabase() + " (keys, indexes and identities kept)");
                execute(s, world, "DROP TABLE IF EXISTS " + BackfillCheckpoint.TABLE, "TRUNCATE " + String.join(", ", NEW_TABLES));
            } else {
                world = DemoSpec.of(scale, 42, 0, out.resolve("demo-world")).replacing().withNewTables(NewTables.NONE);
                DemoWorld.generate(s, world, System.out);
            }
            SparkSession spark = SparkSessions.getOrCreate("bench-backfill");

            System.out.println("\n-- cutover backfill, entity by entity in the silo order, then the step trees");
            List<Timed> entities = new ArrayList<>();
            for (String entity : BackfillRun.backfillable(Mapping.shipped())) {
                System.gc();
                PeakMemory.resetHeap();
                long t0 = System.nanoTime();
                List<BackfillSummary> done = new BackfillRun(spark, spec(s, world, entity), System.out).run();
                entities.add(new Timed(done.get(0), seconds(t0), PeakMemory.heapBytes()));
            }
            long comments = count(s, world, "SELECT count(*) FROM discussions_comment");
            Timed cutoverComments = entities.stream().filter(t -> t.summary().entity().equals("comment")).findFirst().orElseThrow();

            List<String> kept = new ArrayList<>(List.of("discussions_comment"));
            kept.addAll(List.of(COMMENT_TREES.split(", ")));
            for (String t : kept) execute(s, world, "DROP TABLE IF EXISTS bench_backfilled_" + t, "CREATE TABLE bench_backfilled_" + t + " AS SELECT * FROM " + t);
            System.out.println("-- peer (a): the DBA's INSERT INTO discussions_comment SELECT ... FROM channels_comment JOIN channels_post,"
                    + " inside PostgreSQL, into an emptied table");
            emptyComments(s, world);
            long t0 = System.nanoTime();
            long inDatabaseRows = inDatabaseCopy(s, world);
            double inDatabase = seconds(t0);

            System.out.println("-- peer (b): one INSERT per row, one transaction per row over JDBC (a Django backpopulate),"
                    + " into an emptied table: " + perRowSample + " rows timed, then extrapolated");
            emptyComments(s, world);
            PerRow perRow = perRowCopy(s, world, perRowSample);
            double perRowWhole = perRow.rows() == 0 ? Double.NaN : perRow.seconds() * comments / perRow.rows();

            // The world ends as the backfill left it.
            emptyComments(s, world);
            for (String t : kept) execute(s, world, "INSERT INTO " + t + " SELECT * FROM bench_backfilled_" + t, "DROP TABLE bench_backfilled_" + t);

            print(entities, comments, cutoverComments, inDatabase, inDatabaseRows, perRow, perRowWhole);
            return 0;
        }
    }

    /** One entity's backfill: its summary, wall time (the rows built in Spark included) and the heap's peak during it. */
    private record Timed(BackfillSummary summary, double seconds, long peakHeap) {}

    /** The per-row peer's sample: rows written and the seconds they took, their read included. */
    private record PerRow(long rows, double seconds) {}

    private void print(List<Timed> entities, long comments, Timed cutoverComments, double inDatabase, long inDatabaseRows, PerRow perRow,
                       double perRowWhole) {
        System.out.printf("%n== backfill benchmark: %s world, new tables emptied, then filled by cutover backfill%n",
                scale.name().toLowerCase());
        long rows = 0;
        int chunks = 0;
        double wall = 0;
        for (Timed t : entities) {
            BackfillSummary b = t.summary();
            rows += b.written();
            chunks += b.chunks();
            wall += t.seconds();
            System.out.printf("  %-12s %-26s %,12d rows %,7d chunks %9.1f s %,11.0f rows/s  peak heap %,6.0f MB%n", b.entity(),
                    b.table(), b.written(), b.chunks(), t.seconds(), b.written() / t.seconds(), t.peakHeap() / 1e6);
        }
        System.out.printf("  %-12s %-26s %,12d rows %,7d chunks %9.1f s %,11.0f rows/s%n", "all", "", rows, chunks, wall, rows / wall);
        System.out.printf("%n  discussions_comment, %,d rows:%n", comments);
        System.out.printf("  %-52s %9.1f s %,11.0f rows/s%n", "cutover backfill --entity comment", cutoverComments.seconds(),
                comments / cutoverComments.seconds());
        System.out.printf("  %-52s %9.1f s %,11.0f rows/s (%,d rows)%n", "(a) INSERT ... SELECT inside PostgreSQL (mirror only)", inDatabase,
                inDatabaseRows / inDatabase, inDatabaseRows);
        System.out.printf("  %-52s %9.1f s %,11.0f rows/s (extrapolated from %,d rows in %.1f s)%n",
                "(b) one INSERT and one transaction per row, JDBC", perRowWhole, perRow.rows() / perRow.seconds(), perRow.rows(),
                perRow.seconds());
        System.out.printf("  cutover takes %.2fx the time of (a) (target: at most 2x)%n", cutoverComments.seconds() / inDatabase);
        System.out.printf("  cutover runs at %.2fx the speed of (b) (target: at least 20x)%n", perRowWhole / cutoverComments.seconds());
        System.out.println("  (a) copies what the mirror holds, unchecked: Reddit's scores and edits the mirror missed stay missed,"
                + " and a row the app wrote meanwhile is overwritten or fails the statement");
        System.out.println("  " + PeakMemory.describe());
    }

    private BackfillSpec spec(PostgresServer s, DemoSpec world, String entity) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(s, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(s, world.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(world.voteExport()));
        return new BackfillSpec(Mapping.shipped(), shippedText(), sources, new SourceLocation.Database(s, world.appDatabase()),
                List.of(entity), BackfillOptions.DEFAULT);
    }

    private static long inDatabaseCopy(PostgresServer s, DemoSpec world) throws SQLException {
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement()) {
            return st.executeUpdate("INSERT INTO discussions_comment (" + COLUMNS + ") " + MAPPED_FROM_MIRROR);
        }
    }

    /** Reads the sample's old rows (mapped as the DBA's copy maps them), then writes each in a transaction of its own. */
    private static PerRow perRowCopy(PostgresServer s, DemoSpec world, int sample) throws SQLException {
        long t0 = System.nanoTime();
        long rows = 0;
        try (Connection read = s.connect(world.appDatabase()); Connection write = s.connect(world.appDatabase())) {
            read.setAutoCommit(false);
            write.setAutoCommit(true);
            try (Statement st = read.createStatement(); PreparedStatement insert = write.prepareStatement(
                    "INSERT INTO discussions_comment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setFetchSize(1_000);
                try (ResultSet rs = st.executeQuery(MAPPED_FROM_MIRROR + " ORDER BY c.comment_id LIMIT " + sample)) {
                    while (rs.next()) {
                        for (int i = 1; i <= 12; i++) insert.setObject(i, rs.getObject(i));
                        insert.executeUpdate();
                        rows++;
                    }
                }
            }
            read.commit();
        }
        return new PerRow(rows, seconds(t0));
    }

    private static void emptyComments(PostgresServer s, DemoSpec world) throws SQLException {
        execute(s, world, "TRUNCATE discussions_comment, " + COMMENT_TREES);
    }

    private static void execute(PostgresServer s, DemoSpec world, String... statements) throws SQLException {
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (String sql : statements) st.execute(sql);
        }
    }

    private static long count(PostgresServer s, DemoSpec world, String sql) throws SQLException {
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String shippedText() {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
