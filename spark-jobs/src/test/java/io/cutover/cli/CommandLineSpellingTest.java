package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * One way to name a thing on the command line: a demo world's databases {@code --reddit-db} and
 * {@code --app-db}, bi-check's {@code --old-db} and {@code --new-db}, databases to read
 * {@code -d/--database}, a report directory {@code --out}, a mapping {@code --mapping}. The old
 * spellings still work for one release and say so on stderr.
 */
class CommandLineSpellingTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    /** The command object as parsed (nothing runs), and what parsing printed on stderr. */
    private record Parsed(Object command, String err) {}

    private static Parsed parse(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult result = cmd.parseArgs(args);
        return new Parsed(result.subcommand().commandSpec().userObject(), err.toString());
    }

    private static DemoDatabases databases(Object command) {
        return command instanceof DemoCommand d ? d.databases : ((TrafficCommand) command).databases;
    }

    private String[] worldCommand(String command, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        if (command.equals("traffic")) args.addAll(List.of("--world", dir.toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "traffic"})
    void aDemoWorldsDatabasesAreNamedTheSameWayByDemoAndTraffic(String command) {
        Parsed named = parse(worldCommand(command, "--reddit-db", "w_reddit", "--app-db", "w_app"));
        assertEquals("w_reddit", databases(named.command()).reddit());
        assertEquals("w_app", databases(named.command()).app());
        assertEquals("", named.err());

        Parsed defaults = parse(worldCommand(command));
        assertEquals("reddit", databases(defaults.command()).reddit());
        assertEquals("app", databases(defaults.command()).app());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "traffic"})
    void theOldDatabaseSpellingsStillWorkAndSaySo(String command) {
        Parsed old = parse(worldCommand(command, "--reddit-database", "w_reddit", "--app-database", "w_app"));
        assertEquals("w_reddit", databases(old.command()).reddit());
        assertEquals("w_app", databases(old.command()).app());
        assertTrue(old.err().contains("cutover " + command + ": --reddit-database is deprecated, use --reddit-db"), old.err());
        assertTrue(old.err().contains("cutover " + command + ": --app-database is deprecated, use --app-db"), old.err());

        Parsed one = parse(worldCommand(command, "--reddit-database", "w_reddit"));
        assertEquals("w_reddit", databases(one.command()).reddit());
        assertEquals("app", databases(one.command()).app());
        assertFalse(one.err().contains("--app-database"), one.err());
    }

    @Test
    void theOldSpellingsAreLeftOutOfTheHelp() {
        for (String command : List.of("demo", "traffic", "bi-check")) {
            Run help = run(command, "--help");
            assertEquals(ExitCode.OK, help.exitCode());
            assertFalse(help.out().contains("-database"), command + ": " + help.out());
        }
        assertTrue(run("traffic", "--help").out().contains("--reddit-db=DB"));
        String biCheck = run("bi-check", "--help").out();
        assertTrue(biCheck.contains("--old-db=DB") && biCheck.contains("--new-db=DB"), biCheck);
    }

    @Test
    void bothSpellingsOfOneOptionAtOnceAreAUsageError() throws IOException {
        Run traffic = run("traffic", "--world", dir.toString(), "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--reddit-db", "a", "--reddit-database", "b");
        assertEquals(ExitCode.USAGE, traffic.exitCode(), traffic.err());
        assertTrue(traffic.err().contains("--reddit-database and --reddit-db name the same thing: give --reddit-db only"),
                traffic.err());

        Path queries = Files.createDirectories(dir.resolve("queries"));
        Run biCheck = run("bi-check", queries.toString(), "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--new-database", "a", "--new-db", "b");
        assertEquals(ExitCode.USAGE, biCheck.exitCode(), biCheck.err());
        assertTrue(biCheck.err().contains("--new-database and --new-db name the same thing: give --new-db only"), biCheck.err());
    }

    @Test
    void biCheckNamesItsDatabasesOldDbAndNewDbAndStillReadsTheOldSpellings() throws IOException {
        PostgresServer pg = TestPostgres.server();
        Path props = dir.resolve("pg.properties");
        Files.writeString(props, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        Path queries = Files.createDirectories(dir.resolve("queries"));
        // the postgres database holds no channels_post: the command says which database it read, before any query
        Run now = run("bi-check", queries.toString(), "--pg-properties", props.toString(), "--old-db", "postgres",
                "--new-db", "postgres");
        assertEquals(ExitCode.USAGE, now.exitCode(), now.err());
        assertTrue(now.err().contains("database 'postgres' has no table channels_post"), now.err());
        assertFalse(now.err().contains("deprecated"), now.err());

        Run old = run("bi-check", queries.toString(), "--pg-properties", props.toString(), "--old-database", "postgres",
                "--new-database", "postgres");
        assertEquals(ExitCode.USAGE, old.exitCode(), old.err());
        assertTrue(old.err().contains("database 'postgres' has no table channels_post"), old.err());
        assertTrue(old.err().contains("cutover bi-check: --old-database is deprecated, use --old-db"), old.err());
        assertTrue(old.err().contains("cutover bi-check: --new-database is deprecated, use --new-db"), old.err());
    }

    @Test
    void watchWritesTakesItsDatabasesAsSnapshotDoes() {
        Parsed parsed = parse("watch-writes", "--for", "1s", "-d", "reddit", "--database", "app=app_copy");
        assertEquals(List.of("reddit", "app=app_copy"), ((WatchWritesCommand) parsed.command()).databases);
        assertEquals(List.of("reddit", "app"), ((SnapshotCommand) parse("snapshot", "-d", "reddit", "--database", "app").command())
                .databases);
    }

    @Test
    void verifyWritesItsReportUnderVerifyReportUnlessToldOtherwise() {
        VerifyCommand byDefault = (VerifyCommand) parse("verify").command();
        assertEquals(Location.of("verify-report").toString(), byDefault.out.dir().toString());
        VerifyCommand named = (VerifyCommand) parse("verify", "--out", dir.resolve("r").toString()).command();
        assertEquals(Location.of(dir.resolve("r").toString()).toString(), named.out.dir().toString());
        assertTrue(run("verify", "--help").out().contains("Report directory. Default: verify-report."));
    }

    @Test
    void aMappingThatCannotBeReadIsAConfigurationErrorInEveryCommandThatTakesOne() throws IOException {
        String missing = dir.resolve("missing.yaml").toString();
        Path queries = Files.createDirectories(dir.resolve("queries"));
        List<String[]> commands = List.of(
                new String[] {"rewrite", queries.toString(), "--out", dir.resolve("o").toString(), "--mapping", missing},
                new String[] {"bi-check", queries.toString(), "--mapping", missing},
                new String[] {"verify", "--mapping", missing},
                new String[] {"watch-writes", "--for", "1s", "--mapping", missing});
        for (String[] args : commands) {
            Run r = run(args);
            assertEquals(ExitCode.USAGE, r.exitCode(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("cutover " + args[0] + ": --mapping: cannot read " + missing), r.err());
        }
    }
}
