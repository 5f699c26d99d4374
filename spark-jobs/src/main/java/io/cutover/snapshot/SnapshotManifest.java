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
    /**
     * The format written: 2, whose content checksums sum one 128-bit row hash ({@link RowHash128},
     * MurmurHash3_x64_128). Format 1 summed two 64-bit ones (Spark's xxhash64 with two seeds,
     * {@link ContentChecksum#rowHashes}); its snapshots still verify, restore and diff.
     */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format read. */
    public static final int OLDEST_FORMAT_VERSION = 1;

    /** The row hash behind this manifest's content checksums, as printed. */
    public static String rowHash(int formatVersion) {
        return formatVersion == 1 ? "two xxhash64 (format 1)" : RowHash128.NAME + " (format " + formatVersion + ")";
    }

    /**
     * One database, cut at one instant. {@code sequences} and {@code types} came later: a manifest
     * written before them reads them as null (nothing recorded, nothing restored).
     */
    public record DatabaseEntry(String database, String serverVersion, String exportedSnapshot,
                                String visibleSnapshot, String snapshotTakenAt, List<TableEntry> tables,
                                List<SequenceEntry> sequences, List<TypeEntry> types) {
        public DatabaseEntry(String database, String serverVersion, String exportedSnapshot, String visibleSnapshot,
                             String snapshotTakenAt, List<TableEntry> tables) {
            this(database, serverVersion, exportedSnapshot, visibleSnapshot, snapshotTakenAt, tables, null, null);
        }

        /** The sequences recorded, empty for a manifest older than them. */
        public List<SequenceEntry> sequencesOrNone() {
            return sequences == null ? List.of() : sequences;
        }

        public List<TypeEntry> typesOrNone() {
            return types == null ? List.of() : types;
        }
    }

    /**
     * A sequence of a backed-up schema as the holding transaction read it right after the export
     * ({@code lastValue}, {@code isCalled}: sequences are not MVCC, so these are at or above every
     * id the cut holds). {@code ownerKind} is {@code owned} (pg_depend 'a': serial or OWNED BY) or
     * {@code identity} (pg_depend 'i': the sequence of an identity column, created with its table);
     * owner fields are null for a free-standing sequence.
     */
    public record SequenceEntry(String schema, String name, String dataType, Long start, Long increment, Long min,
                                Long max, Long cache, Boolean cycle, Long lastValue, Boolean isCalled,
                                String ownerSchema, String ownerTable, String ownerColumn, String ownerKind) {
        public String key() {
            return schema + "." + name;
        }
    }

    /**
     * A user-defined type a backed-up column uses: {@code kind} {@code enum} (its labels in sort
     * order) or {@code domain} (base type as format_type prints it, NOT NULL, default, and each
     * CHECK as {@code CONSTRAINT name CHECK (...)}).
     */
    public record TypeEntry(String schema, String name, String kind, List<String> labels, String baseType,
                            Boolean notNull, String defaultExpression, List<String> checks) {
        public String key() {
            return schema + "." + name;
        }
    }

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

    /**
     * A column: its PostgreSQL type (as format_type prints it), and how it is stored.
     * {@code identity} is {@code always} or {@code by default} for an identity column;
     * {@code generatedExpression} is the expression of a {@code GENERATED ALWAYS AS (...) STORED}
     * column (restore loads the other columns and lets PostgreSQL compute it). Both are null in
     * manifests older than them.
     */
    public record ColumnEntry(String name, String pgType, boolean notNull, String defaultExpression,
                              ColumnEncoding encoding, String parquetType, String identity, String generatedExpression) {
        public ColumnEntry(String name, String pgType, boolean notNull, String defaultExpression, ColumnEncoding encoding,
                           String parquetType) {
            this(name, pgType, notNull, defaultExpression, encoding, parquetType, null, null);
        }

        public boolean generated() {
            return generatedExpression != null;
        }
    }

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
