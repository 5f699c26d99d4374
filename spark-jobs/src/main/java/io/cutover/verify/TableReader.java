package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import io.cutover.side.BoundedQuery;
import io.cutover.side.Restriction;
import io.cutover.side.SparkTypeNames;
import io.cutover.snapshot.ManifestFile;
import io.cutover.snapshot.ParquetFiles;
import io.cutover.snapshot.SnapshotManifest;
import io.cutover.storage.Location;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one table of a source as a DataFrame. Live tables are read in read-only transactions
 * with a fetch size (the driver would otherwise buffer whole partitions), split on an integer
 * column when the table is large; snapshot tables are the Parquet a snapshot wrote.
 */
final class TableReader {
    private static final long ROWS_PER_PARTITION = 500_000;

    private final SparkSession spark;
    private final LiveSnapshots snapshots;

    TableReader(SparkSession spark) {
        this(spark, LiveSnapshots.none());
    }

    /** Live tables are read inside the snapshots held for their databases (each at its own moment where none is). */
    TableReader(SparkSession spark, LiveSnapshots snapshots) {
        // Key filters pushed into live reads go as one array value, not a literal per key.
        KeyArrayDialect.install();
        this.spark = spark;
        this.snapshots = snapshots;
    }

    Dataset<Row> read(SourceLocation location, String table, String splitColumn) {
        if (location instanceof SourceLocation.Database db) return jdbc(db, table, splitColumn);
        if (location instanceof SourceLocation.Snapshot snap) return parquet(snap, table);
        throw CutoverException.configuration("table " + table + " cannot come from " + location
                + ": a CSV source holds one export");
    }

    /**
     * A CSV export with its columns typed as the mapping declares them. The text is parsed as
     * strings and cast: Spark's cast reads ISO-8601 timestamps faster than a CSV
     * timestampFormat pattern does (20.3 s against 28.9 s for the 20M-line large vote export),
     * and a value that does not cast stops the run naming the file, the column and the row
     * ({@link CsvValueError} turns that into file:line).
     */
    Dataset<Row> csv(SourceLocation.CsvFile csv, Map<String, String> columns) {
        if (!csv.file().isFileQuietly()) {
            throw CutoverException.configuration("cannot read " + csv.file());
        }
        return csv(csv.file(), csv.file(), columns, true);
    }

    /**
     * The CSV text of {@code parsed} (a copy of a part of the export, its header first) typed as
     * {@link #csv(SourceLocation.CsvFile, Map)} types it, except that a value that does not cast
     * does not stop the task: it is NULL, and the first such value's failure (naming
     * {@code export}, the file a person opens, the column and the row) is in column
     * {@value #CSV_VALUE_ERROR}, for the driver to raise once the rows are written
     * ({@link ExportCache}): a failed task inside a file write would log Spark's own abort with
     * its stack, besides verify's one line.
     */
    Dataset<Row> csvMarked(Location parsed, Location export, Map<String, String> columns) {
        return csv(parsed, export, columns, false);
    }

    /** The column of {@link #csvMarked} that holds a value's failure, NULL for a row whose every value cast. */
    static final String CSV_VALUE_ERROR = "cutover_csv_value_error";

    private Dataset<Row> csv(Location parsed, Location export, Map<String, String> columns, boolean raise) {
        StructType text = new StructType();
        for (String c : columns.keySet()) text = text.add(c, DataTypes.StringType, true);
        String row = "concat_ws(',', " + columns.keySet().stream().map(c -> "coalesce(`" + c + "`, '')")
                .collect(Collectors.joining(", ")) + ")";
        List<String> typed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            DataType type = SparkTypes.of(c.getValue());
            String name = "`" + c.getKey() + "`";
            if (type == DataTypes.StringType) {
                typed.add(name);
                continue;
            }
            String cast = "try_cast(" + name + " AS " + type.sql() + ")";
            String message = CsvValueError.sqlMessage(export, c.getKey(), c.getValue(), name, row);
            if (raise) {
                typed.add("CASE WHEN " + name + " IS NULL OR " + cast + " IS NOT NULL THEN " + cast
                        + " ELSE raise_error(" + message + ") END AS " + name);
            } else {
                typed.add(cast + " AS " + name);
                failures.add("CASE WHEN " + name + " IS NOT NULL AND " + cast + " IS NULL THEN " + message + " END");
            }
        }
        if (!raise) {
            typed.add((failures.isEmpty() ? "CAST(NULL AS STRING)" : failures.size() == 1 ? failures.get(0)
                    : "coalesce(" + String.join(", ", failures) + ")") + " AS " + CSV_VALUE_ERROR);
        }
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(text)
                .csv(parsed.uri()).selectExpr(typed.toArray(String[]::new));
    }

    /** The files the snapshot's manifest names for the table, never a listing (docs/snapshot.md). */
    private Dataset<Row> parquet(SourceLocation.Snapshot snap, String table) {
        Location dir = snap.directory().resolve("public." + table);
        if (!dir.isDirectoryQuietly()) {
            throw CutoverException.configuration(snap + " has no table public." + table + " (looked for " + dir + ")");
        }
        Location snapshotDir = snap.directory().parent();
        String path = snap.directory().name() + "/public." + table;
        SnapshotManifest manifest;
        try {
            manifest = ManifestFile.read(snapshotDir);
        } catch (ManifestFile.IncompleteSnapshotException e) {
            throw CutoverException.configuration(snap + ": " + e.getMessage());
        }
        SnapshotManifest.TableEntry entry = manifest.databases().stream().flatMap(d -> d.tables().stream())
                .filter(t -> t.path().equals(path)).findFirst()
                .orElseThrow(() -> CutoverException.configuration(snap + ": the manifest of " + snapshotDir
                        + " does not name table public." + table));
        return ParquetFiles.read(spark, snapshotDir, entry);
    }

    private Dataset<Row> jdbc(SourceLocation.Database db, String table, String splitColumn) {
        PostgresServer server = db.server();
        Properties props = jdbcProperties(db);
        long[] bounds = splitColumn == null ? null : bounds(db, table, splitColumn);
        if (bounds == null || bounds[2] < ROWS_PER_PARTITION) {
            return spark.read().jdbc(server.jdbcUrl(db.database()), table, props);
        }
        int partitions = (int) Math.min(16, Math.max(2, bounds[2] / ROWS_PER_PARTITION));
        return spark.read().jdbc(server.jdbcUrl(db.database()), table, splitColumn, bounds[0], bounds[1] + 1,
                partitions, props);
    }

    /**
     * The rows of a query computed in the database (a pushed-down digest), read with the same
     * properties as a table, in the session time zone UTC, and split like a table read: on
     * {@code splitColumn} of {@code primaryTable}, each partition's query printed with its bounds
     * (inside the query: a predicate outside it could not reach the tables inside its grouping),
     * one JDBC read per partition.
     */
    Dataset<Row> query(SourceLocation.Database db, BoundedQuery query, String primaryTable, String splitColumn) {
        long[] bounds = splitColumn == null ? null : bounds(db, primaryTable, splitColumn);
        if (bounds == null || bounds[2] < ROWS_PER_PARTITION) return query(db, query.print(Restriction.range(null, null)));
        int partitions = (int) Math.min(16, Math.max(2, bounds[2] / ROWS_PER_PARTITION));
        long lo = bounds[0], span = bounds[1] + 1 - bounds[0];
        Dataset<Row> all = null;
        for (int p = 0; p < partitions; p++) {
            Long from = p == 0 ? null : lo + span / partitions * p;
            Long to = p == partitions - 1 ? null : lo + span / partitions * (p + 1);
            Dataset<Row> part = query(db, query.print(Restriction.range(from, to)));
            all = all == null ? part : all.union(part);
        }
        return all;
    }

    /** The rows of one query computed in the database, as one read. */
    Dataset<Row> query(SourceLocation.Database db, String sql) {
        return spark.read().jdbc(db.server().jdbcUrl(db.database()), "(" + sql + ") cutover_digest", jdbcProperties(db));
    }

    /**
     * What every read of a live database is given. The fetch size matters twice: without it the
     * driver buffers whole partitions, and Spark's PostgreSQL dialect turns autocommit off only
     * when it is set, which the snapshot import needs (with autocommit on it would apply to a
     * one-statement transaction of its own and be lost without a word).
     */
    Properties jdbcProperties(SourceLocation.Database db) {
        Properties props = db.server().sparkJdbcProperties();
        props.setProperty("fetchsize", "10000");
        HeldSnapshot held = snapshots.of(db);
        // UTC: a digest computed in the database turns times into text and numbers in the session zone.
        props.setProperty("sessionInitStatement", held == null ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET TIME ZONE 'UTC'"
                : held.readerInitStatement());
        // Binary results from the first execution (the driver's default waits for the fifth, and each
        // partition runs its query once): timestamps and integers are not printed by the server and
        // parsed back. 5,000,000 comment-shaped rows read 1.4x faster, with identical hashes. A URL
        // parameter wins over these properties: ?prepareThreshold=0 turns it off.
        props.setProperty("prepareThreshold", "-1");
        return props;
    }

    /** The snapshot held for a database's reads, or null when each read takes its own moment. */
    HeldSnapshot held(SourceLocation.Database db) {
        return snapshots.of(db);
    }

    /**
     * min, max and count of the split column, or null when the table is empty; inside the held
     * snapshot when there is one, so that the split fits the rows the readers see.
     */
    private long[] bounds(SourceLocation.Database db, String table, String column) {
        String sql = "SELECT min(" + column + "), max(" + column + "), count(*) FROM " + table;
        HeldSnapshot held = snapshots.of(db);
        try {
            if (held != null) return inSavepoint(held.connection(), sql);
            try (Connection c = db.server().connect(db.database())) {
                c.setReadOnly(true);
                return boundsOf(c, sql);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw CutoverException.configuration("table " + table + " does not exist in " + db);
            }
            throw CutoverException.failure("cannot read " + table + " from " + db + ": " + PostgresServer.describe(e), e);
        }
    }

    /** A failed query must not abort the held transaction: every later read imports its snapshot. */
    private static long[] inSavepoint(Connection held, String sql) throws SQLException {
        java.sql.Savepoint savepoint = held.setSavepoint();
        try {
            long[] bounds = boundsOf(held, sql);
            held.releaseSavepoint(savepoint);
            return bounds;
        } catch (SQLException e) {
            held.rollback(savepoint);
            throw e;
        }
    }

    private static long[] boundsOf(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** Spark types for the DDL's column types. */
    static final class SparkTypes {
        private SparkTypes() {}

        static org.apache.spark.sql.types.DataType of(String ddlType) {
            String t = ddlType.toLowerCase().replaceAll("\\(.*\\)", "").strip();
            return switch (t) {
                case "bigint", "int8", "bigserial" -> DataTypes.LongType;
                case "integer", "int", "int4", "serial" -> DataTypes.IntegerType;
                case "smallint", "int2" -> DataTypes.ShortType;
                case "boolean", "bool" -> DataTypes.BooleanType;
                case "timestamptz", "timestamp with time zone", "timestamp" -> DataTypes.TimestampType;
                case "date" -> DataTypes.DateType;
                case "double precision", "float8", "real", "float4" -> DataTypes.DoubleType;
                default -> DataTypes.StringType;
            };
        }

        static String sqlName(String ddlType) {
            return SparkTypeNames.of(ddlType);
        }
    }
}
