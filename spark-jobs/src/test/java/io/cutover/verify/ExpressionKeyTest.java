package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entities keyed on an expression: the 2025 design keeps Reddit's ids only as their base36 text
 * ({@code reddit_id}), so posts and comments are matched on {@code base36_encode(thing_id)}, and a
 * comment's post is compared through that text key. Every planner path: digests in PostgreSQL and
 * in Spark, a recheck of the keys that differed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressionKeyTest {
    static final String MAPPING = """
            mapping: keyed-2025
            schemas:
              reddit: [reddit.sql]
              app: [app.sql, app-2025.sql]
            sources:
              reddit: {kind: database, schema: reddit, role: truth}
            target: {schema: app}
            entities:
              - name: post
                target: {table: channels_post, key: [reddit_id]}
                from:
                  reddit:
                    thing: reddit_thing_link
                    data: reddit_data_link
                    id: thing_id
                    columns:
                      - {new: reddit_id, old: thing_id, transform: base36_encode}
                      - {new: title, key: title}
                      - {new: score, old: ups}
                      - {new: created_on, old: date}
                      - {new: archived_on, expect: {same_for_all: true}}
                      - {new: cached_plain_text, key: title, nulls: new-null-unknown}
              - name: comment
                target: {table: channels_comment, key: [reddit_id]}
                from:
                  reddit:
                    thing: reddit_thing_comment
                    data: reddit_data_comment
                    id: thing_id
                    columns:
                      - {new: reddit_id, old: thing_id, transform: base36_encode}
                      - {new: post_id, key: link_id, ref: {entity: post}}
                      - {new: score, old: ups}
                      - {new: archived_on, expect: {between: [created_on, now]}}
            """;

    private final PostgresServer pg = TestPostgres.server();
    private final String reddit = "xk_reddit_" + ProcessHandle.current().pid();
    private final String app = "xk_app_" + ProcessHandle.current().pid();
    @TempDir
    static Path dir;

    @BeforeAll
    void world() throws SQLException {
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            for (String db : List.of(reddit, app)) {
                st.execute("DROP DATABASE IF EXISTS " + db);
                st.execute("CREATE DATABASE " + db);
            }
        }
        try (Connection c = pg.connect(reddit); Statement st = c.createStatement()) {
            for (String s : SchemaScript.load("reddit.sql").statements()) st.execute(s);
            // links 500 (dw), 1295 (zz), 1296 (100); comments 2000.. under them
            for (long link : new long[] {500, 1295, 1296}) {
                st.execute("INSERT INTO reddit_thing_link (thing_id, ups, date) VALUES (" + link + ", " + (link % 7) + ", "
                        + created(link) + ")");
                st.execute("INSERT INTO reddit_data_link VALUES (" + link + ", 'title', 'post " + link + "', 'str')");
            }
            for (int i = 0; i < 9; i++) {
                long id = 2000 + i * 37L, link = new long[] {500, 1295, 1296}[i % 3];
                st.execute("INSERT INTO reddit_thing_comment (thing_id, ups) VALUES (" + id + ", " + i + ")");
                st.execute("INSERT INTO reddit_data_comment VALUES (" + id + ", 'link_id', '" + link + "', 'num')");
            }
        }
        try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
            for (String s : SchemaScript.load("app.sql").statements()) st.execute(s);
            st.execute("ALTER TABLE channels_post ADD PRIMARY KEY (id)");
            st.execute("ALTER TABLE channels_comment ADD PRIMARY KEY (id)");
            for (String s : SchemaScript.load("app-2025.sql").statements()) st.execute(s);
            // Django's serial ids do not follow Reddit's: post 1 is link 1296
            long[] links = {1296, 500, 1295};
            for (int p = 0; p < 3; p++) {
                // archived in one instant; the plain text of zz is not computed yet
                st.execute("INSERT INTO channels_post (id, created_on, updated_on, channel_id, post_id, reddit_id, title, score,"
                        + " archived_on, cached_plain_text) VALUES (" + (p + 1) + ", " + created(links[p]) + ", now(), 1, " + links[p] + ", '"
                        + Long.toString(links[p], 36) + "', 'post " + links[p] + "', " + (links[p] % 7) + ", '2025-06-01 12:00+00', "
                        + (links[p] == 1295 ? "NULL" : "'post " + links[p] + "'") + ")");
            }
            for (int i = 0; i < 9; i++) {
                long id = 2000 + i * 37L, link = new long[] {500, 1295, 1296}[i % 3];
                int post = link == 1296 ? 1 : link == 500 ? 2 : 3;
                st.execute("INSERT INTO channels_comment (id, created_on, updated_on, post_id, comment_id, reddit_id, score, archived_on)"
                        + " VALUES (" + (100 + i) + ", now() - interval '1 day', now(), " + post + ", " + id + ", '" + Long.toString(id, 36)
                        + "', " + i + ", now() - interval '1 hour')");
            }
        }
    }

    /** The posts' key spelled as a transform of the thing id, or as an expression (Spark's only, then). */
    private static final String BY_SQL = "{new: reddit_id, sql: \"cutover_base36_encode(o.thing_id)\"}";

    /** Link zz was posted in 2026, the others in 2025. */
    private static String created(long link) {
        return link == 1295 ? "timestamptz '2026-01-01 00:00+00'" : "timestamptz '2025-01-01 00:00+00'";
    }

    private VerifySpec spec(String name, boolean pushdown, Path recheck) {
        return spec(name, pushdown, recheck, MAPPING);
    }

    private VerifySpec spec(String name, boolean pushdown, Path recheck, String mapping) {
        VerifyFunctions.register(TestSpark.session());
        return new VerifySpec(Mapping.load("keyed-2025.yaml", mapping), Map.of("reddit", new SourceLocation.Database(pg, reddit)),
                new SourceLocation.Database(pg, app), List.of(), null, recheck, dir.resolve(name + "-" + pushdown), 0, 16, 5)
                .withPushdown(pushdown);
    }

    private static List<String> differences(Path report) {
        List<String> out = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(report.resolve("differences").toString())
                .selectExpr("concat_ws('|', entity, category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                        + " coalesce(new_value, '<null>')) AS d").orderBy("d").collectAsList()) {
            out.add(r.getString(0));
        }
        return out;
    }

    private List<String> run(VerifySpec spec) {
        new VerifyJob(TestSpark.session(), spec, new PrintStream(new ByteArrayOutputStream())).run();
        return differences(Path.of(spec.outputDir().toString()));
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void entitiesKeyedOnAnEncodedIdAreComparedAndReferredTo(boolean pushdown) throws SQLException {
        assertEquals(List.of(), run(spec("clean", pushdown, null)), "a correct world");
        try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
            // comment 2037 (1kl) moves to another post; post zz's title changes
            st.execute("UPDATE channels_comment SET post_id = 1 WHERE comment_id = 2037");
            st.execute("UPDATE channels_post SET title = 'other' WHERE reddit_id = 'zz'");
        }
        try {
            List<String> found = run(spec("faulty", pushdown, null));
            assertEquals(List.of("comment|changed|{\"reddit_id\":\"1kl\"}|post_id|zz|100",
                    "post|changed|{\"reddit_id\":\"zz\"}|title|post 1295|other"), found);
            List<String> rechecked = run(spec("recheck", pushdown, dir.resolve("faulty-" + pushdown)));
            assertEquals(found, rechecked, "a recheck reads the text keys that differed");
            st(app, "UPDATE channels_post SET title = 'other too' WHERE reddit_id = 'dw'");
            VerifySpec window = spec("window", pushdown, null);
            window = new VerifySpec(window.mapping(), window.sources(), window.target(), List.of("post"),
                    java.time.Instant.parse("2025-06-01T00:00:00Z"), null, window.outputDir(), 0, 16, 5).withPushdown(pushdown);
            assertEquals(List.of("post|changed|{\"reddit_id\":\"zz\"}|title|post 1295|other"), run(window),
                    "a window keeps the posts created in it (zz), their text keys read as they are computed");
        } finally {
            try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
                st.execute("UPDATE channels_comment SET post_id = 3 WHERE comment_id = 2037");
                st.execute("UPDATE channels_post SET title = 'post 1295' WHERE reddit_id = 'zz'");
                st.execute("UPDATE channels_post SET title = 'post 500' WHERE reddit_id = 'dw'");
            }
        }
    }

    private void st(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** expect: conditions and a new NULL that means unknown, in either engine. */
    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void conditionsOnNewOnlyColumnsAndUnknownNewValues(boolean pushdown) throws SQLException {
        try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
            st.execute("UPDATE channels_post SET archived_on = '2025-06-02 12:00+00' WHERE reddit_id = 'dw'");
            st.execute("UPDATE channels_post SET cached_plain_text = 'stale' WHERE reddit_id = '100'");
            st.execute("UPDATE channels_comment SET archived_on = NULL WHERE comment_id = 2037");
            st.execute("UPDATE channels_comment SET archived_on = created_on - interval '1 minute' WHERE comment_id = 2074");
        }
        try {
            List<String> found = run(spec("conditions", pushdown, null));
            assertEquals(4, found.size(), found.toString());
            assertEquals("comment|changed|{\"reddit_id\":\"1kl\"}|archived_on|expected: between created_on and now|<null>", found.get(0));
            assertTrue(found.get(1).startsWith("comment|changed|{\"reddit_id\":\"1lm\"}|archived_on|expected: between created_on and now|20"),
                    found.get(1));
            assertEquals("post|changed|{\"reddit_id\":\"100\"}|cached_plain_text|post 1296|stale", found.get(2));
            assertTrue(found.get(3).startsWith("post|changed|{\"reddit_id\":\"dw\"}|archived_on|expected: the same value in every row|2025-06-02"),
                    found.get(3));
        } finally {
            try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
                st.execute("UPDATE channels_post SET archived_on = '2025-06-01 12:00+00' WHERE reddit_id = 'dw'");
                st.execute("UPDATE channels_post SET cached_plain_text = 'post 1296' WHERE reddit_id = '100'");
                st.execute("UPDATE channels_comment SET archived_on = now() - interval '1 hour' WHERE comment_id IN (2037, 2074)");
            }
        }
    }

    /** The crash of an expression key (a NullPointerException looking up the referred key, exit 3), on both paths. */
    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void anEntityKeyedOnAnExpressionIsReferredTo(boolean pushdown) throws SQLException {
        String mapping = MAPPING.replaceFirst("\\{new: reddit_id, old: thing_id, transform: base36_encode\\}", BY_SQL);
        assertTrue(mapping.contains(BY_SQL), mapping);
        assertEquals(List.of(), run(spec("sql-clean", pushdown, null, mapping)), "a correct world");
        try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
            st.execute("UPDATE channels_comment SET post_id = 1 WHERE comment_id = 2037");
        }
        try {
            assertEquals(List.of("comment|changed|{\"reddit_id\":\"1kl\"}|post_id|zz|100"), run(spec("sql-faulty", pushdown, null, mapping)));
        } finally {
            try (Connection c = pg.connect(app); Statement st = c.createStatement()) {
                st.execute("UPDATE channels_comment SET post_id = 3 WHERE comment_id = 2037");
            }
        }
    }

    @Test
    void anEncodedKeyIsComputedInPostgresql() {
        VerifyJob job = new VerifyJob(TestSpark.session(), spec("placement", true, null), new PrintStream(new ByteArrayOutputStream()));
        for (ComparisonPlan plan : job.plans()) {
            // Both sides have a PostgreSQL digest: the key's encoding and the comment's post looked up by it.
            ComparisonPlan.CrossEngine both = plan.crossEngine();
            assertEquals(null, both.oldWhyNot(), plan.entity());
            assertEquals(null, both.newWhyNot(), plan.entity());
            assertTrue(both.oldPostgres().query().print(io.cutover.side.Restriction.all()).contains("cutover_n36"), plan.entity());
            // The comments' rows are narrow (read whole once, never as digests); the posts' are computed there.
            DigestPushdown.Placement placed = job.placement(plan);
            assertEquals(!plan.narrowRows(), placed.oldInPostgres() && placed.newInPostgres(), plan.entity() + ": " + placed);
        }
        assertTrue(job.plans().stream().anyMatch(p -> !p.narrowRows()));
    }
}
