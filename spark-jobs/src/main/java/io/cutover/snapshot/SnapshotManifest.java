package io.cutover.snapshot;

import java.util.List;

/**
 * What a snapshot holds, written last as its commit point: a snapshot directory without
 * {@value #FILE_NAME} is incomplete, whatever else it contains. Paths are relative to the
 * snapshot directory; no credentials are recorded.
 */
public record SnapshotManifest(int formatVersion, String snapshotId, String startedAt, String committedAt, String tool,
                               List<DatabaseEntry> databases, List<FileSourceEntry> fileSources) {
    public static final String FILE_NAME = "manifest.json";
    public static final int FORMAT_VERSION = 1;

    /** One database, cut at one instant. */
    public record DatabaseEntry(String database, String serverVersion, String exportedSnapshot,
                                String visibleSnapshot, String snapshotTakenAt, List<TableEntry> tables) {}

    /**
     * One table. {@code rowsInSnapshot} is counted in the holding transaction; {@code rowsWritten}
     * and {@code contentChecksum} are computed by the readers as they read, then re-checked
     * against the files on read-back.
     */
    public record TableEntry(String schema, String table, String path, String createTable, List<String> constraints,
                             List<String> indexes, List<ColumnEntry> columns, String splitKey, int splits,
                             long rowsInSnapshot, long rowsWritten, String contentChecksum, List<FileEntry> files,
                             Timings timings) implements StoredData {
        @Override
        public String label(String database) {
            return database + "." + schema + "." + table;
        }
    }

    /** A column: its PostgreSQL type (as format_type prints it), and how it is stored. */
    public record ColumnEntry(String name, String pgType, boolean notNull, String defaultExpression,
                              ColumnEncoding encoding, String parquetType) {}

    /** A file source (e.g. the vote export CSV): every column is kept as the text it was. */
    public record FileSourceEntry(String name, String source, String format, long sourceBytes, String sourceSha256,
                                  String path, List<String> columns, long rowsWritten, String contentChecksum,
                                  List<FileEntry> files, Timings timings) implements StoredData {
        @Override
        public String label(String ignored) {
            return "file source " + name;
        }
    }

    /**
     * Where a table's time went, in seconds: counting and key quantiles in the held snapshot,
     * the read-convert-hash-write pass, and the read-back of the files.
     */
    public record Timings(double plan, double readAndWrite, double readBack, double total) {}

    /** One Parquet file of a table: {@code name} within the table's directory. */
    public record FileEntry(String name, long bytes, long rows, String sha256, String contentChecksum) {}

    /** What verify checks, for tables and file sources alike. */
    public interface StoredData {
        String path();

        long rowsWritten();

        String contentChecksum();

        List<FileEntry> files();

        String label(String database);
    }
}
