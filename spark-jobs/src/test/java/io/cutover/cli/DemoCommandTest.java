package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes and messages for bad input. */
class DemoCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cmd.execute(args), err.toString());
    }

    private Path properties(String text) throws IOException {
        Path p = dir.resolve("pg.properties");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void anUnknownScaleIsAUsageError() {
        Run r = run("demo", "--scale", "huge");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("huge") && r.err().contains("tiny") && r.err().contains("large"), r.err());
    }

    @Test
    void aSeedThatIsNotANumberIsAUsageError() {
        Run r = run("demo", "--seed", "12x");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--seed") && r.err().contains("12x"), r.err());
    }

    @Test
    void anUnknownStageOfTheNewTablesIsAUsageError() {
        Run r = run("demo", "--new-tables", "votes", "--pg-url", "jdbc:postgresql://127.0.0.1:1/");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--new-tables") && r.err().contains("votes") && r.err().contains("comments"), r.err());
    }

    @Test
    void negativeFaultsAreAUsageError() {
        Run r = run("demo", "--faults", "-1", "--pg-url", "jdbc:postgresql://127.0.0.1:1/");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--faults"), r.err());
    }

    @Test
    void anUnreachableDatabaseIsARuntimeFailureThatNamesTheServerButNotThePassword() throws IOException {
        Path props = properties("url=jdbc:postgresql://127.0.0.1:1/\nuser=alice\npassword=s3cr3t-do-not-print\n");
        Run r = run("demo", "--pg-properties", props.toString(), "--out", dir.resolve("w").toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertTrue(r.err().contains("127.0.0.1:1") && r.err().contains("cannot connect"), r.err());
        assertFalse(r.err().contains("s3cr3t"), r.err());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() {
        Run r = run("demo", "--pg-url", "jdbc:postgresql://127.0.0.1:5432/?user=a&password=hunter2");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("PGPASSWORD"), r.err());
        assertFalse(r.err().contains("hunter2"), r.err());
    }

    @Test
    void anUnknownKeyInThePropertiesFileIsNamed() throws IOException {
        Path props = properties("url=jdbc:postgresql://127.0.0.1:1/\npasswd=x\n");
        Run r = run("demo", "--pg-properties", props.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("pg.properties") && r.err().contains("'passwd'"), r.err());
    }

    @Test
    void anExistingWorldIsNotOverwrittenWithoutReplace() throws IOException {
        PostgresServer pg = TestPostgres.server();
        Path props = properties("url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        String[] args = {"demo", "--pg-properties", props.toString(), "--reddit-db", "cli_reddit", "--app-db", "cli_app",
                "--out", dir.resolve("w").toString()};
        assertEquals(ExitCode.OK, run(args).exitCode());
        Run again = run(args);
        assertEquals(ExitCode.USAGE, again.exitCode());
        assertTrue(again.err().contains("'cli_reddit' already exists") && again.err().contains("--replace"), again.err());
        String[] replacing = java.util.Arrays.copyOf(args, args.length + 1);
        replacing[args.length] = "--replace";
        assertEquals(ExitCode.OK, run(replacing).exitCode());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Cutover.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) continue;
            CommandLine cmd = Cutover.commandLine();
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out, true));
            assertEquals(0, cmd.execute(sub, "--help"), sub);
            assertTrue(out.toString().contains("Usage: cutover " + sub), sub + ": " + out);
        }
    }
}
