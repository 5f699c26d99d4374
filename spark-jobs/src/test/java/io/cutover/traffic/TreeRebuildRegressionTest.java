package io.cutover.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic on a world whose comment trees carry injected faults: a node re-pointed to another
 * post, or moved, still sits under its own post's root, so rebuilding that post once collided
 * with it (seed 42 as of 2026-06-30 with 2 faults per kind: a duplicate path 000o0004000100020001
 * in discussions_bestcommenttreenode while rebuilding post 72, after 78 writes).
 */
class TreeRebuildRegressionTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void rebuildingAPostWhoseTreeIsDamagedNeverCollides(int faults) throws Exception {
        String name = "rb" + faults;
        DemoSpec spec = DemoSpec.of(Scale.TINY, 42, faults, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app")
                .replacing().asOf(LocalDate.parse("2026-06-30"));
        TemplateWorlds.copy(spec);

        long lastWorldPost;
        try (Connection app = pg.connect(spec.appDatabase()); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(id) FROM discussions_post")) {
            rs.next();
            lastWorldPost = rs.getLong(1);
        }

        TrafficReport report = Traffic.start(pg, TrafficSpec.of(spec, 300, 1, 5).withLost(12)).awaitDone();

        assertEquals(300, report.done());
        try (Connection app = pg.connect(spec.appDatabase()); Statement st = app.createStatement()) {
            for (String table : new String[] {"new", "old", "best"}) {
                // Each post the traffic created has exactly one root in every tree (a join drops those with none).
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT p.id FROM discussions_post p"
                        + " JOIN discussions_" + table + "commenttreenode n ON n.post_id = p.id AND n.depth = 1"
                        + " WHERE p.id > " + lastWorldPost + " GROUP BY p.id HAVING count(*) <> 1) x")) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), table + " roots");
                }
            }
        }
    }
}
