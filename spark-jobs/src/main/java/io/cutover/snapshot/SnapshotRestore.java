package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import io.cutover.snapshot.SnapshotManifest.ColumnEntry;
import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code cutover restore}: recreates the tables of a committed snapshot in target databases
 * (DDL from the manifest), loads them with COPY (the tables of all databases in one schedule,
 * the small ones together in one Spark job), adds keys and indexes after each load, then
 * checks every restored table against the backup: from the load's own pass where that proves
 * as much, else by reading it back the way the snapshot read its source.
 */
public final class SnapshotRestore {
    /** Session settings that make PostgreSQL's text output the same as the snapshot readers saw it. */
    static final String READER_SETTINGS = "SET TIME ZONE 'UTC'; SET intervalstyle = 'iso_8601'; SET extra_float_digits = 3";

    private final SparkSession spark;
    private final PostgresServer server;
    private final Location snapshotDir;
    private final PrintStream out;
    private final int format;
    private final boolean readBackEveryTable;

    private SnapshotRestore(SparkSession spark, PostgresServer server, Location snapshotDir, PrintStream out, int format,
                            boolean readBackEveryTable) {
        this.spark = spark;
        this.server = server;
        this.snapshotDir = snapshotDir;
        this.out = out;
        this.format = format;
        this.readBackEveryTable = readBackEveryTable;
    }

    /**
     * What a table's load saw: the rows decoded from its files and their content checksum
     * (computed as they streamed into COPY), and the rows PostgreSQL said its COPYs wrote.
     */
    private record Loaded(long rowsFromFiles, ContentChecksum checksum, long rowsCopied) {}

    /** A local snapshot directory, as tests and local callers name it. */
    public static RestoreReport run(SparkSession spark, PostgresServer server, Path snapshotDir,
                                    Map<String, String> targets, PrintStream out) {
        return run(spark, server, Location.local(snapshotDir), targets, out);
    }

    /** With the check that shares the load's pass wherever it proves as much ({@code readBackEveryTable} false). */
    public static RestoreReport run(SparkSession spark, PostgresServer server, Location snapshotDir,
                                    Map<String, String> targets, PrintStream out) {
        return run(spark, server, snapshotDir, targets, out, false);
    }

    /**
     * Restores every database of the snapshot into the database {@code targets} maps it to (its
     * own name when absent), creating missing databases; refuses to touch a table, type or sequence that exists.
     */
    public static RestoreReport run(SparkSession spark, PostgresServer server, Location snapshotDir,
                                    Map<String, String> targets, PrintStream out, boolean readBackEveryTable) {
        SnapshotManifest manifest;
        try {
            manifest = ManifestFile.read(snapshotDir);
        } catch (ManifestFile.IncompleteSnapshotException e) {
            throw CutoverException.configuration(e.getMessage());
        }
        for (DatabaseEntry db : manifest.databases()) SequenceAndTypeRestore.validate(ManifestFile.of(snapshotDir), db);
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        return new SnapshotRestore(spark, server, snapshotDir, out, manifest.formatVersion(), readBackEveryTable)
                .restore(manifest, targets);
    }

    private RestoreReport restore(SnapshotManifest manifest, Map<String, String> targets) {
        for (String source : targets.keySet()) {
            if (manifest.databases().stream().noneMatch(d -> d.database().equals(source))) {
                throw CutoverException.configuration("the snapshot has no database '" + source + "' (it has "
                        + manifest.databases().stream().map(DatabaseEntry::database).collect(Collectors.joining(", ")) + ")");
            }
        }
        for (DatabaseEntry db : manifest.databases()) {
            String target = targets.getOrDefault(db.database(), db.database());
            ensureDatabase(target);
            refuseExisting(target, db);
        }
        long started = System.nanoTime();
        List<TargetTable> tables = new ArrayList<>();
        for (DatabaseEntry db : manifest.databases()) {
            String target = targets.getOrDefault(db.database(), db.database());
            out.println("restoring " + db.database() + " (snapshot " + manifest.snapshotId() + ") into database " + target);
            inDatabase(target, c -> {
                new SequenceAndTypeRestore(db, out).createBeforeTables(c, target);
                for (TableEntry t : db.tables()) {
                    TargetTable table = new TargetTable(target, t);
                    execute(c, "CREATE SCHEMA IF NOT EXISTS " + Sql.quote(t.schema()), table.label());
                    execute(c, t.createTable(), table.label());
                    tables.add(table);
                }
            });
        }
        Map<TableEntry, Loaded> loaded = loadAll(tables);
        for (DatabaseEntry db : manifest.databases()) {
            String target = targets.getOrDefault(db.database(), db.database());
            inDatabase(target, c -> {
                // Foreign keys last: they may point at any table of the database.
                for (TableEntry t : db.tables()) {
                    for (String constraint : t.constraints()) {
                        if (constraint.contains(" FOREIGN KEY ")) execute(c, constraint, new TargetTable(target, t).label());
                    }
                }
                new SequenceAndTypeRestore(db, out).setAfterLoad(c, target);
                // The loads committed without waiting for their WAL: a commit that does wait (an
                // xid makes it write a commit record) flushes all of it, whatever came before.
                execute(c, "SELECT txid_current()", target);
            });
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        long loadedAt = System.nanoTime();
        List<RestoreReport.TableResult> results = new ArrayList<>();
        for (DatabaseEntry db : manifest.databases()) {
            String target = targets.getOrDefault(db.database(), db.database());
            try {
                results.addAll(new TableSchedule<TableEntry, RestoreReport.TableResult>(spark.sparkContext(),
                        "cutover-restore-check-" + target, 2).run(db.tables(), TableEntry::rowsWritten, t -> 1,
                        (t, connections, read) -> check(db.database(), target, t, loaded.get(t))));
            } catch (CutoverException e) {
                throw e;
            } catch (Exception e) {
                throw CutoverException.failure("checking database '" + target + "' failed: " + SnapshotJob.reason(e), e);
            }
        }
        double checkSeconds = (System.nanoTime() - loadedAt) / 1e9;
        RestoreReport report = new RestoreReport(manifest.snapshotId(), results, loadSeconds, checkSeconds);
        out.printf("restore of %s: %d tables, %s (load, keys and indexes %s; check %s)%n", manifest.snapshotId(),
                results.size(), report.matches() ? "all identical to the backup" : report.differences() + " differing rows",
                Progress.formatDuration(loadSeconds), Progress.formatDuration(checkSeconds));
        return report;
    }

    /** A table of the backup and the database it is restored into. */
    private record TargetTable(String target, TableEntry entry) {
        String label() {
            return target + "." + entry.schema() + "." + entry.table();
        }
    }

    private interface DatabaseWork {
        void run(Connection c) throws SQLException;
    }

    private void inDatabase(String target, DatabaseWork work) {
        try (Connection c = server.connect(target)) {
            work.run(c);
        } catch (SQLException e) {
            throw CutoverException.failure("restoring into database '" + target + "' failed: " + PostgresServer.describe(e), e);
        }
    }

    /**
     * Loads every table of every database, as pg_restore -j: largest first, two at a time, one
     * table's keys and indexes built while the next one loads; the small tables in one job.
     */
    private Map<TableEntry, Loaded> loadAll(List<TargetTable> tables) {
        List<List<TargetTable>> units = TableSchedule.packSmall(tables,
                t -> t.entry().rowsWritten() <= TableSchedule.PACKED_TABLE_ROWS);
        List<List<Loaded>> loads;
        try {
            loads = new TableSchedule<List<TargetTable>, List<Loaded>>(spark.sparkContext(), "cutover-restore", 2)
                    .run(units, u -> u.stream().mapToLong(t -> t.entry().rowsWritten()).sum(), u -> 1,
                            (u, connections, copied) -> load(u, copied));
        } catch (CutoverException e) {
            throw e;
        } catch (Exception e) {
            // The message names the table (the loads name theirs) and what PostgreSQL said.
            throw CutoverException.failure(SnapshotJob.reason(e), e);
        }
        Map<TableEntry, Loaded> loaded = new java.util.IdentityHashMap<>();
        TableSchedule.perTable(units, loads).forEach((t, l) -> loaded.put(t.entry(), l));
        return loaded;
    }

    private void ensureDatabase(String name) {
        try (Connection c = server.connect("postgres");
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) return;
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + Sql.quote(name));
                out.println("created database " + name);
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot create target database '" + name + "': " + PostgresServer.describe(e), e);
        }
    }

    private void refuseExisting(String target, DatabaseEntry db) {
        try (Connection c = server.connect(target);
             PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TableEntry t : db.tables()) {
                st.setString(1, Sql.qualified(t.schema(), t.table()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw CutoverException.configuration("table " + t.schema() + "." + t.table() + " already exists in "
                                + "database '" + target + "'; restore never overwrites: restore into another database (--into "
                                + db.database() + "=NEW)");
                    }
                }
            }
            new SequenceAndTypeRestore(db, out).refuseExisting(c, target);
        } catch (SQLException e) {
            throw CutoverException.failure("cannot inspect database '" + target + "': " + PostgresServer.describe(e), e);
        }
    }

    /**
     * Loads the unit's created tables (in one Spark job, their partitions side by side), then
     * (their COPYs {@code copied}) adds their keys and indexes on a connection of their own.
     */
    private List<Loaded> load(List<TargetTable> unit, Runnable copied) throws SQLException {
        long started = System.nanoTime();
        List<JavaRDD<CopyLoader.Copied>> loads = new ArrayList<>();
        for (int i = 0; i < unit.size(); i++) loads.add(copyJob(unit.get(i), i));
        List<CopyLoader.Copied> copiedParts = (loads.size() == 1 ? loads.get(0)
                : JavaSparkContext.fromSparkContext(spark.sparkContext()).union(loads.toArray(JavaRDD[]::new))).collect();
        copied.run();
        Map<String, List<TargetTable>> byDatabase = unit.stream()
                .collect(Collectors.groupingBy(TargetTable::target, java.util.LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<TargetTable>> db : byDatabase.entrySet()) {
            try (Connection c = server.connect(db.getKey())) {
                forRestore(c);
                for (TargetTable t : db.getValue()) {
                    for (String constraint : t.entry().constraints()) {
                        if (!constraint.contains(" FOREIGN KEY ")) execute(c, constraint, t.label());
                    }
                    for (String index : t.entry().indexes()) execute(c, index, t.label());
                }
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        List<Loaded> loaded = new ArrayList<>();
        for (int i = 0; i < unit.size(); i++) {
            long rowsCopied = 0, rowsDecoded = 0, lane1 = 0, lane2 = 0;
            for (CopyLoader.Copied part : copiedParts) {
                if (part.table() != i) continue;
                rowsCopied += part.rowsCopied();
                rowsDecoded += part.rowsDecoded();
                lane1 += part.lane1();
                lane2 += part.lane2();
            }
            String together = unit.size() == 1 ? "" : ", one of " + unit.size() + " small tables loaded in one job";
            out.printf("  %s: %,d rows loaded in %s (%,.0f rows/s%s)%n", unit.get(i).label(), rowsCopied,
                    Progress.formatDuration(secs), rowsCopied / Math.max(secs, 1e-9), together);
            loaded.add(format >= 2 ? new Loaded(rowsDecoded, ContentChecksum.fromWrappedSums(lane1, lane2), rowsCopied) : null);
        }
        return loaded;
    }

    /** The table's load as a Spark transformation: one {@link CopyLoader.Copied} per partition, tagged {@code index}. */
    private JavaRDD<CopyLoader.Copied> copyJob(TargetTable table, int index) {
        TableEntry t = table.entry();
        String label = table.label();
        Dataset<Row> stored = ParquetFiles.read(spark, snapshotDir, t);
        StructType schema = stored.schema();
        // COPY cannot write a generated column: PostgreSQL computes it from the others, and the
        // read-back checks it came out as the backup holds it.
        List<ColumnEntry> loaded = t.columns().stream().filter(col -> !col.generated()).toList();
        List<String> names = Arrays.asList(schema.fieldNames());
        int[] positions = new int[loaded.size()];
        DataType[] types = new DataType[loaded.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = names.indexOf(loaded.get(i).name());
            if (positions[i] < 0) {
                throw CutoverException.failure(label + ": column " + loaded.get(i).name() + " is not in the backup's files", null);
            }
            types[i] = schema.fields()[positions[i]].dataType();
        }
        ColumnEncoding[] encodings = loaded.stream().map(ColumnEntry::encoding).toArray(ColumnEncoding[]::new);
        String copy = "COPY " + Sql.qualified(t.schema(), t.table()) + " ("
                + loaded.stream().map(col -> Sql.quote(col.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN";
        // Format 2: the content checksum of the rows as they are decoded for COPY, the whole row
        // (generated columns included), in the load's own pass. Spark's internal rows as decoded:
        // no Row objects, no Java strings on the way to COPY.
        CopyLoader loader = new CopyLoader(label, server.jdbcUrl(table.target()), server.connectionProperties(), copy,
                positions, types, encodings, format >= 2 ? new RowHash128(schema, 0) : null);
        return stored.queryExecution().toRdd().toJavaRDD().mapPartitions(loader.load(index));
    }

    /**
     * Settings for a session that loads or indexes a table. A commit need not wait for its WAL to
     * reach disk: a restore interrupted by a crash is redone into a fresh database anyway (it
     * refuses existing tables), and the foreign keys and sequences are set afterwards on a
     * session that commits durably, which flushes all the WAL written before it. Index builds get
     * the memory pg_restore users typically give them, so that large tables sort in memory.
     */
    static void forRestore(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = off; SET maintenance_work_mem = '" + RESTORE_MAINTENANCE_MEMORY + "'");
        }
    }

    /** Per index build; two run at a time. */
    static final String RESTORE_MAINTENANCE_MEMORY = "256MB";

    private static void execute(Connection c, String sql, String label) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw CutoverException.failure(label + ": " + PostgresServer.describe(e) + " in: " + sql.lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The restored table as the catalog describes it, which must be the backup's columns with the
     * backup's stored forms: the check then reads it exactly as the snapshot read its source.
     */
    private SourceTable restoredTable(String target, TableEntry t) {
        SourceTable restored;
        try (Connection c = server.connect(target)) {
            restored = new SourceCatalog(c, target).resolve(List.of(t.schema() + "." + t.table())).get(0);
        } catch (SQLException e) {
            throw CutoverException.failure("reading the catalog of " + target + "." + t.schema() + "." + t.table()
                    + " failed: " + PostgresServer.describe(e), e);
        }
        List<String> restoredColumns = restored.columns().stream().map(c -> c.name() + " " + c.encoding()).toList();
        List<String> backupColumns = t.columns().stream().map(c -> c.name() + " " + c.encoding()).toList();
        if (!restoredColumns.equals(backupColumns)) {
            throw CutoverException.failure(restored.label() + " was created with columns " + restoredColumns
                    + ", the backup holds " + backupColumns, null);
        }
        return restored;
    }

    /** The restored table's key ranges, as the snapshot split its source: the check then reads on every core. */
    private List<String> keyRanges(SourceTable restored, long rows) {
        int splits = (int) Math.min(10_000, Math.max(1, (rows + SnapshotSpec.DEFAULT_ROWS_PER_SPLIT - 1)
                / SnapshotSpec.DEFAULT_ROWS_PER_SPLIT));
        try (Connection c = server.connect(restored.database())) {
            return KeyQuantiles.predicates(c, restored, rows, splits);
        } catch (SQLException e) {
            throw CutoverException.failure("splitting " + restored.label() + " for its check failed: "
                    + PostgresServer.describe(e), e);
        }
    }

    /**
     * The table's check: from its load when that proves as much as reading it back (format 2, no
     * generated column, the rows COPY wrote and the rows decoded from the files both the backup's
     * count, and the files' checksum the backup's); else, and for every table when asked, reads
     * the restored table as the snapshot read its source and compares it with the backup.
     */
    private RestoreReport.TableResult check(String sourceDb, String target, TableEntry t, Loaded load) {
        boolean generated = t.columns().stream().anyMatch(ColumnEntry::generated);
        if (load != null && !readBackEveryTable && !generated && load.rowsCopied() == t.rowsWritten()
                && load.rowsFromFiles() == t.rowsWritten() && load.checksum().hex().equals(t.contentChecksum())) {
            out.printf("  %s.%s.%s: %,d rows copied, checksum %s as loaded = backup%n", target, t.schema(), t.table(),
                    load.rowsCopied(), load.checksum());
            return new RestoreReport.TableResult(sourceDb + "." + t.schema() + "." + t.table(),
                    target + "." + t.schema() + "." + t.table(), t.rowsWritten(), load.rowsCopied(), t.contentChecksum(),
                    load.checksum().hex(), 0);
        }
        if (load != null && !load.checksum().hex().equals(t.contentChecksum())) {
            out.printf("  %s.%s.%s: the files loaded hold %,d rows, checksum %s, the manifest says %,d rows, checksum %s: "
                    + "they changed after the snapshot (snapshot verify names them); reading the table back%n", target,
                    t.schema(), t.table(), load.rowsFromFiles(), load.checksum(), t.rowsWritten(), t.contentChecksum());
        }
        return readBack(sourceDb, target, t);
    }

    /** Reads the restored table as the snapshot read its source and compares it with the backup. */
    private RestoreReport.TableResult readBack(String sourceDb, String target, TableEntry t) {
        SourceTable restoredTable = restoredTable(target, t);
        Dataset<Row> restored = SnapshotTableReader.COPY.read(spark, server, restoredTable, keyRanges(restoredTable, t.rowsWritten()),
                SnapshotSpec.DEFAULT_FETCH_SIZE, READER_SETTINGS, SnapshotSpec.DEFAULT_MAX_CONNECTIONS);
        long rows;
        ContentChecksum checksum;
        if (format >= 2) {
            ChecksumAccumulator.Sums sums = HashedRows.sumsOf(restored);
            rows = sums.rows();
            checksum = sums.checksum();
        } else {
            Column[] aggs = ContentChecksum.aggregates(restored.schema());
            Row r = restored.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
            rows = r.getLong(0);
            checksum = ContentChecksum.fromRow(r, 1);
        }
        long differences = 0;
        if (rows != t.rowsWritten() || !checksum.hex().equals(t.contentChecksum())) {
            Dataset<Row> backup = ParquetFiles.read(spark, snapshotDir, t);
            Dataset<Row> missing = backup.exceptAll(restored);
            Dataset<Row> extra = restored.exceptAll(backup);
            differences = missing.count() + extra.count();
            out.println("  " + target + "." + t.schema() + "." + t.table() + ": " + differences + " rows differ; e.g. in the backup only: "
                    + missing.limit(3).collectAsList() + ", restored only: " + extra.limit(3).collectAsList());
        }
        out.printf("  %s.%s.%s: %,d rows, checksum %s %s%n", target, t.schema(), t.table(), rows, checksum,
                rows == t.rowsWritten() && checksum.hex().equals(t.contentChecksum()) ? "= backup" : "!= backup " + t.contentChecksum());
        return new RestoreReport.TableResult(sourceDb + "." + t.schema() + "." + t.table(),
                target + "." + t.schema() + "." + t.table(), t.rowsWritten(), rows, t.contentChecksum(), checksum.hex(),
                differences);
    }
}
