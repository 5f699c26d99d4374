package io.cutover.postgres;

import io.cutover.outcome.CutoverException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * A real PostgreSQL server started from Maven artifacts for this process only, tuned for bulk
 * loads (its data is thrown away, so durability settings are off). The default whenever no
 * server is named.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final PostgresServer server;

    private ThrowawayPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.server = new PostgresServer("127.0.0.1", postgres.getPort(), new Credentials("postgres", null), "");
    }

    public static ThrowawayPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedSettings.builder().start();
            return new ThrowawayPostgres(pg);
        } catch (IOException | RuntimeException e) {
            throw CutoverException.failure("could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    public PostgresServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw CutoverException.failure("could not stop the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }
}
