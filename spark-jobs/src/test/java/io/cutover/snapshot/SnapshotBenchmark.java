package io.cutover.snapshot;

import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.spark.SparkSessions;
import io.cutover.testing.PeakMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Not a test: {@code cutover snapshot} against {@code pg_dump -Fd -j 2} on the same databases
 * of an existing server (the {@code large} demo world, or a Reddit-shaped set it generates).
 * Prints rows/s and MB/s of the snapshot, its size, peak memory, pg_dump's wall time and size,
 * and the ratio. Run it with {@code bin/bench-snapshot}.
 */
@Command(name = "bench-snapshot", mixinStandardHelpOptions = true)
public final class SnapshotBenchmark implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = {"-d", "--database"}, description = "Databases to back up (default: reddit, app).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--out", required = true, description = "Scratch directory for both backups (emptied first).")
    Path out;

    @Option(names = "--pg-dump", defaultValue = "pg_dump", description = "pg_dump binary, of the server's major version or newer.")
    String pgDump;

    @Option(names = "--generate", paramLabel = "LINKS",
            description = "First create database bench_reddit (Reddit schema) with LINKS links, 2x comments, 4-3 data keys each.")
    long generate;

    @Option(names = "--rows-per-split", defaultValue = "" + SnapshotSpec.DEFAULT_ROWS_PER_SPLIT)
    long rowsPerSplit;

    @Option(names = "--max-connections", defaultValue = "" + SnapshotSpec.DEFAULT_MAX_CONNECTIONS)
    int maxConnections;

    @Option(names = "--fetch-size", defaultValue = "" + SnapshotSpec.DEFAULT_FETCH_SIZE)
    int fetchSize;

    @Option(names = "--reader", paramLabel = "copy|jdbc", defaultValue = "copy",
            description = "How the snapshot reads tables (default: ${DEFAULT-VALUE}).")
    SnapshotTableReader reader;

    @Option(names = "--skip-pg-dump", description = "Neither pg_dump nor pg_restore (the restore alone, unless --skip-restore).")
    boolean skipPgDump;

    @Option(names = "--skip-restore", description = "Neither restore nor pg_restore.")
    boolean skipRestore;

    @Option(names = "--skip-profile", description = "Not the per-reader profile of reading alone.")
    boolean skipProfile;

    @Option(names = "--runs", defaultValue = "1",
            description = "Snapshots taken one after the other in the same JVM (each figure printed; the last is kept).")
    int runs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SnapshotBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (ServerInUse pg = server.open()) {
            PostgresServer s = pg.server();
            if (generate > 0) {
                generate(s, generate);
                databases = List.of("bench_reddit");
            }
            if (databases.isEmpty()) databases = List.of("reddit", "app");
            deleteTree(out);
            Files.createDirectories(out);
            SparkSession spark = SparkSessions.getOrCreate("bench-snapshot");
            spark.range(1).count(); // start-up is not the snapshot's time

            SnapshotSpec spec = SnapshotSpec.of(out.resolve("snapshots"),
                            databases.stream().map(d -> new DatabaseSelection(d, List.of())).toList())
                    .withSnapshotId("bench").withRowsPerSplit(rowsPerSplit).withReading(maxConnections, fetchSize)
                    .withReader(reader);
            SnapshotManifest m = null;
            double snapSecs = 0;
            for (int run = 1; run <= runs; run++) {
                if (run > 1) deleteTree(out.resolve("snapshots"));
                long t0 = System.nanoTime();
                long cpu0 = ProcessCpu.nanos();
                m = SnapshotJob.run(spark, s, spec, System.out);
                snapSecs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("snapshot run %d of %d  %.1f s wall, %.1f s CPU of this JVM (user+sys; %s)%n", run, runs,
                        snapSecs, (ProcessCpu.nanos() - cpu0) / 1e9, ProcessCpu.load());
            }
            long rows = m.databases().stream().flatMap(d -> d.tables().stream()).mapToLong(SnapshotManifest.TableEntry::rowsWritten).sum();
            long snapBytes = size(out.resolve("snapshots"));
            long dbBytes = databaseBytes(s, databases);

            System.out.println();
            System.out.printf("databases            %s (%.1f MB on disk in PostgreSQL)%n", databases, dbBytes / 1e6);
            System.out.printf("reader               %s%n", reader.option());
            System.out.printf("content checksum     %s%n", SnapshotManifest.rowHash(m.formatVersion()));
            System.out.printf("snapshot             %,d rows in %.1f s: %,.0f rows/s, %.1f MB/s of database, %.1f MB/s of Parquet%n",
                    rows, snapSecs, rows / snapSecs, dbBytes / 1e6 / snapSecs, snapBytes / 1e6 / snapSecs);
            double plan = 0, write = 0, readBack = 0;
            for (var d : m.databases()) {
                for (var t : d.tables()) {
                    plan += t.timings().plan();
                    write += t.timings().readAndWrite();
                    readBack += t.timings().readBack();
                }
            }
            double all = plan + write + readBack;
            System.out.printf("where the time went  count+quantiles %.0f%%, read+convert+hash+Parquet write %.0f%%, read-back %.0f%% "
                    + "(of %.1f table-seconds, which overlap: %d tables read at a time)%n", 100 * plan / all, 100 * write / all, 100 * readBack / all,
                    all, SnapshotJob.PARALLEL_TABLES);
            System.out.printf("snapshot size        %.1f MB (Parquet zstd, incl. manifest)%n", snapBytes / 1e6);
            System.out.println("peak memory          " + PeakMemory.describe());
            if (!skipProfile) profile(spark, s, spec);
            if (!skipPgDump) {
                double dumpSecs = 0;
                long dumpBytes = 0;
                for (String db : databases) {
                    Path dir = out.resolve("pg_dump").resolve(db);
                    Files.createDirectories(dir.getParent());
                    long d0 = System.nanoTime();
                    runPgDump(s, db, dir);
                    dumpSecs += (System.nanoTime() - d0) / 1e9;
                    dumpBytes += size(dir);
                }
                System.out.printf("pg_dump -Fd -j 2     %.1f s, %.1f MB%n", dumpSecs, dumpBytes / 1e6);
                System.out.printf("ratio snapshot/pg_dump  time %.2f, size %.2f%n", snapSecs / dumpSecs, (double) snapBytes / dumpBytes);
            }
            if (!skipRestore) restoreBoth(spark, s, out.resolve("snapshots").resolve("bench"), rows);
        }
        return 0;
    }

    /**
     * Splits the read-and-write pass: the same reads into Spark's no-op sink, without and with
     * the content checksum, by each reader (the snapshot's first); what is left of the pass is
     * Parquet encoding and writing.
     */
    private void profile(SparkSession spark, PostgresServer s, SnapshotSpec spec) throws SQLException {
        List<SnapshotTableReader> readers = new ArrayList<>(List.of(spec.reader()));
        for (SnapshotTableReader r : SnapshotTableReader.values()) if (r != spec.reader()) readers.add(r);
        for (SnapshotTableReader r : readers) {
            double read = 0, hashed = 0;
            long rows = 0;
            for (String db : databases) {
                try (HeldSnapshot h = HeldSnapshot.take(s, db)) {
                    for (SourceTable t : new SourceCatalog(h.connection(), db).resolve(List.of())) {
                        long n = h.count(t.qualifiedName());
                        int splits = (int) Math.max(1, (n + spec.rowsPerSplit() - 1) / spec.rowsPerSplit());
                        List<String> predicates = KeyQuantiles.predicates(h.connection(), t, n, splits);
                        var df = r.read(spark, s, t, predicates, spec.fetchSize(), h.readerInitStatement(), spec.maxConnections());
                        long t0 = System.nanoTime();
                        df.write().format("noop").mode("overwrite").save();
                        long t1 = System.nanoTime();
                        HashedRows.sumsOf(df);
                        read += (t1 - t0) / 1e9;
                        hashed += (System.nanoTime() - t1) / 1e9;
                        rows += n;
                    }
                }
            }
            System.out.printf("profile %-4s reader  (tables one at a time) read+convert %.1f s (%,.0f rows/s); "
                    + "read+convert+checksum %.1f s%n", r.option(), read, rows / Math.max(read, 1e-9), hashed);
        }
    }

    /**
     * {@code cutover restore} of the snapshot against {@code pg_restore -j 2} of pg_dump's output,
     * each into fresh databases (dropped afterwards). The restore's time includes its check (from
     * the load's own pass, a read-back for tables with generated columns); pg_restore checks nothing.
     */
    private void restoreBoth(SparkSession spark, PostgresServer s, Path snapshot, long rows) throws Exception {
        java.util.Map<String, String> targets = new java.util.LinkedHashMap<>();
        for (String db : databases) targets.put(db, db + "_bench_restore");
        dropDatabases(s, targets.values());
        long t0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        RestoreReport report = SnapshotRestore.run(spark, s, snapshot, targets, System.out);
        double restoreSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("restore              %.1f s wall, %.1f s CPU of this JVM (user+sys; %s)%n", restoreSecs,
                (ProcessCpu.nanos() - cpu0) / 1e9, ProcessCpu.load());
        dropDatabases(s, targets.values());
        if (!report.matches()) throw new IllegalStateException("restore did not match the backup");
        if (skipPgDump) {
            System.out.printf("restore              %,d rows in %.1f s (load, keys, indexes and sequences %.1f s; check %.1f s)%n",
                    rows, restoreSecs, report.loadSeconds(), report.checkSeconds());
            return;
        }

        String pgRestore = Path.of(pgDump).getParent() == null ? "pg_restore"
                : Path.of(pgDump).resolveSibling("pg_restore").toString();
        double pgRestoreSecs = 0;
        for (String db : databases) {
            String target = db + "_bench_pg_restore";
            dropDatabases(s, List.of(target));
            try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + target);
            }
            long r0 = System.nanoTime();
            run(s, pgRestore, "-j", "2", "-d", target, out.resolve("pg_dump").resolve(db).toString());
            pgRestoreSecs += (System.nanoTime() - r0) / 1e9;
            dropDatabases(s, List.of(target));
        }
        System.out.printf("restore              %,d rows in %.1f s: %,.0f rows/s (load, keys, indexes and sequences %.1f s; "
                + "read-back check %.1f s)%n", rows, restoreSecs, rows / restoreSecs, report.loadSeconds(), report.checkSeconds());
        System.out.printf("pg_restore -j 2      %.1f s (no check)%n", pgRestoreSecs);
        System.out.printf("ratio restore/pg_restore  time %.2f, without the check %.2f%n", restoreSecs / pgRestoreSecs,
                report.loadSeconds() / pgRestoreSecs);
    }

    private static void dropDatabases(PostgresServer s, java.util.Collection<String> names) throws SQLException {
        try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
            for (String n : names) st.execute("DROP DATABASE IF EXISTS " + n + " WITH (FORCE)");
        }
    }

    private void run(PostgresServer s, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool, "-h", s.host(), "-p", Integer.toString(s.port()),
                "-U", s.credentials().user()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (s.credentials().password() != null) pb.environment().put("PGPASSWORD", s.credentials().password());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) throw new IllegalStateException(tool + " failed");
    }

    private void runPgDump(PostgresServer s, String db, Path dir) throws IOException, InterruptedException {
        run(s, pgDump, "-Fd", "-j", "2", "-f", dir.toString(), db);
    }

    /** A Reddit-shaped database: sparse ids (gaps every 1,000), EAV data rows, keys added after the load. */
    static void generate(PostgresServer s, long links) throws SQLException {
        try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS bench_reddit");
            st.execute("CREATE DATABASE bench_reddit");
        }
        long t0 = System.nanoTime();
        try (Connection c = s.connect("bench_reddit"); Statement st = c.createStatement()) {
            for (String sql : SchemaScript.load("reddit.sql").statements()) st.execute(sql);
            String id = "(g + (g / 1000) * 50000)";
            st.execute("INSERT INTO reddit_thing_link SELECT " + id + ", (random() * 500)::int, (random() * 50)::int, random() < 0.01, "
                    + "random() < 0.02, timestamptz '2016-01-01' + random() * interval '5 years' FROM generate_series(1, " + links + ") g");
            st.execute("INSERT INTO reddit_data_link SELECT " + id + ", k, CASE k WHEN 'title' THEN 'Post ' || md5(g::text) "
                    + "WHEN 'url' THEN 'https://example.org/' || g ELSE (g % 5000)::text END, CASE WHEN k = 'title' OR k = 'url' "
                    + "THEN 'str' ELSE 'num' END FROM generate_series(1, " + links + ") g, unnest(ARRAY['title', 'url', 'author_id', 'sr_id']) k");
            st.execute("INSERT INTO reddit_thing_comment SELECT " + id + ", (random() * 50)::int, (random() * 5)::int, false, false, "
                    + "timestamptz '2016-01-01' + random() * interval '5 years' FROM generate_series(1, " + 2 * links + ") g");
            st.execute("INSERT INTO reddit_data_comment SELECT " + id + ", k, CASE k WHEN 'body' THEN repeat('comment text ', 1 + g % 20) "
                    + "ELSE (g % 100000)::text END, CASE WHEN k = 'body' THEN 'str' ELSE 'num' END FROM generate_series(1, " + 2 * links
                    + ") g, unnest(ARRAY['body', 'link_id', 'author_id']) k");
            for (String sql : SchemaScript.load("reddit-keys.sql").statements()) st.execute(sql);
            st.execute("VACUUM ANALYZE");
        }
        System.out.printf("generated bench_reddit: %,d links, %,d comments in %.0f s%n", links, 2 * links, (System.nanoTime() - t0) / 1e9);
    }

    private static long databaseBytes(PostgresServer s, List<String> dbs) throws SQLException {
        long total = 0;
        try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
            for (String db : dbs) {
                try (ResultSet rs = st.executeQuery("SELECT pg_database_size(" + Sql.literal(db) + ")")) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }

    static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
