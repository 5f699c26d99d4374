package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recheck checks the comment trees of the posts its comment keys touch, and reads no other post's nodes. */
class LiveTreesTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;

    @Test
    void aRecheckFindsATreeFaultOnAPostItsCommentKeysTouchAndReadsNoOtherPost() throws Exception {
        DemoSpec world = DemoSpec.of(Scale.TINY, 72, 0, dir.resolve("world")).withDatabases("lt_reddit", "lt_app").replacing();
        TemplateWorlds.copy(world);
        long touchedComment, touchedPost, otherComment, nodesOfTouchedPost;
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            // Two comments on two different posts, each with a node in the newest-first tree.
            try (ResultSet rs = st.executeQuery("SELECT c.id, c.post_id FROM discussions_comment c"
                    + " JOIN discussions_newcommenttreenode n ON n.comment_id = c.id ORDER BY c.post_id, c.id")) {
                rs.next();
                touchedComment = rs.getLong(1);
                touchedPost = rs.getLong(2);
                long other = -1;
                while (rs.next()) {
                    if (rs.getLong(2) != touchedPost) {
                        other = rs.getLong(1);
                        break;
                    }
                }
                otherComment = other;
            }
            assertTrue(otherComment > 0, "the world has comments on two posts");
            // The same fault in both posts' trees: a node that counts children it does not have.
            st.executeUpdate("UPDATE discussions_newcommenttreenode SET numchild = numchild + 5 WHERE comment_id IN ("
                    + touchedComment + ", " + otherComment + ")");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM discussions_newcommenttreenode WHERE post_id = " + touchedPost)) {
                rs.next();
                nodesOfTouchedPost = rs.getLong(1);
            }
        }
        // An earlier report that named the touched comment only.
        Path earlier = dir.resolve("earlier");
        TestSpark.session().createDataFrame(List.of(RowFactory.create("changed", "{\"id\":" + touchedComment + "}", "text", "a", "b")),
                DifferenceFiles.SHAPE).write().mode(SaveMode.Overwrite)
                .parquet(earlier.resolve("differences/entity=comment/source=mirror").toString());

        Path out = dir.resolve("recheck");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, world.appDatabase()));
        VerifySpec spec = new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, world.appDatabase()),
                List.of("comment"), null, Location.local(earlier), Location.local(out), 0, 64, 3, true, true, null);
        VerifyCommand.run(spec, new PrintStream(console));

        TreeSet<String> found = new TreeSet<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("differences/entity=newcommenttreenode/source=structure").toString())
                .selectExpr("concat_ws('|', column, key, old_value, new_value)").collectAsList()) {
            found.add(r.getString(0));
        }
        assertTrue(found.stream().anyMatch(d -> d.startsWith("numchild|{\"comment_id\":" + touchedComment + "}|")), found + "\n" + console);
        assertTrue(found.stream().noneMatch(d -> d.contains("\"comment_id\":" + otherComment + "}")),
                "a post the recheck's keys do not touch is not checked: " + found);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (JsonNode check : summary.path("checks")) {
            if (!check.path("entity").asText().equals("newcommenttreenode")) continue;
            assertEquals(nodesOfTouchedPost, check.path("newRows").asLong(), "only the touched post's nodes are read: " + check);
            assertEquals(1, check.path("counts").path("tree").asLong(), check.toString());
        }
        assertTrue(summary.path("checks").size() == 3, "the three trees: " + summary.path("checks"));
    }
}
