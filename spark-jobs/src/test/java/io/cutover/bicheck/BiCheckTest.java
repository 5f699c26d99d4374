package io.cutover.bicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.SharedDemoWorld;
import io.cutover.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bi-check on a real PostgreSQL 17 holding the tiny zero-fault demo world (old and new tables in its app database). */
class BiCheckTest {
    private static Connection oldTables;
    private static Connection newTables;
    private static List<QueryCheck> checks;

    @BeforeAll
    static void world() throws Exception {
        PostgresServer server = TestPostgres.server();
        DemoSpec world = SharedDemoWorld.clean(); // read only: the checks run queries
        oldTables = server.connect(world.appDatabase());
        newTables = server.connect(world.appDatabase());
        checks = new BiCheck(Mapping.shipped(), 15).run(oldTables, newTables, Path.of("..", "bi-queries", "old"));
        System.out.println(BiCheck.report(checks));
    }

    @AfterAll
    static void close() throws Exception {
        if (oldTables != null) oldTables.close();
        if (newTables != null) newTables.close();
    }

    private static Map<String, QueryCheck> byName() {
        return checks.stream().collect(Collectors.toMap(QueryCheck::name, Function.identity()));
    }

    @Test
    void noQueryDiffersSilently() {
        assertEquals(List.of(), checks.stream().filter(QueryCheck::silentDifference).map(c -> c.name() + ": " + c.detail()).toList());
    }

    @Test
    void cleanRewritesAreProvenEqual() {
        Map<String, QueryCheck> c = byName();
        for (String q : List.of("05-posts-per-channel-per-month", "07-moderators-per-channel", "08-contributors-and-moderators",
                "06-member-growth", "12-first-response-time", "14-link-vs-text-share", "16-post-subscriptions", "27-article-posts",
                "36-comments-per-post-cte", "46-text-posts-per-channel", "33-rank-in-channel", "20-latest-post-per-channel")) {
            assertEquals(QueryCheck.Verdict.EQUAL, c.get(q).verdict(), q + ": " + c.get(q).detail());
        }
    }

    @Test
    void theTrapsDifferAndCarryTheirFindings() {
        Map<String, QueryCheck> c = byName();
        assertEquals(QueryCheck.Verdict.DIFFERS, c.get("29-post-id-export").verdict());
        assertTrue(c.get("29-post-id-export").explained());
        assertEquals(QueryCheck.Verdict.DIFFERS, c.get("34-comments-joined-wrong").verdict());
        assertEquals(QueryCheck.Verdict.EQUAL, c.get("40-channel-dashboard-template").verdict(), c.get("40-channel-dashboard-template").detail());
        // post and comment ids overlap: the old parent_id join matched top-level comments too
        assertEquals(QueryCheck.Verdict.DIFFERS, c.get("38-replies-per-comment").verdict());
        assertTrue(c.get("38-replies-per-comment").rewrite().findings().stream().anyMatch(f -> f.rule().equals("parent-id-overlap")));
        // the same overlap makes the old recursive query cycle: it is stopped at the timeout, and says so
        assertEquals(QueryCheck.Verdict.NOT_COMPARABLE, c.get("45-comment-depth").verdict());
        assertTrue(c.get("45-comment-depth").detail().contains("did not finish within 15 s"), c.get("45-comment-depth").detail());
    }

    @Test
    void theCommandRunsOnANamedServerAndExitsZeroWithoutSilentDifferences(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        PostgresServer server = TestPostgres.server();
        Path props = dir.resolve("pg.properties");
        java.nio.file.Files.writeString(props, "url=jdbc:postgresql://" + server.host() + ":" + server.port() + "/\n"
                + "user=" + server.credentials().user() + "\n");
        Path report = dir.resolve("bi-check.md");
        int exit = io.cutover.cli.Cutover.execute("bi-check", Path.of("..", "bi-queries", "old").toString(), "--pg-properties", props.toString(),
                "--old-database", SharedDemoWorld.clean().appDatabase(), "--new-database", SharedDemoWorld.clean().appDatabase(), "--report", report.toString(), "--timeout", "15");
        assertEquals(io.cutover.outcome.ExitCode.OK, exit);
        assertTrue(java.nio.file.Files.readString(report).contains("silent differences: 0"));
        // a database without the old tables is a configuration error, said before any query runs
        assertEquals(io.cutover.outcome.ExitCode.USAGE, io.cutover.cli.Cutover.execute("bi-check", Path.of("..", "bi-queries", "old").toString(),
                "--pg-properties", props.toString(), "--old-database", "postgres", "--new-database", SharedDemoWorld.clean().appDatabase()));
    }

    @Test
    void anEqualResultThatHoldsNothingIsVacuousNotProven() {
        BiCheck biCheck = new BiCheck(Mapping.shipped(), 15);
        try (var rewriter = new io.cutover.rewrite.SqlRewriter(Mapping.shipped())) {
            QueryCheck none = biCheck.check("none", rewriter.rewrite("SELECT post_id, title FROM channels_post WHERE score < -1000000"),
                    oldTables, newTables);
            assertEquals(QueryCheck.Verdict.VACUOUS, none.verdict(), none.detail());
            assertTrue(none.detail().startsWith("equal, 0 rows") && none.detail().contains("proves nothing"), none.detail());
            QueryCheck aggregates = biCheck.check("aggregates", rewriter.rewrite(
                    "SELECT count(*) AS n, max(score) AS top FROM channels_post WHERE created_on > now() + interval '1 year'"),
                    oldTables, newTables);
            assertEquals(QueryCheck.Verdict.VACUOUS, aggregates.verdict(), aggregates.detail());
            assertTrue(aggregates.detail().contains("nothing but NULLs and zeros"), aggregates.detail());
            QueryCheck some = biCheck.check("some", rewriter.rewrite("SELECT count(*) AS n FROM channels_post"), oldTables, newTables);
            assertEquals(QueryCheck.Verdict.EQUAL, some.verdict(), some.detail());
            String totals = BiCheck.totals(List.of(none, aggregates, some));
            assertTrue(totals.startsWith("3 queries: 1 proven equal on non-empty results (33%), 2 vacuous"), totals);
        }
    }

    @Test
    void resultComparisonToleratesFloatsAndOrdersOnlyWhenAsked() {
        QueryResult a = new QueryResult(List.of("x"), List.of(List.of(1.0), List.of(2.0)));
        QueryResult b = new QueryResult(List.of("x"), List.of(List.of(2.0000000000001), List.of(1.0)));
        assertTrue(ResultComparison.compare(a, b, false).equal());
        assertTrue(ResultComparison.compare(a, b, true).detail().startsWith("same rows in another order"));
        QueryResult renamed = new QueryResult(List.of("y"), a.rows());
        assertTrue(ResultComparison.compare(a, renamed, false).detail().startsWith("columns differ"));
    }
}
