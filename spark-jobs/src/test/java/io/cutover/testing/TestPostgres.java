package io.cutover.testing;

import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ThrowawayPostgres;

/** One real PostgreSQL server per test JVM, started on first use and stopped at exit. */
public final class TestPostgres {
    private static ThrowawayPostgres server;

    private TestPostgres() {}

    public static synchronized PostgresServer server() {
        if (server == null) {
            server = ThrowawayPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server.server();
    }
}
