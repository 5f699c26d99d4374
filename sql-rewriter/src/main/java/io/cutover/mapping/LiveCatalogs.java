package io.cutover.mapping;

import io.cutover.schema.Catalog;
import java.util.Optional;

/**
 * How a mapping's {@code live:} schemas are read: the command that loads the mapping knows the
 * connection of each source and of the target, the mapping knows which of them use a schema.
 */
public interface LiveCatalogs {
    /** No connection at all: a mapping with a live schema is then a configuration error. */
    LiveCatalogs NONE = new LiveCatalogs() {
        @Override
        public Optional<Catalog> ofSource(String source, String databaseSchema) {
            return Optional.empty();
        }

        @Override
        public Optional<Catalog> ofTarget(String databaseSchema) {
            return Optional.empty();
        }
    };

    /**
     * The catalog of the PostgreSQL schema {@code databaseSchema} in the database of the mapping's
     * source {@code source}; empty when this run has no connection to it. A failed read throws,
     * with a message that names no credentials.
     */
    Optional<Catalog> ofSource(String source, String databaseSchema);

    /** The same in the target's database. */
    Optional<Catalog> ofTarget(String databaseSchema);
}
