package io.cutover.verify;

import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import java.nio.file.Path;

/** Where one side's tables are read from: a live database, a snapshot directory, or a CSV export. */
public sealed interface SourceLocation {

    /** A live PostgreSQL database, read in read-only transactions. */
    record Database(PostgresServer server, String database) implements SourceLocation {
        @Override
        public String toString() {
            return "database " + database + " on " + server;
        }
    }

    /** One database's directory in a snapshot ({@code <snapshot>/<database>}), tables as {@code <schema>.<table>/}. */
    record Snapshot(Location directory) implements SourceLocation {
        /** A local directory. */
        public Snapshot(Path directory) {
            this(Location.local(directory));
        }

        @Override
        public String toString() {
            return "snapshot " + directory;
        }
    }

    /** A CSV file with a header line (the vote export). */
    record CsvFile(Location file) implements SourceLocation {
        /** A local file. */
        public CsvFile(Path file) {
            this(Location.local(file));
        }

        @Override
        public String toString() {
            return "CSV " + file;
        }
    }
}
