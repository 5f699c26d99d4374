package io.cutover.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import io.cutover.schema.SchemaScript;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the demo migration world in PostgreSQL: database {@code reddit} (the Reddit backend),
 * database {@code app} (auth, channels_* and discussions_*), a vote export CSV, and, with
 * faults, a ground-truth file naming every injected difference.
 */
public final class DemoWorld {
    /** Marks databases this tool created, so that --replace never drops anyone else's. */
    static final String MARKER = "cutover demo world";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DemoWorld() {}

    public static DemoReport generate(PostgresServer server, DemoSpec spec, PrintStream out) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(spec.outputDir());
        } catch (IOException e) {
            throw CutoverException.configuration("cannot create output directory " + spec.outputDir() + ": " + e.getMessage());
        }
        if (!Files.isWritable(spec.outputDir())) {
            throw CutoverException.configuration("output directory " + spec.outputDir() + " is not writable");
        }
        boolean archive = spec.design() == Design.D2025;
        out.printf("Generating the %s demo world (%sseed %d, as of %s, %d faults per kind%s%s) on %s%n",
                spec.scale().name().toLowerCase(), archive ? "2025 design, " : "", spec.seed(), spec.asOf(), spec.faultsPerKind(),
                spec.newTables() == NewTables.ALL ? "" : ", new tables up to " + spec.newTables().id(),
                spec.unorderedCommentIds() ? ", comment ids against time" : "", server);
        prepareDatabases(server, spec);

        Map<String, CopyStream> streams = new LinkedHashMap<>();
        long clearedVotes;
        long archiveVoteLines = 0;
        Progress progress = new Progress("rows loaded (of an estimated total)", spec.scale().expectedRows(), out);
        long loadStart = System.nanoTime();
        try {
            open(streams, server, spec.redditDatabase(), SchemaScript.load("reddit.sql"));
            if (archive) openArchive(streams, server, spec.appDatabase());
            else open(streams, server, spec.appDatabase(), SchemaScript.load("app.sql"));
            try (BufferedWriter votes = Files.newBufferedWriter(spec.voteExport(), StandardCharsets.UTF_8)) {
                WorldGenerator generator = archive || spec.unorderedCommentIds()
                        ? new WorldGenerator(spec.scale(), spec.seed(), spec.asOf(), streams, votes, progress, spec.design(),
                                spec.newTables(), spec.unorderedCommentIds())
                        : new WorldGenerator(spec.scale(), spec.seed(), spec.asOf(), streams, votes, progress);
                generator.generate();
                clearedVotes = generator.clearedVotes();
                archiveVoteLines = generator.voteLines();
            }
            for (CopyStream s : streams.values()) s.finish();
            for (CopyStream s : streams.values()) s.commit();
        } catch (IOException e) {
            throw CutoverException.failure("cannot write " + spec.voteExport() + ": " + e.getMessage(), e);
        } finally {
            for (CopyStream s : streams.values()) s.close();
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Map<String, Long> rows = new LinkedHashMap<>();
        long loaded = 0;
        for (CopyStream s : streams.values()) {
            rows.put(s.table(), s.rows());
            loaded += s.rows();
        }
        // The export holds every vote whatever the stage: it is the old side.
        long voteLines = archive ? archiveVoteLines : rows.get("discussions_postvote") + rows.get("discussions_commentvote");
        if (!archive) loaded -= emptyLaterEntities(server, spec, rows);
        out.printf("  loaded %,d rows into %d tables in %.1f s: %,.0f rows/s%n", loaded, rows.size(), loadSeconds,
                loaded / loadSeconds);

        long keysStart = System.nanoTime();
        addKeys(server, spec, out);
        out.printf("  keys, foreign keys and statistics in %.1f s%n", (System.nanoTime() - keysStart) / 1e9);

        List<Fault> faults;
        long faultsStart = System.nanoTime();
        try (Connection app = server.connect(spec.appDatabase())) {
            Progress kinds = new Progress("fault kinds injected", "kinds",
                    archive ? ArchiveFaultKind.values().length : FaultKind.values().length, out, Duration.ofSeconds(5));
            faults = archive
                    ? new ArchiveFaults(app, spec.seed(), spec.faultsPerKind(), spec.newTables())
                            .inject(kinds)
                    : new FaultInjector(app, spec.seed(), spec.faultsPerKind(), spec.newTables()).inject(spec.voteExport(), voteLines, kinds);
            if (!faults.isEmpty()) out.printf("  %,d faults injected in %.1f s%n", faults.size(), (System.nanoTime() - faultsStart) / 1e9);
        } catch (SQLException e) {
            throw CutoverException.failure("injecting faults failed: " + PostgresServer.describe(e), e);
        } catch (IOException e) {
            throw CutoverException.failure("injecting faults into " + spec.voteExport() + " failed: " + e.getMessage(), e);
        }
        setSequences(server, spec);
        DemoReport report = new DemoReport(spec.scale().name().toLowerCase(), spec.seed(), spec.asOf().toString(), spec.newTables().id(), spec.faultsPerKind(),
                spec.redditDatabase(), spec.appDatabase(), rows, loaded, voteLines, clearedVotes, loadSeconds,
                (System.nanoTime() - start) / 1e9, faults, archive ? spec.design().id() : null);
        writeJson(spec, report);
        return report;
    }

    /**
     * Empties the new tables the stage has not reached, before their keys are added: the world is
     * drawn whole (the same draw at every stage), and a table left empty still gets its keys,
     * indexes and identity, as the app's migrations created it. Returns the rows removed.
     */
    private static long emptyLaterEntities(PostgresServer server, DemoSpec spec, Map<String, Long> rows) {
        List<String> empty = spec.newTables().emptyTables();
        if (empty.isEmpty()) return 0;
        long removed = 0;
        try (Connection app = server.connect(spec.appDatabase()); Statement st = app.createStatement()) {
            st.execute("TRUNCATE " + String.join(", ", empty));
        } catch (SQLException e) {
            throw CutoverException.failure("cannot empty " + empty + ": " + PostgresServer.describe(e), e);
        }
        for (String table : empty) removed += rows.put(table, 0L);
        return removed;
    }

    /**
     * The app database of the 2025 design: app.sql's tables but the 2020 design's new ones, the
     * channels_* tables with their added columns, and the comment tree table (constraints after the load).
     */
    private static void openArchive(Map<String, CopyStream> streams, PostgresServer server, String database) {
        for (Map.Entry<String, String> table : SchemaScript.load("app.sql").createTableStatements().entrySet()) {
            if (ArchiveSchema.newTablesOf2020(table.getValue())) continue;
            String added = ArchiveSchema.ADDED_COLUMNS.get(table.getKey());
            String create = added == null ? table.getValue() : table.getValue() + ";\n" + added;
            streams.put(table.getKey(), new CopyStream(server, database, table.getKey(), create));
        }
        streams.put(ArchiveSchema.TREE, new CopyStream(server, database, ArchiveSchema.TREE, ArchiveSchema.CREATE_TREE));
    }

    private static void open(Map<String, CopyStream> streams, PostgresServer server, String database, SchemaScript script) {
        for (Map.Entry<String, String> table : script.createTableStatements().entrySet()) {
            streams.put(table.getKey(), new CopyStream(server, database, table.getKey(), table.getValue()));
        }
    }

    private static void prepareDatabases(PostgresServer server, DemoSpec spec) {
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            for (String db : List.of(spec.redditDatabase(), spec.appDatabase())) {
                if (!db.matches("[a-z_][a-z0-9_]{0,62}")) {
                    throw CutoverException.configuration("database name '" + db + "' must be lower-case letters, digits or _");
                }
                String comment = databaseComment(admin, db);
                if (comment != null) {
                    if (!spec.replace()) {
                        throw CutoverException.configuration("database '" + db + "' already exists on " + server
                                + "; pass --replace to drop and regenerate it");
                    }
                    if (!comment.startsWith(MARKER)) {
                        throw CutoverException.configuration("database '" + db + "' exists and was not made by cutover demo;"
                                + " refusing to drop it");
                    }
                    st.execute("DROP DATABASE " + db + " WITH (FORCE)");
                }
                // C collation: byte order, so sorted output is the same on every server.
                st.execute("CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
                st.execute("COMMENT ON DATABASE " + db + " IS '" + MARKER + " (" + spec.scale().name().toLowerCase()
                        + ", seed " + spec.seed() + ")'");
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot create the demo databases on " + server + ": "
                    + PostgresServer.describe(e), e);
        }
    }

    /** Whether the database exists and carries the marker of a world this tool made (traffic writes only there). */
    public static boolean isDemoDatabase(Connection admin, String database) throws SQLException {
        String comment = databaseComment(admin, database);
        return comment != null && comment.startsWith(MARKER);
    }

    /** The database's comment, "" when it exists without one, null when it does not exist. */
    private static String databaseComment(Connection admin, String db) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Primary and unique keys first (two at a time), then the foreign keys that need them. */
    private static void addKeys(PostgresServer server, DemoSpec spec, PrintStream out) {
        List<String[]> keys = new ArrayList<>();
        List<String[]> foreign = new ArrayList<>();
        boolean archive = spec.design() == Design.D2025;
        for (String[] script : new String[][] {{spec.redditDatabase(), "reddit-keys.sql"}, {spec.appDatabase(), "app-keys.sql"}}) {
            for (String statement : SchemaScript.load(script[1]).statements()) {
                if (spec.faultsPerKind() > 0 && CommentTrees.commentConstraint(statement)) continue;
                if (archive && ArchiveSchema.newTablesOf2020(statement)) continue;
                (statement.contains("FOREIGN KEY") ? foreign : keys).add(new String[] {script[0], statement});
            }
        }
        if (archive) {
            for (String statement : ArchiveSchema.KEYS) {
                (statement.contains("FOREIGN KEY") ? foreign : keys).add(new String[] {spec.appDatabase(), statement});
            }
        }
        List<String[]> analyze = List.of(new String[] {spec.redditDatabase(), "ANALYZE"},
                new String[] {spec.appDatabase(), "ANALYZE"});
        // Each statement builds an index or checks a constraint over a whole table, from milliseconds to
        // minutes: counted, but with no ETA, which a count of such unequal steps would get wrong.
        Progress done = new Progress("keys, foreign keys and statistics", "statements",
                keys.size() + foreign.size() + analyze.size(), out, Duration.ofSeconds(5), 1.0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            runAll(pool, server, keys, done);
            runAll(pool, server, foreign, done);
            runAll(pool, server, analyze, done);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The id sequences last, above every id loaded or injected, as in a database where the rows
     * came through the sequences (the demo writes explicit ids, as a backfill does).
     */
    private static void setSequences(PostgresServer server, DemoSpec spec) {
        for (String[] script : new String[][] {{spec.redditDatabase(), "reddit-sequences.sql"}, {spec.appDatabase(), "app-sequences.sql"}}) {
            try (Connection c = server.connect(script[0]); Statement st = c.createStatement()) {
                boolean archive = spec.design() == Design.D2025 && script[0].equals(spec.appDatabase());
                for (String statement : SchemaScript.load(script[1]).statements()) {
                    if (!(archive && ArchiveSchema.newTablesOf2020(statement))) st.execute(statement);
                }
                if (archive) st.execute(ArchiveSchema.SEQUENCE);
            } catch (SQLException e) {
                throw CutoverException.failure("in database " + script[0] + ", " + script[1] + ": " + PostgresServer.describe(e), e);
            }
        }
    }

    private static void runAll(ExecutorService pool, PostgresServer server, List<String[]> statements, Progress done) {
        List<Future<?>> running = new ArrayList<>();
        for (String[] s : statements) {
            running.add(pool.submit(() -> {
                try (Connection c = server.connect(s[0]); Statement st = c.createStatement()) {
                    st.execute(s[1]);
                    done.add(1);
                } catch (SQLException e) {
                    throw CutoverException.failure("in database " + s[0] + ": " + s[1] + ": " + PostgresServer.describe(e), e);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CutoverException.failure("interrupted while adding keys", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CutoverException ce) throw ce;
                throw CutoverException.failure("adding keys failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void writeJson(DemoSpec spec, DemoReport report) {
        try {
            Map<String, Object> truth = new LinkedHashMap<>();
            truth.put("scale", report.scale());
            truth.put("seed", report.seed());
            truth.put("faultsPerKind", report.faultsPerKind());
            truth.put("redditDatabase", report.redditDatabase());
            truth.put("appDatabase", report.appDatabase());
            if (report.design() != null) truth.put("design", report.design());
            List<Map<String, String>> kinds = new ArrayList<>();
            if (report.design() != null) {
                for (ArchiveFaultKind k : ArchiveFaultKind.values()) kinds.add(k.describe());
            } else for (FaultKind k : FaultKind.values()) {
                Map<String, String> kind = new LinkedHashMap<>();
                kind.put("kind", k.id());
                kind.put("entity", k.entity);
                kind.put("source", k.source());
                kind.put("table", k.table);
                kind.put("column", k.column);
                kind.put("description", k.description);
                kinds.add(kind);
            }
            truth.put("kinds", kinds);
            truth.put("faults", report.faults());
            JSON.writeValue(spec.groundTruth().toFile(), truth);
            JSON.writeValue(spec.outputDir().resolve("world.json").toFile(), report);
        } catch (IOException e) {
            throw CutoverException.failure("cannot write " + spec.groundTruth() + ": " + e.getMessage(), e);
        }
    }
}
