package io.cutover.snapshot;

import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database with a unique name on the shared test server, for one test. */
final class ScratchDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final PostgresServer server = TestPostgres.server();
    final String name;

    ScratchDatabase(String prefix) {
        name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String... statements) {
        try (Connection c = server.connect(name); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each row of the query as PostgreSQL's own text output of its single column. */
    List<String> texts(String database, String query) {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    long count(String query) {
        return Long.parseLong(texts(name, query).get(0));
    }
}
