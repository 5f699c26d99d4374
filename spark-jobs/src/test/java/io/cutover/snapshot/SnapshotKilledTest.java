package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot process killed with SIGKILL halfway (no shutdown hook, no finally) leaves files
 * but no manifest: verify calls it incomplete, restore refuses it, and a new run never reuses
 * its id.
 */
class SnapshotKilledTest {
    @TempDir
    Path out;
    /** Spark's scratch of the killed child, which no shutdown hook removes. */
    @TempDir
    Path scratch;

    @Test
    void aKilledSnapshotIsNeverTakenForComplete() throws Exception {
        ScratchDatabase db = new ScratchDatabase("killed");
        List<String> tables = List.of("t1", "t2", "t3", "t4", "t5", "t6");
        for (String t : tables) {
            db.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + t + " SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Dio.netty")
                    || arg.startsWith("-Djdk.reflect")) {
                command.add(arg);
            }
        }
        // C1 only and serial GC: the child lives seconds, start-up dominates.
        command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + scratch, "-cp", System.getProperty("java.class.path"), "io.cutover.cli.Cutover",
                "snapshot", "--pg-url", CliRun.url(db.server), "-o", out.toString(), "--id", "k1", "-d", db.name,
                "--rows-per-split", "1000"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGUSER", db.server.credentials().user());
        pb.environment().put("SPARK_LOCAL_DIRS", scratch.toString());
        Process child = pb.start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.contains(".public.t1: done")) {
                    child.destroyForcibly(); // SIGKILL: no cleanup of any kind runs
                    break;
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertTrue(seen.toString().contains(".public.t1: done"), "the child got past its first table:\n" + seen);
        assertFalse(seen.toString().contains("committed"), seen.toString());

        Path dir = out.resolve("k1");
        assertTrue(Files.isDirectory(dir.resolve(db.name).resolve("public.t1")), "partial data is on disk");
        assertFalse(ManifestFile.isCommitted(dir));

        CliRun verify = CliRun.of("snapshot", "verify", dir.toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("is not a complete snapshot"), verify.out());

        CliRun restore = CliRun.withServer(db.server, "restore", dir.toString(), "--into", db.name + "=" + db.name + "_r");
        assertEquals(2, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.err().contains("not a complete snapshot"), restore.err());

        long filesBefore;
        try (Stream<Path> s = Files.walk(dir)) {
            filesBefore = s.count();
        }
        CliRun again = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "--id", "k1", "-d", db.name);
        assertEquals(2, again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains("exists but holds no manifest"), again.err());
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(filesBefore, s.count(), "the partial snapshot was left as it was");
        }
    }
}
