package io.cutover.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.demo.NewTables;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where the world stands in the silo order when the traffic starts: whether the new tables may
 * lack rows of the old side (a world made at an earlier stage, a backfill not finished), and that
 * no entity the new tables already hold is left out of the dual writes: its rows would go stale
 * there, unseen by the truth file (the order switches an entity's dual writes on before its backfill).
 */
final class SiloStage {
    private SiloStage() {}

    /** The tables whose rows an entity's dual write keeps current. */
    private static List<String> tables(DualWrites.Entity e) {
        return switch (e) {
            case CHANNEL -> List.of();   // the traffic writes no channel
            case POST -> List.of("discussions_post");
            case COMMENT -> List.of("discussions_comment");
            case VOTE -> List.of("discussions_postvote", "discussions_commentvote");
        };
    }

    /** Checks the dual writes against the new tables; true when their rows may be absent there. */
    static boolean rowsMayBeAbsent(PostgresServer server, TrafficSpec spec) {
        try (Connection app = server.connect(spec.appDatabase()); Statement st = app.createStatement()) {
            if (spec.dualWrites().covers(DualWrites.Entity.POST)) {
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM discussions_channel)")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw CutoverException.configuration("--dual-write " + spec.dualWrites().id() + ": the new tables hold"
                                + " no channel yet, and a new post needs its channel there; leave out post (channels come first)");
                    }
                }
            }
            for (DualWrites.Entity e : DualWrites.Entity.values()) {
                if (spec.dualWrites().covers(e)) continue;
                for (String table : tables(e)) {
                    try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            throw CutoverException.configuration("--dual-write " + spec.dualWrites().id() + ": " + table
                                    + " already holds rows, so the app dual-writes " + e.name().toLowerCase()
                                    + "s (an entity's dual writes come before its backfill); add it");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot read the new tables on " + server + ": " + PostgresServer.describe(e), e);
        }
        return !spec.dualWrites().everything() || stage(spec.world()) != NewTables.ALL;
    }

    /** The stage world.json records; a world made before stages existed holds everything. */
    static NewTables stage(Path world) {
        Path json = world.resolve("world.json");
        if (!Files.isRegularFile(json)) return NewTables.ALL;
        try {
            String id = new ObjectMapper().readTree(json.toFile()).path("newTables").asText("all");
            return NewTables.parse(id);
        } catch (IOException | RuntimeException e) {
            throw CutoverException.configuration("--world: cannot read " + json + ": " + e.getMessage());
        }
    }
}
