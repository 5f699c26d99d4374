package io.cutover.backfill;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.NewTables;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny demo world at a stage of the silo order on the shared test server, with what the
 * backfill and verify need to run against it: its sources, its target, the shipped mapping's text.
 */
record SiloWorld(PostgresServer pg, DemoSpec spec) {

    static SiloWorld generate(Path dir, String name, long seed, NewTables stage) {
        PostgresServer pg = TestPostgres.server();
        DemoSpec spec = DemoSpec.of(Scale.TINY, seed, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app")
                .replacing().withNewTables(stage);
        TemplateWorlds.copy(spec);
        return new SiloWorld(pg, spec);
    }

    Map<String, SourceLocation> sources() {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, spec.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, spec.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(spec.voteExport()));
        return sources;
    }

    SourceLocation.Database target() {
        return new SourceLocation.Database(pg, spec.appDatabase());
    }

    BackfillSpec backfill(List<String> entities, BackfillOptions options) {
        return new BackfillSpec(Mapping.shipped(), shippedText(), sources(), target(), entities, options);
    }

    /** A full verify of these entities (all when empty), consistent reads, with a settle pass when {@code settle} is not null. */
    VerifySpec verify(Path out, List<String> entities, Duration settle) {
        return new VerifySpec(Mapping.shipped(), sources(), target(), entities, null, null, io.cutover.storage.Location.local(out),
                0, 64, 3, true, true, settle);
    }

    static String shippedText() {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String... statements) {
        try (Connection c = pg.connect(spec.appDatabase()); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each row of a query on the app database as its columns' text joined by '|'. */
    List<String> rows(String query) {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(spec.appDatabase()); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(query)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) b.append(i > 1 ? "|" : "").append(rs.getString(i));
                    rows.add(b.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    String one(String query) {
        List<String> rows = rows(query);
        if (rows.size() != 1) throw new IllegalStateException("expected one row from " + query + ", got " + rows);
        return rows.get(0);
    }
}
