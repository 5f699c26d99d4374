package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import io.cutover.snapshot.ReadBack.Written;
import io.cutover.snapshot.SnapshotManifest.ColumnEntry;
import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.FileEntry;
import io.cutover.snapshot.SnapshotManifest.FileSourceEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.snapshot.SnapshotSpec.FileSource;
import io.cutover.storage.ExclusiveDirectory;
import io.cutover.storage.Location;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * {@code cutover snapshot}: one consistent cut per database written as Parquet, proven by row
 * counts and content checksums, committed by a manifest written last.
 */
public final class SnapshotJob {
    private final SparkSession spark;
    private final PostgresServer server;
    private final SnapshotSpec spec;
    private final PrintStream out;
    private final TableProgress progress = new TableProgress();
    /** Large tables reading at once, each with its share of the connection cap. */
    static final int PARALLEL_TABLES = 2;
    /** The Parquet files' zstd level (parquet-mr's default is 3). */
    static final String ZSTD_LEVEL = "1";
    /**
     * How every snapshot file is written. Dictionary pages off: measured on a Reddit-shaped set,
     * writes took 30% less time and the zstd output was 7% smaller (zstd already folds the
     * repeats a dictionary would). zstd level 1 rather than 3: on the small world 8% less CPU
     * for a 5% larger backup.
     */
    static final Map<String, String> WRITE_OPTIONS = Map.of("compression", "zstd",
            "parquet.compression.codec.zstd.level", ZSTD_LEVEL, "parquet.enable.dictionary", "false");
    /** Small tables written whose files are read back together once every table is written. */
    private final List<ReadBack.Pending> readBackLater = Collections.synchronizedList(new ArrayList<>());
    private long totalRows;
    private long totalBytes;

    private SnapshotJob(SparkSession spark, PostgresServer server, SnapshotSpec spec, PrintStream out) {
        this.spark = spark;
        this.server = server;
        this.spec = spec;
        this.out = out;
    }

    /** Takes the snapshot and returns its committed manifest; throws a CutoverException otherwise. */
    public static SnapshotManifest run(SparkSession spark, PostgresServer server, SnapshotSpec spec, PrintStream out) {
        spec.validate();
        return new SnapshotJob(spark, server, spec, out).run();
    }

    private SnapshotManifest run() {
        Location dir = spec.outputDir().resolve(spec.snapshotId());
        refuseExisting(dir);
        // The stored forms assume these; they are the cutover defaults, enforced here for callers' sessions.
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        spark.conf().set("spark.sql.parquet.compression.codec", "zstd");
        String startedAt = Instant.now().toString();
        long started = System.nanoTime();
        List<HeldSnapshot> held = new ArrayList<>();
        try {
            // Every database is cut and every table resolved before anything is written, so that
            // a missing table or a missing privilege fails fast and leaves nothing behind.
            List<List<SourceTable>> tables = new ArrayList<>();
            List<SequencesAndTypes> sequencesAndTypes = new ArrayList<>();
            for (DatabaseSelection db : spec.databases()) {
                HeldSnapshot h = HeldSnapshot.take(server, db.database());
                held.add(h);
                tables.add(resolve(h, db));
                sequencesAndTypes.add(sequencesAndTypes(h, tables.get(tables.size() - 1)));
            }
            // Counts and key quantiles come from the holding transactions, one statement at a time.
            List<List<TablePlan>> plans = new ArrayList<>();
            for (int i = 0; i < held.size(); i++) plans.add(plan(held.get(i), tables.get(i)));
            createSnapshotDirectory(dir);
            spark.sparkContext().addSparkListener(progress);
            try {
                for (int i = 0; i < held.size(); i++) {
                    HeldSnapshot h = held.get(i);
                    out.println("database " + h.database() + ": snapshot " + h.exportedId() + " ("
                            + tables.get(i).size() + " tables, PostgreSQL " + h.serverVersion() + ")");
                }
                List<List<TableEntry>> entries = backUpAll(plans, dir);
                List<DatabaseEntry> databases = new ArrayList<>();
                for (int i = 0; i < held.size(); i++) {
                    HeldSnapshot h = held.get(i);
                    databases.add(new DatabaseEntry(h.database(), h.serverVersion(), h.exportedId(),
                            h.visibleSnapshot(), h.takenAt(), entries.get(i), sequencesAndTypes.get(i).sequences(),
                            sequencesAndTypes.get(i).types()));
                    h.close();
                }
                List<FileSourceEntry> files = new ArrayList<>();
                for (FileSource f : spec.files()) files.add(backUp(f, dir));
                SnapshotManifest manifest = new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, spec.snapshotId(),
                        startedAt, Instant.now().toString(), "cutover 0.1.0", databases, files);
                ManifestFile.commit(dir, manifest);
                double secs = (System.nanoTime() - started) / 1e9;
                out.printf("snapshot %s committed: %,d rows, %.1f MB in %s (%,.0f rows/s, %.1f MB/s) -> %s%n",
                        spec.snapshotId(), totalRows, totalBytes / 1e6, Progress.formatDuration(secs),
                        totalRows / Math.max(secs, 1e-9), totalBytes / 1e6 / Math.max(secs, 1e-9), dir);
                return manifest;
            } catch (Exception e) {
                removePartial(dir);
                if (e instanceof CutoverException ce) throw ce;
                throw CutoverException.failure("snapshot " + spec.snapshotId() + " failed, nothing was committed "
                        + "(the partial files were removed): " + reason(e), e);
            } finally {
                spark.sparkContext().removeSparkListener(progress);
            }
        } finally {
            held.forEach(HeldSnapshot::close);
        }
    }

    private static void refuseExisting(Location dir) {
        if (ManifestFile.isCommitted(dir)) {
            throw CutoverException.configuration("snapshot " + dir.name() + " already exists and is committed ("
                    + dir + "); a committed snapshot is never overwritten: choose another id");
        }
        if (dir.existsQuietly()) {
            throw CutoverException.configuration(dir + " exists but holds no manifest: an earlier run was killed "
                    + "or is still running; remove it or choose another id");
        }
    }

    private void createSnapshotDirectory(Location dir) {
        try {
            spec.outputDir().mkdirs();
            // Of two runs with the same id, exactly one gets here (on an object store only if it
            // can refuse an upload when the object exists; the claim's caveat says when not).
            ExclusiveDirectory.create(dir).caveat().ifPresent(c -> out.println("warning: " + c));
        } catch (FileAlreadyExistsException e) {
            refuseExisting(dir);
            throw CutoverException.configuration(dir + " appeared while the snapshot started: another run uses this id");
        } catch (AccessDeniedException e) {
            throw CutoverException.configuration("output directory " + spec.outputDir() + " is not writable");
        } catch (IOException e) {
            throw CutoverException.configuration("cannot create " + dir + ": " + e.getMessage());
        }
    }

    private List<SourceTable> resolve(HeldSnapshot h, DatabaseSelection db) {
        try {
            List<SourceTable> tables = new SourceCatalog(h.connection(), db.database()).resolve(db.tables());
            for (SourceTable t : tables) h.lock(t.qualifiedName());
            return tables;
        } catch (SQLException e) {
            throw CutoverException.failure("reading the catalog of database '" + db.database() + "' failed: "
                    + PostgresServer.describe(e), e);
        }
    }

    /** The sequences and user-defined types the held snapshot sees (read right after the export). */
    private static SequencesAndTypes sequencesAndTypes(HeldSnapshot h, List<SourceTable> tables) {
        try {
            return SequencesAndTypes.read(h.connection(), h.database(), tables);
        } catch (SQLException e) {
            throw CutoverException.failure("reading the sequences and types of database '" + h.database() + "' failed: "
                    + PostgresServer.describe(e), e);
        }
    }

    /** A table to back up, with its row count and key ranges taken in the held snapshot. */
    private record TablePlan(HeldSnapshot held, SourceTable table, long rows, List<String> predicates, double seconds) {}

    private List<TablePlan> plan(HeldSnapshot h, List<SourceTable> tables) {
        List<TablePlan> plans = new ArrayList<>();
        for (SourceTable table : tables) {
            try {
                long t0 = System.nanoTime();
                long rows = h.count(table.qualifiedName());
                int splits = (int) Math.min(10_000, Math.max(1, (rows + spec.rowsPerSplit() - 1) / spec.rowsPerSplit()));
                List<String> predicates = KeyQuantiles.predicates(h.connection(), table, rows, splits);
                plans.add(new TablePlan(h, table, rows, predicates, (System.nanoTime() - t0) / 1e9));
            } catch (SQLException e) {
                throw CutoverException.failure("counting " + table.label() + " failed: " + PostgresServer.describe(e), e);
            }
        }
        return plans;
    }

    /**
     * Backs up every table of every database through one {@link TableSchedule} under the
     * connection cap: largest first, a large table reading with at most half of the cap (so two
     * read at once), the small tables ({@link TableSchedule#PACKED_TABLE_ROWS}, one key range)
     * read and written together in one Spark job.
     */
    private List<List<TableEntry>> backUpAll(List<List<TablePlan>> plans, Location dir) throws Exception {
        int share = Math.max(1, spec.maxConnections() / PARALLEL_TABLES);
        List<TablePlan> all = plans.stream().flatMap(List::stream).toList();
        List<List<TablePlan>> units = TableSchedule.packSmall(all,
                p -> p.predicates().size() <= 1 && p.rows() <= TableSchedule.PACKED_TABLE_ROWS);
        TableSchedule<List<TablePlan>, List<TableEntry>> schedule =
                new TableSchedule<>(spark.sparkContext(), "cutover-snapshot-" + spec.snapshotId(), spec.maxConnections());
        List<List<TableEntry>> done = schedule.run(units, u -> u.stream().mapToLong(TablePlan::rows).sum(),
                u -> Math.min(share, u.size() == 1 ? Math.max(1, u.get(0).predicates().size()) : u.size()),
                (u, connections, readDone) -> {
                    String label = u.size() == 1 ? u.get(0).table().label() : u.size() + " small tables";
                    spark.sparkContext().setLocalProperty(TableProgress.TABLE_PROPERTY, label);
                    try {
                        return u.size() > 1 ? backUpTogether(u, dir, readDone)
                                : List.of(backUp(u.get(0), dir, connections, readDone));
                    } finally {
                        spark.sparkContext().setLocalProperty(TableProgress.TABLE_PROPERTY, null);
                    }
                });
        Map<TablePlan, TableEntry> byPlan = TableSchedule.perTable(units, done);
        List<TableEntry> inOrder = readBackSmallTables(all.stream().map(byPlan::get).toList());
        List<List<TableEntry>> entries = new ArrayList<>();
        int next = 0;
        for (List<TablePlan> dbPlans : plans) {
            entries.add(new ArrayList<>(inOrder.subList(next, next + dbPlans.size())));
            next += dbPlans.size();
        }
        return entries;
    }

    /** One read-back job for every table written by one task; their entries get their files. */
    private List<TableEntry> readBackSmallTables(List<TableEntry> written) throws IOException {
        if (readBackLater.isEmpty()) return written;
        out.printf("  reading back the %d small tables in one job%n", readBackLater.size());
        List<Written> checked = ReadBack.all(spark, readBackLater);
        Map<String, Written> byDir = new HashMap<>();
        for (int i = 0; i < checked.size(); i++) {
            ReadBack.Pending p = readBackLater.get(i);
            byDir.put(p.dir().toString(), checked.get(i));
            report(p.label(), checked.get(i), checked.get(i).writeSeconds() + checked.get(i).readBackSeconds());
        }
        List<TableEntry> done = new ArrayList<>();
        for (TableEntry t : written) {
            if (t.files() != null) {
                done.add(t);
                continue;
            }
            Written w = byDir.get(spec.outputDir().resolve(spec.snapshotId()).resolve(t.path()).toString());
            SnapshotManifest.Timings s = t.timings();
            done.add(new TableEntry(t.schema(), t.table(), t.path(), t.createTable(), t.constraints(), t.indexes(),
                    t.columns(), t.splitKey(), t.splits(), t.rowsInSnapshot(), t.rowsWritten(), t.contentChecksum(),
                    w.files(), new SnapshotManifest.Timings(s.plan(), s.readAndWrite(), w.readBackSeconds(),
                    s.total() + w.readBackSeconds())));
        }
        return done;
    }

    private TableEntry backUp(TablePlan plan, Location snapshotDir, int maxConnections, Runnable readDone) throws IOException {
        long started = System.nanoTime();
        SourceTable table = plan.table();
        Location tableDir = snapshotDir.resolve(relativePath(table));
        HashedRows rowsRead = read(plan, maxConnections, "");
        // A table read by one task has one file: its read-back waits for the other small tables'.
        boolean later = plan.predicates().size() <= 1;
        Written w = write(table.label(), rowsRead, tableDir, plan.rows(), readDone, later);
        double secs = (System.nanoTime() - started) / 1e9;
        if (!later) report(table.label(), w, secs);
        return entry(plan, rowsRead, w, secs);
    }

    /**
     * Small tables read and written side by side in one Spark job ({@link PackedParquetWrite}),
     * each with its own rows, checksum and file, read back with the others later.
     */
    private List<TableEntry> backUpTogether(List<TablePlan> plans, Location snapshotDir, Runnable readDone) throws IOException {
        long started = System.nanoTime();
        List<HashedRows> read = new ArrayList<>();
        List<PackedParquetWrite.Target> targets = new ArrayList<>();
        for (TablePlan plan : plans) {
            HashedRows rows = read(plan, 1, ", written with the other small tables in one job");
            read.add(rows);
            targets.add(new PackedParquetWrite.Target(rows.rows(), snapshotDir.resolve(relativePath(plan.table())).uri()));
        }
        long expected = plans.stream().mapToLong(TablePlan::rows).sum();
        Progress p = new Progress(plans.size() + " small tables", expected, out);
        String key = spark.sparkContext().getLocalProperty(TableProgress.TABLE_PROPERTY);
        progress.track(key, p);
        try {
            PackedParquetWrite.write(spark, targets, WRITE_OPTIONS);
        } catch (Exception e) {
            throw CutoverException.failure(plans.size() + " small tables: reading or writing failed: " + reason(e), e);
        } finally {
            progress.track(key, null);
            readDone.run();
        }
        // Each table's share of the one job, so that the manifest's timings still add up.
        double share = (System.nanoTime() - started) / 1e9 / plans.size();
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            TablePlan plan = plans.get(i);
            ChecksumAccumulator.Sums sums = read.get(i).sums();
            ReadBack.Pending pending = new ReadBack.Pending(plan.table().label(),
                    snapshotDir.resolve(relativePath(plan.table())), read.get(i).rows().schema(), sums.rows(), sums.checksum(), share);
            readBackLater.add(pending);
            entries.add(entry(plan, read.get(i), new Written(sums.rows(), sums.checksum(), null, share, 0), share));
        }
        return entries;
    }

    private static String relativePath(SourceTable table) {
        return table.database() + "/" + table.directoryName();
    }

    /** The table's rows as the reader hashes them, announced on the console. */
    private HashedRows read(TablePlan plan, int maxConnections, String together) {
        SourceTable table = plan.table();
        List<String> predicates = plan.predicates();
        HashedRows rowsRead = spec.reader().readHashed(spark, server, table, predicates, spec.fetchSize(),
                plan.held().readerInitStatement(), maxConnections, "checksum " + table.label());
        String how = predicates.isEmpty()
                ? (table.splitKey() == null ? "one task: no integer primary or unique key to split on" : "one task")
                : predicates.size() + " key ranges on " + table.splitKey().name();
        out.printf("  %s: %,d rows, %s reader, %s%s%n", table.label(), plan.rows(), spec.reader().option(), how, together);
        return rowsRead;
    }

    /** The table's manifest entry, once its rows are written (files null until read back). */
    private TableEntry entry(TablePlan plan, HashedRows rowsRead, Written w, double secs) {
        SourceTable table = plan.table();
        long rows = plan.rows();
        if (w.rows() != rows) {
            throw CutoverException.failure(table.label() + ": " + String.format("%,d", rows)
                    + " rows in the snapshot but the readers returned " + String.format("%,d", w.rows())
                    + ": they did not share the exported snapshot (fetch size, sessionInitStatement?)", null);
        }
        List<ColumnEntry> columns = new ArrayList<>();
        StructField[] fields = rowsRead.rows().schema().fields();
        for (int i = 0; i < fields.length; i++) {
            SourceColumn c = table.columns().get(i);
            columns.add(new ColumnEntry(c.name(), c.pgType(), c.notNull(), c.defaultExpression(), c.encoding(),
                    fields[i].dataType().simpleString(), c.identity(), c.generatedExpression()));
        }
        return new TableEntry(table.schema(), table.name(), relativePath(table), table.createTableSql(), table.constraints(),
                table.indexes(), columns, table.splitKey() == null ? null : table.splitKey().name(),
                Math.max(1, plan.predicates().size()), rows, w.rows(), w.checksum().hex(), w.files(),
                new SnapshotManifest.Timings(plan.seconds(), w.writeSeconds(), w.readBackSeconds(), plan.seconds() + secs));
    }

    private FileSourceEntry backUp(FileSource source, Location snapshotDir) throws IOException {
        long started = System.nanoTime();
        String shaBefore = ParquetFiles.sha256(source.path());
        long bytes = source.path().size();
        // No schema inference: every field stays the exact text it was ("007" stays "007").
        Dataset<Row> rows = spark.read().option("header", "true").option("mode", "FAILFAST")
                .option("inferSchema", "false").csv(source.path().uri());
        String relative = "files/" + source.name();
        out.printf("  file %s: %s (%,d bytes)%n", source.name(), source.path(), bytes);
        Written w = write("file " + source.name(), HashedRows.of(spark, rows, "checksum file " + source.name()),
                snapshotDir.resolve(relative), -1, () -> {}, false);
        if (!ParquetFiles.sha256(source.path()).equals(shaBefore)) {
            throw CutoverException.failure("file source " + source.path() + " changed while it was being read", null);
        }
        double secs = (System.nanoTime() - started) / 1e9;
        report("file " + source.name(), w, secs);
        return new FileSourceEntry(source.name(), source.path().toString(), "csv", bytes, shaBefore, relative,
                Arrays.asList(rows.columns()), w.rows(), w.checksum().hex(), w.files(),
                new SnapshotManifest.Timings(0, w.writeSeconds(), w.readBackSeconds(), secs));
    }

    /**
     * Writes the rows, computing count and checksum as they stream through ({@link HashedRows}, or
     * the COPY reader itself),
     * and (unless {@code later}, for a small table whose read-back joins the others' in one job)
     * reads the files back and checks both per file against what was read.
     */
    private Written write(String label, HashedRows hashed, Location dir, long expected, Runnable readDone, boolean later)
            throws IOException {
        Progress p = new Progress(label, expected, out);
        String key = spark.sparkContext().getLocalProperty(TableProgress.TABLE_PROPERTY);
        long t0 = System.nanoTime();
        progress.track(key, p);
        try {
            hashed.rows().write().mode(SaveMode.ErrorIfExists).options(WRITE_OPTIONS).parquet(dir.uri());
        } catch (Exception e) {
            throw CutoverException.failure(label + ": reading or writing failed: " + reason(e), e);
        } finally {
            progress.track(key, null);
            readDone.run();
        }
        ChecksumAccumulator.Sums sums = hashed.sums();
        ReadBack.Pending pending = new ReadBack.Pending(label, dir, hashed.rows().schema(), sums.rows(), sums.checksum(), (System.nanoTime() - t0) / 1e9);
        if (later) {
            readBackLater.add(pending);
            return new Written(pending.rows(), pending.checksum(), null, pending.writeSeconds(), 0);
        }
        return ReadBack.one(spark, pending);
    }

    private synchronized void report(String label, Written w, double secs) {
        long bytes = w.files().stream().mapToLong(FileEntry::bytes).sum();
        totalRows += w.rows();
        totalBytes += bytes;
        out.printf("  %s: done, %,d rows in %s (%,.0f rows/s), %d files, %.1f MB, checksum %s%n", label, w.rows(),
                Progress.formatDuration(secs), w.rows() / Math.max(secs, 1e-9), w.files().size(), bytes / 1e6, w.checksum());
    }

    private void removePartial(Location dir) {
        try {
            dir.deleteRecursively();
        } catch (IOException ignored) {
            // left behind without a manifest: it can never be taken for a complete snapshot
        }
    }

    static String reason(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof SQLException sql) return PostgresServer.describe(sql);
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        return m.replaceAll("(?i)(password=)[^&\\s]*", "$1<redacted>");
    }
}
