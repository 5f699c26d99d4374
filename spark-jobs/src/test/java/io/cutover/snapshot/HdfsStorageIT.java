package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.report.VerifyReportWriter;
import io.cutover.storage.ExclusiveDirectory;
import io.cutover.storage.Location;
import io.cutover.testing.TestPostgres;
import io.cutover.verify.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and reports on a real HDFS: a NameNode and a DataNode (MiniDFSCluster) on
 * 127.0.0.1 in this JVM, the command line in local mode writing and reading
 * {@code hdfs://127.0.0.1:<port>/...}: snapshot (a CSV source on HDFS too), snapshot verify
 * (and a removed and a stray file found), verify with snapshot and CSV sources on HDFS and its
 * report there, restore from HDFS, snapshot diff of two HDFS snapshots, and a snapshot killed
 * with SIGKILL that leaves no manifest and is refused. Every Hadoop directory is under the
 * test's temporary directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsStorageIT {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private MiniDFSCluster cluster;
    private FileSystem fs;
    private String hdfs;
    private DemoSpec world;
    private Set<String> tmpBefore;

    @BeforeAll
    void hdfsAndWorld() throws Exception {
        tmpBefore = hadoopEntriesInTmp();
        Path base = dir.resolve("hdfs");
        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", base.resolve("tmp").toString());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        System.setProperty("test.build.data", base.resolve("data").toString());
        cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).checkDataNodeAddrConfig(true).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        world = DemoSpec.of(Scale.TINY, 19, 3, dir.resolve("world")).withDatabases("hd_reddit", "hd_app").replacing();
        DemoWorld.generate(pg, world, new PrintStream(new ByteArrayOutputStream()));
        // The vote export lives on HDFS too: --file and csv: read it there.
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(world.voteExport().toString()),
                new org.apache.hadoop.fs.Path(hdfs + "/exports/votes.csv"));
    }

    @Test
    void snapshotVerifyReportRestoreAndDiffOnHdfs() throws Exception {
        String votes = hdfs + "/exports/votes.csv";
        String backups = hdfs + "/backups";
        CliRun snapshot = CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "h1", "-d", world.redditDatabase(),
                "--file", "votes=" + votes, "--rows-per-split", "2000");
        assertEquals(0, snapshot.exitCode(), snapshot.out() + snapshot.err());
        Location h1 = Location.of(backups + "/h1");
        assertTrue(fs.isFile(new org.apache.hadoop.fs.Path(h1.uri() + "/manifest.json")), "the manifest is on HDFS");
        assertTrue(fs.isFile(new org.apache.hadoop.fs.Path(h1.uri() + "/" + ExclusiveDirectory.CLAIM)), "the run claimed its id");
        assertEquals(0, fs.globStatus(new org.apache.hadoop.fs.Path(h1.uri() + "/.manifest.json*.tmp")).length, "no temporary manifest left");
        SnapshotManifest manifest = ManifestFile.read(h1);
        assertEquals(votes, manifest.fileSources().get(0).source());
        assertEquals(10, manifest.databases().get(0).tables().size(), "every table of the old schema (reddit.sql)");

        // A second run with the same id is refused: the directory is claimed.
        CliRun again = CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "h1", "-d", world.redditDatabase());
        assertEquals(2, again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains("already exists and is committed"), again.err());

        CliRun verified = CliRun.of("snapshot", "verify", h1.uri());
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verified"), verified.out());

        // verify: the old side from the HDFS snapshot and CSV, the report written to HDFS.
        String report = hdfs + "/reports/r1";
        CliRun verify = CliRun.withServer(pg, "verify", "--source", "reddit=snapshot:" + h1.uri() + "/" + world.redditDatabase(),
                "--source", "mirror=db:" + world.appDatabase(), "--source", "votes=csv:" + votes,
                "--target", "db:" + world.appDatabase(), "--out", report, "--buckets", "64",
                "--entity", "postvote");
        assertEquals(1, verify.exitCode(), "the demo's faults are found:\n" + verify.out() + verify.err());
        VerifyReport r = VerifyReportWriter.read(Location.of(report));
        assertTrue(r.totalDifferences() > 0, "differences in summary.json");
        assertTrue(fs.isFile(new org.apache.hadoop.fs.Path(report + "/report.html")));
        assertTrue(parquetFilesUnder(report + "/differences") > 0, "differences/ Parquet on HDFS");
        // The same comparisons from the live old database give the same differences.
        Path localReport = dir.resolve("report-live");
        CliRun live = CliRun.withServer(pg, "verify", "--source", "reddit=db:" + world.redditDatabase(),
                "--source", "mirror=db:" + world.appDatabase(), "--source", "votes=csv:" + world.voteExport(),
                "--target", "db:" + world.appDatabase(), "--out", localReport.toString(), "--buckets", "64",
                "--entity", "postvote");
        assertEquals(1, live.exitCode(), live.out() + live.err());
        assertEquals(VerifyReportWriter.read(localReport).totalDifferences(), r.totalDifferences());

        // restore from HDFS: restore reads each table back and compares count and checksum (exit 1 otherwise).
        CliRun restore = CliRun.withServer(pg, "restore", h1.uri(), "--into", world.redditDatabase() + "=hd_restored");
        assertEquals(0, restore.exitCode(), restore.out() + restore.err());

        // A second snapshot after a change; diff of two HDFS snapshots, by manifest and by rows.
        try (var c = pg.connect(world.redditDatabase()); var st = c.createStatement()) {
            st.execute("UPDATE reddit_thing_link SET ups = ups + 1 WHERE thing_id = (SELECT min(thing_id) FROM reddit_thing_link)");
        }
        CliRun h2 = CliRun.withServer(pg, "snapshot", "-o", backups, "--id", "h2", "-d", world.redditDatabase());
        assertEquals(0, h2.exitCode(), h2.out() + h2.err());
        CliRun diff = CliRun.of("snapshot", "diff", h1.uri(), backups + "/h2", "--rows");
        assertEquals(1, diff.exitCode(), diff.out() + diff.err());
        assertTrue(diff.out().contains("public.reddit_thing_link (key thing_id): 0 added, 0 removed, 1 changed"), diff.out());
        assertEquals(0, CliRun.of("snapshot", "diff", backups + "/h2", backups + "/h2").exitCode());

        // Damage: a data file removed and a stray one added; verify names both.
        SnapshotManifest.TableEntry posts = manifest.databases().get(0).tables().stream()
                .filter(t -> t.table().equals("reddit_thing_link")).findFirst().orElseThrow();
        String first = h1.uri() + "/" + posts.path() + "/" + posts.files().get(0).name();
        assertTrue(fs.delete(new org.apache.hadoop.fs.Path(first), false));
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(h1.uri() + "/" + posts.path() + "/part-stray.parquet"))) {
            out.write(new byte[] {1, 2, 3});
        }
        CliRun damaged = CliRun.of("snapshot", "verify", h1.uri());
        assertEquals(1, damaged.exitCode(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains(posts.files().get(0).name() + ": missing"), damaged.out());
        assertTrue(damaged.out().contains("part-stray.parquet: not in the manifest"), damaged.out());
    }

    @Test
    void aSnapshotKilledOnHdfsLeavesNoManifestAndIsRefused() throws Exception {
        ScratchDatabase db = new ScratchDatabase("hdkilled");
        for (String t : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
            db.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + t + " SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        }
        Path scratch = Files.createDirectories(dir.resolve("child-scratch"));
        String backups = hdfs + "/killed";
        String seen = KilledRun.runUntil(".public.t1: done", scratch, db.server.credentials().user(),
                List.of("snapshot", "--pg-url", CliRun.url(db.server), "-o", backups, "--id", "k1", "-d", db.name,
                        "--rows-per-split", "1000"));
        assertTrue(seen.contains(".public.t1: done"), "the child got past its first table:\n" + seen);
        assertFalse(seen.contains("committed"), seen);

        Location k1 = Location.of(backups + "/k1");
        assertTrue(fs.isDirectory(new org.apache.hadoop.fs.Path(k1.uri() + "/" + db.name + "/public.t1")), "partial data is on HDFS");
        assertTrue(parquetFilesUnder(k1.uri()) > 0, "data files were written");
        assertFalse(ManifestFile.isCommitted(k1));

        CliRun verify = CliRun.of("snapshot", "verify", k1.uri());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("is not a complete snapshot"), verify.out());
        CliRun restore = CliRun.withServer(db.server, "restore", k1.uri(), "--into", db.name + "=" + db.name + "_r");
        assertEquals(2, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.err().contains("not a complete snapshot"), restore.err());
        CliRun source = CliRun.withServer(pg, "verify", "--source", "reddit=snapshot:" + k1.uri() + "/" + db.name,
                "--target", "db:" + world.appDatabase(), "--out", dir.resolve("report-killed").toString());
        assertEquals(2, source.exitCode(), source.out() + source.err());
        assertTrue(source.err().contains("not a complete snapshot"), source.err());
        CliRun rerun = CliRun.withServer(db.server, "snapshot", "-o", backups, "--id", "k1", "-d", db.name);
        assertEquals(2, rerun.exitCode(), rerun.out() + rerun.err());
        assertTrue(rerun.err().contains("exists but holds no manifest"), rerun.err());
    }

    /** NameNode and DataNode stopped (their directories deleted), and Hadoop left nothing in java.io.tmpdir. */
    @AfterAll
    void stopHdfs() throws Exception {
        if (cluster != null) cluster.shutdown(true);
        Set<String> after = hadoopEntriesInTmp();
        after.removeAll(tmpBefore);
        assertTrue(after.isEmpty(), "Hadoop left these in " + System.getProperty("java.io.tmpdir") + ": " + after);
    }

    private static Set<String> hadoopEntriesInTmp() throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hadoop") || n.startsWith("Jetty")
                    || n.startsWith("dfs") || n.contains("minicluster")).forEach(names::add);
        }
        return names;
    }

    private int parquetFilesUnder(String root) throws Exception {
        int n = 0;
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
        while (it.hasNext()) if (it.next().getPath().getName().endsWith(".parquet")) n++;
        return n;
    }

}
