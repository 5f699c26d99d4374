package io.cutover.backfill;

import io.cutover.postgres.PostgresServer;
import io.cutover.schema.Catalog;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database with the app's shipped tables, keys and identities (foreign keys left out, so
 * a test writes one table without its parents), on the shared test server.
 */
final class TargetDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Catalog CATALOG = Catalog.of("app.sql");

    final PostgresServer server = TestPostgres.server();
    final String name;

    TargetDatabase() {
        name = "backfill_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> ddl = new ArrayList<>(SchemaScript.load("app.sql").statements());
        for (String s : SchemaScript.load("app-keys.sql").statements()) if (!s.contains("FOREIGN KEY")) ddl.add(s);
        ddl.addAll(SchemaScript.load("app-sequences.sql").statements());
        execute(ddl.toArray(String[]::new));
    }

    Connection connect() {
        return server.connect(name);
    }

    void execute(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each row of the query as its columns' text joined by '|', in the query's order. */
    List<String> rows(String query) {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement()) {
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
