package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.outcome.CutoverException;
import io.cutover.bicheck.BiCheck;
import io.cutover.bicheck.QueryCheck;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cutover bi-check}: runs every old BI query on the old tables and its rewrite on the new
 * ones, compares the results and PREPAREs every rewrite. Exit 1 when a result differs without a
 * finding that explains it.
 */
@Command(name = "bi-check", mixinStandardHelpOptions = true,
        description = {"Proves BI query rewrites on data: old query on the old tables vs rewrite on the new tables.",
                "Exit 0: every difference is explained by a finding; 1: a silent difference; 2: bad input; 3: failure."})
public final class BiCheckCommand implements Callable<Integer> {
    private static final String OLD_DB = "--old-db";
    private static final String NEW_DB = "--new-db";

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERIES", description = "directory of old queries (default: bi-queries/old)")
    Path queries = Path.of("bi-queries", "old");

    @Option(names = OLD_DB, paramLabel = "DB", description = "database holding the old tables (default: app)")
    String oldDb = "app";

    @Option(names = NEW_DB, paramLabel = "DB", description = "database holding the new tables (default: app)")
    String newDb = "app";

    private String oldDbByOldName;
    private String newDbByOldName;

    @Option(names = "--old-database", paramLabel = "DB", hidden = true, description = "Deprecated: " + OLD_DB + ".")
    void oldDatabase(String name) {
        OldSpelling.used(spec, "--old-database", OLD_DB);
        oldDbByOldName = name;
    }

    @Option(names = "--new-database", paramLabel = "DB", hidden = true, description = "Deprecated: " + NEW_DB + ".")
    void newDatabase(String name) {
        OldSpelling.used(spec, "--new-database", NEW_DB);
        newDbByOldName = name;
    }

    @Option(names = "--report", paramLabel = "FILE", description = "write the result table (Markdown) here")
    Path report;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per-query timeout (default: 120)")
    int timeoutSeconds = 120;

    @Mixin
    MappingOption mappingFile;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(queries)) throw CutoverException.configuration("not a directory: " + queries);
        mappingFile.requireReadable();
        String oldDatabase = OldSpelling.value(spec, OLD_DB, oldDb, "--old-database", oldDbByOldName);
        String newDatabase = OldSpelling.value(spec, NEW_DB, newDb, "--new-database", newDbByOldName);
        try (ServerInUse in = server.openExisting("bi-check reads existing databases")) {
            PostgresServer pg = in.server();
            // the rewrite reads the target's schema: a live one is read from the new tables' database
            Mapping mapping = mappingFile.load(new LiveCatalogConnections(java.util.Map.of(), "db:" + newDatabase, pg));
            try (Connection oldTables = pg.connect(oldDatabase); Connection newTables = pg.connect(newDatabase)) {
                requireTable(oldTables, "channels_post", oldDatabase);
                requireTable(newTables, "discussions_post", newDatabase);
                List<QueryCheck> checks = new BiCheck(mapping, timeoutSeconds).run(oldTables, newTables, queries);
                String table = BiCheck.report(checks);
                if (report != null) Files.writeString(report, table);
                var out = spec.commandLine().getOut();
                out.print(table);
                out.flush();
                return checks.stream().anyMatch(QueryCheck::silentDifference) ? ExitCode.DIFFERENCES : ExitCode.OK;
            }
        } catch (SQLException e) {
            throw CutoverException.failure("bi-check failed: " + PostgresServer.describe(e), e);
        } catch (IOException e) {
            throw CutoverException.failure("bi-check failed: " + e.getMessage(), e);
        }
    }

    private static void requireTable(Connection c, String table, String database) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            if (!rs.next()) {
                throw CutoverException.configuration("database '" + database + "' has no table " + table
                        + ": bi-check needs the demo world (old channels_* and new discussions_* tables)");
            }
        }
    }
}
