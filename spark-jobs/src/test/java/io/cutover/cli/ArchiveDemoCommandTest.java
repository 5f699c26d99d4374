package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.demo.ArchiveFaultKind;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cutover demo --design 2025 as a user runs it. */
class ArchiveDemoCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            return new Run(cmd.execute(args), captured.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void aWorldOfThe2025DesignWithItsFaultsAndGroundTruth() throws Exception {
        PostgresServer pg = TestPostgres.server();
        Path properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        Path out = dir.resolve("world");
        Run r = run("demo", "--design", "2025", "--unordered-comment-ids", "--faults", "1", "--seed", "9", "--as-of", "2026-06-30",
                "--reddit-db", "cli25_reddit", "--app-db", "cli25_app", "--out", out.toString(), "--replace",
                "--pg-properties", properties.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("2025 design") && r.out().contains("comment ids against time"), r.out());
        assertTrue(r.out().contains("comment tree nodes") && r.out().contains("open-discussions-2025.yaml"), r.out());
        JsonNode world = new ObjectMapper().readTree(out.resolve("world.json").toFile());
        assertEquals("2025", world.path("design").asText());
        JsonNode truth = new ObjectMapper().readTree(out.resolve("ground-truth.json").toFile());
        assertEquals("2025", truth.path("design").asText());
        assertEquals(ArchiveFaultKind.values().length, truth.path("kinds").size());
        assertEquals(ArchiveFaultKind.values().length, truth.path("faults").size());
    }

    @Test
    void anUnknownDesignIsAUsageError() {
        Run r = run("demo", "--design", "2021", "--pg-url", "jdbc:postgresql://127.0.0.1:1/");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--design") && r.err().contains("2021") && r.err().contains("2025"), r.err());
    }
}
