package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.report.VerifyReportWriter;
import io.cutover.storage.AtomicFile;
import io.cutover.storage.ExclusiveDirectory;
import io.cutover.storage.Location;
import io.cutover.testing.S3Proxy;
import io.cutover.testing.TestPostgres;
import io.cutover.verify.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and reports on a real S3 server: s3proxy in a child JVM on 127.0.0.1, checking every
 * request's signature, the command line in local mode writing and reading {@code s3a://cutover/...}
 * through Hadoop's S3A: snapshot (the vote export read from S3 too), snapshot verify (and a
 * removed and a stray object found), verify with snapshot and CSV sources on S3 and its report
 * there, restore from S3, snapshot diff of two S3 snapshots, a snapshot killed with SIGKILL that
 * leaves no manifest, and two snapshots racing for one id, of which exactly one commits (the
 * store refuses the second claim: a conditional upload). The keys reach S3A through a credentials
 * provider in this JVM and through the environment in the child; the secret is in no file, object
 * or output of the test. One server and one tiny world for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StorageIT {
    private static final String BUCKET = "cutover";
    /** A bucket whose connector is told not to make uploads conditional: a store without them. */
    private static final String PLAIN_BUCKET = "unconditional";

    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private S3Proxy s3;
    private Map<String, String> settings;
    private FileSystem fs;
    private DemoSpec world;
    private Set<String> tmpBefore;
    /** Everything the commands printed, searched for the secret at the end. */
    private final List<String> printed = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void s3AndWorld() throws Exception {
        tmpBefore = entriesInTmp();
        s3 = S3Proxy.start(dir.resolve("s3proxy"));
        s3.createBucket(BUCKET);
        s3.createBucket(PLAIN_BUCKET);
        settings = new HashMap<>(s3.s3aSettings(dir.resolve("s3a-buffer"), true));
        settings.put("fs.s3a.bucket." + PLAIN_BUCKET + ".create.conditional.enabled", "false");
        // As spark-submit's --conf would give them (a session started later reads them), and into
        // the session that may already run in this JVM.
        settings.forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
        if (SparkSession.getDefaultSession().isDefined()) {
            settings.forEach(SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()::set);
        }
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
        world = DemoSpec.of(Scale.TINY, 23, 3, dir.resolve("world")).withDatabases("s3_reddit", "s3_app").replacing();
        DemoWorld.generate(pg, world, new PrintStream(new ByteArrayOutputStream()));
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(world.voteExport().toString()),
                new org.apache.hadoop.fs.Path(s3a("exports/votes.csv")));
    }

    @Test
    void snapshotVerifyReportRestoreAndDiffOnS3() throws Exception {
        String votes = s3a("exports/votes.csv");
        String backups = s3a("backups");
        CliRun snapshot = run(CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "s1", "-d", world.redditDatabase(),
                "--file", "votes=" + votes, "--rows-per-split", "2000"));
        assertEquals(0, snapshot.exitCode(), snapshot.out() + snapshot.err());
        assertFalse(snapshot.out().contains("warning:"), "S3A makes the claim exclusive:\n" + snapshot.out());
        Location s1 = Location.of(backups + "/s1");
        assertTrue(fs.isFile(path(s1.uri() + "/manifest.json")), "the manifest is on S3");
        assertTrue(fs.isFile(path(s1.uri() + "/" + ExclusiveDirectory.CLAIM)), "the run claimed its id");
        assertEquals(0, fs.globStatus(path(s1.uri() + "/.manifest.json*.tmp")).length, "no temporary manifest: one conditional upload");
        SnapshotManifest manifest = ManifestFile.read(s1);
        assertEquals(votes, manifest.fileSources().get(0).source());
        assertEquals(10, manifest.databases().get(0).tables().size(), "every table of the old schema (reddit.sql)");

        CliRun again = run(CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "s1", "-d", world.redditDatabase()));
        assertEquals(2, again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains("already exists and is committed"), again.err());

        CliRun verified = run(CliRun.of("snapshot", "verify", s1.uri()));
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verified"), verified.out());

        // verify: the old side from the S3 snapshot and the CSV on S3, the report written to S3.
        String report = s3a("reports/r1");
        CliRun verify = run(CliRun.withServer(pg, "verify", "--source", "reddit=snapshot:" + s1.uri() + "/" + world.redditDatabase(),
                "--source", "mirror=db:" + world.appDatabase(), "--source", "votes=csv:" + votes,
                "--target", "db:" + world.appDatabase(), "--out", report, "--buckets", "64", "--entity", "postvote"));
        assertEquals(1, verify.exitCode(), "the demo's faults are found:\n" + verify.out() + verify.err());
        VerifyReport r = VerifyReportWriter.read(Location.of(report));
        assertTrue(r.totalDifferences() > 0, "differences in summary.json");
        assertTrue(fs.isFile(path(report + "/report.html")));
        assertTrue(parquetObjectsUnder(report + "/differences") > 0, "differences/ Parquet on S3");
        // (That these are the differences the live old database gives is HdfsStorageIT's to show.)

        CliRun restore = run(CliRun.withServer(pg, "restore", s1.uri(), "--into", world.redditDatabase() + "=s3_restored"));
        assertEquals(0, restore.exitCode(), restore.out() + restore.err());

        try (var c = pg.connect(world.redditDatabase()); var st = c.createStatement()) {
            st.execute("UPDATE reddit_thing_link SET ups = ups + 1 WHERE thing_id = (SELECT min(thing_id) FROM reddit_thing_link)");
        }
        CliRun s2 = run(CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "s2", "-d", world.redditDatabase()));
        assertEquals(0, s2.exitCode(), s2.out() + s2.err());
        CliRun diff = run(CliRun.of("snapshot", "diff", s1.uri(), backups + "/s2", "--rows"));
        assertEquals(1, diff.exitCode(), diff.out() + diff.err());
        assertTrue(diff.out().contains("public.reddit_thing_link (key thing_id): 0 added, 0 removed, 1 changed"), diff.out());
        assertEquals(0, run(CliRun.of("snapshot", "diff", backups + "/s2", backups + "/s2")).exitCode());

        // Damage: a data object removed and a stray one added; verify names both.
        SnapshotManifest.TableEntry posts = manifest.databases().get(0).tables().stream()
                .filter(t -> t.table().equals("reddit_thing_link")).findFirst().orElseThrow();
        String first = s1.uri() + "/" + posts.path() + "/" + posts.files().get(0).name();
        assertTrue(fs.delete(path(first), false));
        try (OutputStream out = fs.create(path(s1.uri() + "/" + posts.path() + "/part-stray.parquet"))) {
            out.write(new byte[] {1, 2, 3});
        }
        CliRun damaged = run(CliRun.of("snapshot", "verify", s1.uri()));
        assertEquals(1, damaged.exitCode(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains(posts.files().get(0).name() + ": missing"), damaged.out());
        assertTrue(damaged.out().contains("part-stray.parquet: not in the manifest"), damaged.out());
    }

    @Test
    void twoSnapshotsWithOneIdOnS3CommitOnce() throws Exception {
        ScratchDatabase db = new ScratchDatabase("s3race");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 100) g");
        String backups = s3a("race");
        List<CliRun> runs = together(2, i -> run(CliRun.withServer(db.server, "snapshot", "-o", backups, "--id", "r1", "-d", db.name)));
        List<Integer> codes = runs.stream().map(CliRun::exitCode).sorted().toList();
        assertEquals(List.of(0, 2), codes, "exactly one commits:\n" + runs);
        CliRun loser = runs.stream().filter(r -> r.exitCode() == 2).findFirst().orElseThrow();
        System.out.println("the second run with id r1: " + loser.err().strip());
        assertTrue(loser.err().contains("another run uses this id") || loser.err().contains("exists but holds no manifest")
                || loser.err().contains("already exists and is committed"), loser.err());
        SnapshotManifest committed = ManifestFile.read(Location.of(backups + "/r1"));
        assertEquals(100, committed.databases().get(0).tables().get(0).rowsWritten(), "the winner's snapshot is whole");
    }

    @Test
    void theStoreRefusesASecondClaimAndASecondManifest() throws Exception {
        // Eight writers at once, past the existence check together: the conditional upload decides.
        Location claimed = Location.of(s3a("claims/c1"));
        List<Object> claims = together(8, i -> attempt(() -> ExclusiveDirectory.create(claimed)));
        assertEquals(1, claims.stream().filter(c -> c instanceof ExclusiveDirectory.Claim).count(), claims.toString());
        assertEquals(7, claims.stream().filter(c -> c instanceof FileAlreadyExistsException).count(), claims.toString());
        ExclusiveDirectory.Claim claim = (ExclusiveDirectory.Claim) claims.stream()
                .filter(c -> c instanceof ExclusiveDirectory.Claim).findFirst().orElseThrow();
        assertTrue(claim.caveat().isEmpty(), "S3A from Hadoop 3.4.2 declares conditional uploads");

        Location manifest = Location.of(s3a("commits/manifest.json"));
        List<Object> commits = together(8, i -> attempt(() -> {
            AtomicFile.commit(manifest, ("{\"writer\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            return i;
        }));
        List<Object> winners = commits.stream().filter(c -> c instanceof Integer).toList();
        assertEquals(1, winners.size(), commits.toString());
        assertEquals(7, commits.stream().filter(c -> c instanceof FileAlreadyExistsException).count(), commits.toString());
        try (InputStream in = manifest.open()) {
            assertEquals("{\"writer\":" + winners.get(0) + "}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        // A store that cannot make an upload conditional says so, naming itself.
        ExclusiveDirectory.Claim plain = ExclusiveDirectory.create(Location.of("s3a://" + PLAIN_BUCKET + "/claims/c1"));
        assertTrue(plain.caveat().orElseThrow().startsWith("s3a://" + PLAIN_BUCKET + " cannot create an object only if none exists"),
                plain.caveat().toString());
        assertThrows(FileAlreadyExistsException.class,
                () -> ExclusiveDirectory.create(Location.of("s3a://" + PLAIN_BUCKET + "/claims/c1")));
    }

    @Test
    void aSnapshotKilledOnS3LeavesNoManifestAndIsRefused() throws Exception {
        ScratchDatabase db = new ScratchDatabase("s3killed");
        for (String t : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
            db.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + t + " SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        }
        Path scratch = Files.createDirectories(dir.resolve("child-scratch"));
        Path events = Files.createDirectories(scratch.resolve("events"));
        // The child's S3A settings as system properties (spark-submit's --conf), its keys in its
        // environment only, read by S3A's default chain; its event log kept, to search for the secret.
        List<String> props = new ArrayList<>();
        s3.s3aSettings(scratch.resolve("s3a"), false).forEach((k, v) -> props.add("-Dspark.hadoop." + k + "=" + v));
        props.add("-Dspark.eventLog.enabled=true");
        props.add("-Dspark.eventLog.dir=" + events.toUri());
        props.add("-Dspark.eventLog.compress=false");
        String backups = s3a("killed");
        String seen = KilledRun.runUntil(".public.t1: done", scratch, db.server.credentials().user(), props, s3.environment(),
                List.of("snapshot", "--pg-url", CliRun.url(db.server), "-o", backups, "--id", "k1", "-d", db.name,
                        "--rows-per-split", "1000"));
        printed.add(seen);
        assertTrue(seen.contains(".public.t1: done"), "the child got past its first table:\n" + seen);
        assertFalse(seen.contains("committed"), seen);
        try (Stream<Path> logs = Files.walk(events)) {
            String eventLog = logs.filter(Files::isRegularFile).map(S3StorageIT::text).reduce("", String::concat);
            assertTrue(eventLog.contains("spark.hadoop.fs.s3a.endpoint"), "the event log holds the S3A settings:\n" + eventLog);
        }

        Location k1 = Location.of(backups + "/k1");
        assertTrue(parquetObjectsUnder(k1.uri() + "/" + db.name + "/public.t1") > 0, "partial data is on S3");
        assertFalse(ManifestFile.isCommitted(k1));

        CliRun verify = run(CliRun.of("snapshot", "verify", k1.uri()));
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("is not a complete snapshot"), verify.out());
        CliRun restore = run(CliRun.withServer(db.server, "restore", k1.uri(), "--into", db.name + "=" + db.name + "_r"));
        assertEquals(2, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.err().contains("not a complete snapshot"), restore.err());
        CliRun source = run(CliRun.withServer(pg, "verify", "--source", "reddit=snapshot:" + k1.uri() + "/" + db.name,
                "--target", "db:" + world.appDatabase(), "--out", dir.resolve("report-killed").toString()));
        assertEquals(2, source.exitCode(), source.out() + source.err());
        assertTrue(source.err().contains("not a complete snapshot"), source.err());
        CliRun rerun = run(CliRun.withServer(db.server, "snapshot", "-o", backups, "--id", "k1", "-d", db.name));
        assertEquals(2, rerun.exitCode(), rerun.out() + rerun.err());
        assertTrue(rerun.err().contains("exists but holds no manifest"), rerun.err());
    }

    /**
     * The secret key is in no file the test wrote (its directory: reports, the child's scratch and
     * event log, the server's log), no object on S3, and nothing a command printed; then the
     * server is stopped by its PID, and nothing is left in java.io.tmpdir.
     */
    @AfterAll
    void noSecretAnywhereThenStopS3() throws Exception {
        try {
            if (s3 == null) return;
            String secret = s3.secretKey();
            List<String> holding = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) if (text(f).contains(secret)) holding.add(f.toString());
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path("s3a://" + BUCKET + "/"), true);
            int objects = 0;
            while (it.hasNext()) {
                org.apache.hadoop.fs.Path p = it.next().getPath();
                objects++;
                try (InputStream in = fs.open(p)) {
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(secret)) holding.add(p.toString());
                }
            }
            assertTrue(objects > 0, "the test wrote to S3");
            for (String p : printed) if (p.contains(secret)) holding.add("the output: " + p);
            assertTrue(holding.isEmpty(), "the secret key was written to " + holding);
        } finally {
            stopS3();
        }
    }

    private void stopS3() throws Exception {
        settings.keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
        if (fs != null) fs.close();
        // The cached S3A client the commands used (its thread pools), then the server itself.
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf).close();
        FileSystem.get(URI.create("s3a://" + PLAIN_BUCKET + "/"), conf).close();
        s3.close();
        assertFalse(s3.isRunning(), "s3proxy (PID " + s3.pid() + ") still runs");
        Set<String> after = entriesInTmp();
        after.removeAll(tmpBefore);
        assertTrue(after.isEmpty(), "left in " + System.getProperty("java.io.tmpdir") + ": " + after);
    }

    private CliRun run(CliRun r) {
        printed.add(r.out());
        printed.add(r.err());
        return r;
    }

    private interface Attempt {
        Object call() throws Exception;
    }

    /** The result, or the exception it threw. */
    private static Object attempt(Attempt a) {
        try {
            return a.call();
        } catch (Exception e) {
            return e;
        }
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** {@code n} tasks released at the same moment, their results in order. */
    private static <T> List<T> together(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                Callable<T> c = () -> {
                    start.await();
                    return task.run(id);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String s3a(String key) {
        return "s3a://" + BUCKET + "/" + key;
    }

    private static org.apache.hadoop.fs.Path path(String uri) {
        return new org.apache.hadoop.fs.Path(uri);
    }

    private int parquetObjectsUnder(String root) throws Exception {
        int n = 0;
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(path(root), true);
        while (it.hasNext()) if (it.next().getPath().getName().endsWith(".parquet")) n++;
        return n;
    }

    /** A file's bytes as Latin-1: every byte a char, so a key in any text or binary file is found. */
    private static String text(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> entriesInTmp() throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hadoop") || n.toLowerCase().contains("jetty")
                    || n.startsWith("s3") || n.contains("jclouds")).forEach(names::add);
        }
        return names;
    }
}
