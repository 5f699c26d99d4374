package io.cutover.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.postgres.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Demo worlds generated once per test JVM and handed out as copies: each test gets databases of
 * its own (a writing test may change them at will) made with {@code CREATE DATABASE … TEMPLATE},
 * a fraction of a second where generating the world again costs seconds, and its own copy of the
 * world's files (the vote export, which traffic appends to, and the ground truth).
 *
 * <p>A copy is the world {@link DemoWorld#generate} would make for the same spec: same rows, same
 * export, same faults, the same demo marker on its databases (traffic writes only to those); only
 * the database names in {@code world.json} and {@code ground-truth.json} are the copy's. The
 * templates themselves are never opened by a test, since PostgreSQL copies a database only while
 * nobody is connected to it.
 */
public final class TemplateWorlds {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<Content, Template> TEMPLATES = new HashMap<>();
    private static Path root;

    private TemplateWorlds() {}

    /** What a world holds, whatever its databases are called and wherever its files go. */
    private record Content(String scale, long seed, int faults, String asOf, String newTables, String design, boolean unordered) {
        static Content of(DemoSpec spec) {
            return new Content(spec.scale().name(), spec.seed(), spec.faultsPerKind(), spec.asOf().toString(), spec.newTables().id(),
                    spec.design().id(), spec.unorderedCommentIds());
        }
    }

    private record Template(DemoSpec spec, DemoReport report) {}

    /**
     * The world {@code spec} describes, in its databases (dropped first if they exist, as
     * {@link DemoSpec#replacing()} would) and its output directory, on the shared test server.
     */
    public static DemoReport copy(DemoSpec spec) {
        Template template = template(spec);
        PostgresServer server = TestPostgres.server();
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            clone(admin, st, template.spec().redditDatabase(), spec.redditDatabase());
            clone(admin, st, template.spec().appDatabase(), spec.appDatabase());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy the template world into " + spec.redditDatabase() + "/" + spec.appDatabase()
                    + ": " + PostgresServer.describe(e), e);
        }
        try {
            Files.createDirectories(spec.outputDir());
            try (Stream<Path> files = Files.list(template.spec().outputDir())) {
                for (Path file : files.toList()) {
                    Path target = spec.outputDir().resolve(file.getFileName());
                    if (file.getFileName().toString().endsWith(".json")) renamedDatabases(file, target, spec);
                    else Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoReport r = template.report();
        return new DemoReport(r.scale(), r.seed(), r.asOf(), r.newTables(), r.faultsPerKind(), spec.redditDatabase(), spec.appDatabase(),
                r.rowsPerTable(), r.rowsLoaded(), r.voteExportLines(), r.clearedVoteLines(), r.loadSeconds(), r.totalSeconds(),
                r.faults(), r.design());
    }

    private static synchronized Template template(DemoSpec spec) {
        return TEMPLATES.computeIfAbsent(Content.of(spec), content -> {
            try {
                if (root == null) {
                    root = Files.createTempDirectory("cutover-template-worlds");
                    Path made = root;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedDemoWorld.deleteQuietly(made)));
                }
                String name = "tpl" + TEMPLATES.size();
                DemoSpec own = spec.withDatabases(name + "_reddit", name + "_app").withOutputDir(root.resolve(name)).replacing();
                DemoReport report = DemoWorld.generate(TestPostgres.server(), own, new PrintStream(new ByteArrayOutputStream()));
                return new Template(own, report);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void clone(Connection admin, Statement st, String template, String copy) throws SQLException {
        st.execute("DROP DATABASE IF EXISTS " + copy + " WITH (FORCE)");
        st.execute("CREATE DATABASE " + copy + " TEMPLATE " + template);
        // The demo marker lives in the database's comment, which a template does not carry over.
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, template);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String comment = rs.getString(1);
                if (comment != null) st.execute("COMMENT ON DATABASE " + copy + " IS '" + comment.replace("'", "''") + "'");
            }
        }
    }

    private static void renamedDatabases(Path from, Path to, DemoSpec spec) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(from.toFile());
        for (String field : List.of("redditDatabase", "appDatabase")) {
            if (json.has(field)) json.put(field, field.equals("redditDatabase") ? spec.redditDatabase() : spec.appDatabase());
        }
        JSON.writeValue(to.toFile(), json);
    }
}
