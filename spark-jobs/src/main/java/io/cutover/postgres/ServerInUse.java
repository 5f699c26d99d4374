package io.cutover.postgres;

/** The server a command works against, and the throwaway one it must stop afterwards, if any. */
public record ServerInUse(PostgresServer server, ThrowawayPostgres owned) implements AutoCloseable {

    public boolean isThrowaway() {
        return owned != null;
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
