package io.cutover.bicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cutover.mapping.KeyValuePivot;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.RedditPickle;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The mapping's Reddit side pivots the key-value rows into one row per thing, on PostgreSQL. */
class KeyValuePivotTest {

    @Test
    void pivotsRedditLinksIntoOneRowPerThing() throws Exception {
        PostgresServer server = TestPostgres.server();
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS pivot_reddit");
            st.execute("CREATE DATABASE pivot_reddit");
        }
        try (Connection c = server.connect("pivot_reddit"); Statement st = c.createStatement()) {
            for (String sql : SchemaScript.load("reddit.sql").statements()) st.execute(sql);
            st.execute("INSERT INTO reddit_thing_link (thing_id, ups, downs) VALUES (13368, 5, 1), (13369, 1, 0)");
            st.execute("INSERT INTO reddit_data_link VALUES (13368, 'title', 'Hello', 'str'), (13368, 'is_self', 't', 'bool'),"
                    + " (13368, 'editted', '" + RedditPickle.encodeDatetime(Instant.parse("2020-01-01T00:00:00Z")).replace("'", "''") + "', 'pickle'),"
                    + " (13369, 'title', 'Link', 'str'), (13369, 'url', 'https://example.org', 'str')");
            var side = Mapping.shipped().entity("post").orElseThrow().from().get("reddit");
            try (ResultSet rs = st.executeQuery(KeyValuePivot.sql(side) + " ORDER BY t.thing_id")) {
                rs.next();
                assertEquals(13368, rs.getLong("thing_id"));
                assertEquals(5, rs.getInt("ups"));
                assertEquals("Hello", rs.getString("title"));
                assertEquals("pickle", rs.getString("editted__kind"));
                assertEquals("t", rs.getString("is_self")); // read by the post_type expression
                assertNull(rs.getString("selftext")); // absent key: the model's default
                rs.next();
                assertEquals("https://example.org", rs.getString("url"));
                assertNull(rs.getString("editted__kind"));
            }
        }
    }
}
