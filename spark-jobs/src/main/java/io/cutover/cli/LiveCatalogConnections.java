package io.cutover.cli;

import io.cutover.mapping.LiveCatalogs;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.Catalog;
import io.cutover.schema.InformationSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code live:} schemas of a mapping read over a command's own connections: a source given
 * as {@code db:<database>} ({@code --source}) or the target's database, on the command's server.
 * A snapshot, a CSV export or no server at all is no connection.
 */
record LiveCatalogConnections(Map<String, String> sources, String target, PostgresServer server) implements LiveCatalogs {

    @Override
    public Optional<Catalog> ofSource(String source, String databaseSchema) {
        return read(sources.get(source), databaseSchema);
    }

    @Override
    public Optional<Catalog> ofTarget(String databaseSchema) {
        return read(target, databaseSchema);
    }

    private Optional<Catalog> read(String location, String databaseSchema) {
        if (server == null || location == null || !location.startsWith("db:") || location.length() == 3) return Optional.empty();
        String database = location.substring(3);
        try (Connection c = server.connect(database)) {
            return Optional.of(new InformationSchema(c, databaseSchema).read());
        } catch (SQLException e) {
            throw new IllegalStateException("database '" + database + "': " + PostgresServer.describe(e), e);
        }
    }
}
