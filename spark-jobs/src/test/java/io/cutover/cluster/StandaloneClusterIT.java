package io.cutover.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.ExitCode;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.report.VerifyReportWriter;
import io.cutover.snapshot.ManifestFile;
import io.cutover.snapshot.SnapshotManifest;
import io.cutover.snapshot.SnapshotVerifier;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.verify.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Spark standalone cluster (a Master and one Worker on 127.0.0.1), submitted
 * through SparkSubmit the way a user does, against the same runs in local mode: the snapshot and
 * the verify report must come out the same. Runs in the integration-test phase, after the job
 * jar is packaged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
    private final PostgresServer pg = TestPostgres.server();
    /** Static: JUnit fills an instance field only after @BeforeAll, even per class. */
    @TempDir
    static Path dir;
    private Path properties;
    private DemoSpec world;
    private StandaloneCluster cluster;

    @BeforeAll
    void worldAndCluster() throws Exception {
        // What a user ships to the driver: where the server is and who we are, never on a command line.
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
        world = DemoSpec.of(Scale.TINY, 31, 3, dir.resolve("world")).withDatabases("cl_reddit", "cl_app").replacing();
        DemoWorld.generate(pg, world, quiet());
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, "1g");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    /** Settings of every submission: small executors, loopback, no UI; the server comes from spark.cutover.*. */
    private List<String> conf() {
        return List.of("spark.cutover.pg.properties=" + properties, "spark.executor.memory=512m", "spark.cores.max=2",
                "spark.driver.host=127.0.0.1", "spark.driver.bindAddress=127.0.0.1", "spark.ui.enabled=false",
                "spark.sql.shuffle.partitions=8", "spark.log.level=WARN");
    }

    /** The outcome of snapshot + verify under one master. */
    private record Outcome(Path snapshot, SparkSubmitRun snapshotRun, Path report, SparkSubmitRun verifyRun) {}

    /** A password the submissions get from their environment; it must show up in no log (the server trusts us). */
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-never-logged";

    private Outcome snapshotAndVerify(String master, String name) throws Exception {
        Path out = dir.resolve(name);
        Path events = Files.createDirectories(out.resolve("events"));
        // The event log holds what the Spark UI shows (Environment tab, SQL plans), for checking.
        List<String> conf = new ArrayList<>(conf());
        // Uncompressed (Spark 4 compresses event logs by default) so that a plain search can read them.
        conf.addAll(List.of("spark.eventLog.enabled=true", "spark.eventLog.compress=false", "spark.eventLog.dir=" + events.toUri()));
        Map<String, String> env = Map.of("PGPASSWORD", PASSWORD);
        SparkSubmitRun snapshot = SparkSubmitRun.submit(master, conf,
                List.of("snapshot", "--out", out.resolve("snapshots").toString(), "--id", "s1", "-d", world.redditDatabase(),
                        "--file", "votes=" + world.voteExport()),
                env, out.resolve("snapshot.log"));
        assertEquals(0, snapshot.exitCode(), name + " snapshot failed:\n" + snapshot.output());
        Path snap = out.resolve("snapshots/s1");
        SparkSubmitRun verify = SparkSubmitRun.submit(master, conf,
                List.of("verify", "--source", "reddit=snapshot:" + snap.resolve(world.redditDatabase()),
                        "--source", "mirror=db:" + world.appDatabase(),
                        "--source", "votes=csv:" + world.voteExport(), "--target", "db:" + world.appDatabase(),
                        "--out", out.resolve("report").toString(), "--buckets", "64",
                        // the two entities that carry every fault kind: enough to compare, and faster
                        "--entity", "post", "--entity", "comment"),
                env, out.resolve("verify.log"));
        assertNotLogged(out, events);
        return new Outcome(snap, snapshot, out.resolve("report"), verify);
    }

    @Test
    void theLocalServerCommandSaysTheJobJarHasNoEmbeddedServer() throws Exception {
        SparkSubmitRun pg = SparkSubmitRun.submit("local[1]", conf(), List.of("pg", "status"), Map.of(), dir.resolve("pg.log"));
        assertEquals(2, pg.exitCode(), pg.output());
        assertTrue(pg.output().contains("the job jar leaves out"), pg.output());
        assertFalse(pg.output().contains("ClassNotFound") || pg.output().contains("NoClassDefFound"), pg.output());
    }

    @Test
    void snapshotAndVerifyOnTheClusterEqualLocalMode() throws Exception {
        Outcome local = snapshotAndVerify("local[2]", "local");
        Outcome onCluster = snapshotAndVerify(cluster.masterUrl(), "cluster");

        String workerLog = cluster.workerLog();
        assertTrue(workerLog.contains("Asked to launch executor"), "the Worker ran no executor:\n" + workerLog);

        // Same cut, same content: per table and file source, the rows and the content checksums.
        Map<String, String> localTables = checksums(ManifestFile.read(local.snapshot()));
        Map<String, String> clusterTables = checksums(ManifestFile.read(onCluster.snapshot()));
        assertTrue(localTables.size() > 10, "too few tables: " + localTables.keySet());
        assertEquals(localTables, clusterTables);

        // The faults are there, and both runs found exactly the same differences.
        assertEquals(1, local.verifyRun().exitCode(), "local verify:\n" + local.verifyRun().output());
        assertEquals(1, onCluster.verifyRun().exitCode(), "cluster verify:\n" + onCluster.verifyRun().output());
        VerifyReport localReport = VerifyReportWriter.read(local.report());
        VerifyReport clusterReport = VerifyReportWriter.read(onCluster.report());
        assertTrue(localReport.totalDifferences() > 0);
        assertEquals(localReport.totalDifferences(), clusterReport.totalDifferences());
        List<String> localDifferences = differences(local.report());
        assertFalse(localDifferences.isEmpty());
        assertEquals(localDifferences, differences(onCluster.report()));

        // The cluster's snapshot checks out when re-read (sizes, sha256, counts, checksums).
        assertTrue(SnapshotVerifier.verify(TestSpark.session(), onCluster.snapshot(), quiet()).passed());

        String timings = String.format("wall time, spark-submit of the job jar on the tiny demo world (%d tables):%n"
                        + "  local[2]:           snapshot %.1f s, verify %.1f s%n"
                        + "  standalone cluster: snapshot %.1f s, verify %.1f s%n",
                localTables.size(), local.snapshotRun().seconds(), local.verifyRun().seconds(),
                onCluster.snapshotRun().seconds(), onCluster.verifyRun().seconds());
        System.out.print(timings);
        Files.writeString(Path.of("target/cluster-timings.txt"), timings);
    }

    @Test
    void aKilledExecutorDoesNotCorruptASnapshot() throws Exception {
        // Big enough that the snapshot runs for a while over many key ranges (tasks).
        int rows = 300_000;
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS cl_big");
            s.execute("CREATE DATABASE cl_big");
        }
        try (Connection c = pg.connect("cl_big"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id bigint PRIMARY KEY, body text, amount numeric(12,2))");
            s.execute("INSERT INTO big SELECT i, repeat(md5(i::text), 8), i / 100.0 FROM generate_series(1, " + rows + ") i");
        }
        Path out = Files.createDirectories(dir.resolve("killed"));
        Path log = out.resolve("snapshot.log");
        Path work = cluster.dir().resolve("work");
        List<Path> appsBefore = apps(work);
        long started = System.nanoTime();
        Process submit = SparkSubmitRun.launch(cluster.masterUrl(), conf(), List.of("snapshot", "--out",
                out.resolve("snapshots").toString(), "--id", "k1", "-d", "cl_big", "--rows-per-split", "10000",
                "--max-connections", "2"), Map.of(), log);
        // Once an executor of this run has finished a task (so it holds work the job counts on),
        // kill its JVM outright, as a lost node would.
        ProcessHandle killed = null;
        while (submit.isAlive() && killed == null) {
            List<Path> executorLogs = new ArrayList<>();
            for (Path app : apps(work)) {
                if (appsBefore.contains(app)) continue;
                try (var s = Files.walk(app)) {
                    s.filter(p -> p.getFileName().toString().equals("stderr")).forEach(executorLogs::add);
                }
            }
            boolean finishedATask = false;
            for (Path l : executorLogs) finishedATask |= Files.readString(l).contains("Finished task");
            List<ProcessHandle> executors = cluster.executors();
            if (finishedATask && !executors.isEmpty()) {
                killed = executors.get(0);
                killed.destroyForcibly();
            }
            Thread.sleep(100);
        }
        SparkSubmitRun run = SparkSubmitRun.await(submit, log, started);
        assertTrue(killed != null, "the snapshot ended before an executor could be killed (a bigger table?):\n" + run.output());
        assertTrue(run.output().contains("Lost executor"), "the driver never noticed the kill:\n" + run.output());
        Path snapshot = out.resolve("snapshots/k1");
        if (run.exitCode() == ExitCode.OK) {
            // Spark ran the lost tasks again: the snapshot must then be whole and check out.
            SnapshotManifest m = ManifestFile.read(snapshot);
            assertEquals(rows, m.databases().get(0).tables().get(0).rowsWritten());
            assertTrue(SnapshotVerifier.verify(TestSpark.session(), snapshot, quiet()).passed());
        } else {
            assertFalse(ManifestFile.isCommitted(snapshot), "a failed snapshot left a manifest:\n" + run.output());
        }
        System.out.printf("killed executor pid %d mid-snapshot: exit %d in %.1f s%n", killed.pid(), run.exitCode(), run.seconds());
    }

    private static List<Path> apps(Path work) throws IOException {
        if (!Files.isDirectory(work)) return List.of();
        try (var s = Files.list(work)) {
            return s.toList();
        }
    }

    /** The password is in no event log (the Spark UI's source) and no output of the runs. */
    private static void assertNotLogged(Path out, Path events) throws IOException {
        List<Path> logs;
        try (var s = Files.walk(out)) {
            logs = s.filter(Files::isRegularFile).filter(p -> p.startsWith(events) || p.toString().endsWith(".log")).toList();
        }
        assertTrue(logs.stream().filter(p -> p.startsWith(events)).count() >= 2, "no event logs in " + events);
        // Latin-1 reads any bytes; the password is ASCII.
        for (Path log : logs) {
            assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(PASSWORD), "the password is in " + log);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /** "database.schema.table" (or "file name") → "rows checksum". */
    private static Map<String, String> checksums(SnapshotManifest m) {
        Map<String, String> all = new TreeMap<>();
        for (SnapshotManifest.DatabaseEntry db : m.databases()) {
            for (SnapshotManifest.TableEntry t : db.tables()) {
                all.put(t.label(db.database()), t.rowsWritten() + " " + t.contentChecksum());
            }
        }
        for (SnapshotManifest.FileSourceEntry f : m.fileSources()) all.put("file " + f.name(), f.rowsWritten() + " " + f.contentChecksum());
        return all;
    }

    /** Every row of a report's differences/ Parquet, as sorted text. */
    private static List<String> differences(Path report) {
        List<String> rows = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(report.resolve("differences").toString()).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }
}
