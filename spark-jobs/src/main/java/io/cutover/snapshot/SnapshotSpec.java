package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What to back up and how.
 *
 * @param outputDir       the snapshot goes to {@code outputDir/snapshotId/}
 * @param snapshotId      letters, digits, '.', '_', '-'; null means a UTC timestamp
 * @param databases       whole databases, or named tables of them
 * @param files           file sources such as the vote export CSV
 * @param maxConnections  most reader connections open at once per table (plus one holding
 *                        connection per database)
 * @param fetchSize       rows per round trip; must be > 0, else the driver buffers whole
 *                        partitions and the snapshot import is silently skipped
 * @param rowsPerSplit    target rows per key range (one Parquet file each)
 * @param reader          how tables are read: binary COPY (the default) or Spark's JDBC source;
 *                        both write the same rows (fetch size applies to JDBC only)
 */
public record SnapshotSpec(Location outputDir, String snapshotId, List<DatabaseSelection> databases, List<FileSource> files,
                           int maxConnections, int fetchSize, long rowsPerSplit, SnapshotTableReader reader) {
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    public static final int DEFAULT_FETCH_SIZE = 10_000;
    public static final long DEFAULT_ROWS_PER_SPLIT = 500_000;
    public static final SnapshotTableReader DEFAULT_READER = SnapshotTableReader.COPY;

    public SnapshotSpec {
        reader = reader == null ? DEFAULT_READER : reader;
        databases = databases == null ? List.of() : List.copyOf(databases);
        files = files == null ? List.of() : List.copyOf(files);
        if (snapshotId == null || snapshotId.isBlank()) {
            snapshotId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        }
    }

    /** With the default reader. */
    public SnapshotSpec(Location outputDir, String snapshotId, List<DatabaseSelection> databases, List<FileSource> files,
                        int maxConnections, int fetchSize, long rowsPerSplit) {
        this(outputDir, snapshotId, databases, files, maxConnections, fetchSize, rowsPerSplit, DEFAULT_READER);
    }

    /** A database, and the tables to take from it ({@code schema.table} or {@code table}; empty = all). */
    public record DatabaseSelection(String database, List<String> tables) {
        public DatabaseSelection {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /** A file to back up as Parquet under {@code files/<name>/}; CSV with a header line. */
    public record FileSource(String name, Location path) {
        /** A local file. */
        public FileSource(String name, Path path) {
            this(name, Location.local(path));
        }
    }

    /** A local output directory. */
    public static SnapshotSpec of(Path outputDir, List<DatabaseSelection> databases) {
        return of(Location.local(outputDir), databases);
    }

    public static SnapshotSpec of(Location outputDir, List<DatabaseSelection> databases) {
        return new SnapshotSpec(outputDir, null, databases, List.of(), DEFAULT_MAX_CONNECTIONS, DEFAULT_FETCH_SIZE,
                DEFAULT_ROWS_PER_SPLIT, DEFAULT_READER);
    }

    public SnapshotSpec withSnapshotId(String id) {
        return new SnapshotSpec(outputDir, id, databases, files, maxConnections, fetchSize, rowsPerSplit, reader);
    }

    public SnapshotSpec withRowsPerSplit(long rows) {
        return new SnapshotSpec(outputDir, snapshotId, databases, files, maxConnections, fetchSize, rows, reader);
    }

    public SnapshotSpec withFiles(List<FileSource> sources) {
        return new SnapshotSpec(outputDir, snapshotId, databases, sources, maxConnections, fetchSize, rowsPerSplit, reader);
    }

    public SnapshotSpec withReading(int connections, int rowsPerFetch) {
        return new SnapshotSpec(outputDir, snapshotId, databases, files, connections, rowsPerFetch, rowsPerSplit, reader);
    }

    public SnapshotSpec withReader(SnapshotTableReader tableReader) {
        return new SnapshotSpec(outputDir, snapshotId, databases, files, maxConnections, fetchSize, rowsPerSplit, tableReader);
    }

    /** Rejects a spec that cannot work, before anything is opened or written. */
    void validate() {
        if (outputDir == null) throw CutoverException.configuration("no output directory given");
        if (!snapshotId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw CutoverException.configuration("snapshot id '" + snapshotId
                    + "' must be letters, digits, '.', '_' or '-' (it names a directory)");
        }
        if (databases.isEmpty() && files.isEmpty()) {
            throw CutoverException.configuration("nothing to back up: name at least one database or file");
        }
        if (fetchSize <= 0) {
            throw CutoverException.configuration("fetch size must be > 0 (got " + fetchSize
                    + "): with 0 the driver reads each partition whole, outside the snapshot");
        }
        if (maxConnections < 1) throw CutoverException.configuration("max connections must be >= 1");
        if (rowsPerSplit < 1) throw CutoverException.configuration("rows per split must be >= 1");
        for (FileSource f : files) {
            if (!f.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw CutoverException.configuration("file source name '" + f.name() + "' must be letters, digits, '.', '_' or '-'");
            }
            if (!f.path().isFileQuietly()) {
                throw CutoverException.configuration("file source " + f.name() + ": cannot read " + f.path());
            }
        }
    }
}
