package io.cutover.verify;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.SharedDemoWorld;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full verify runs of the faulted tiny world (seed 11, 3 faults of each kind), one per pushdown
 * mode per test JVM. Several classes hold another path against the same full run of this world
 * ({@code --pushdown off} above all); each such run costs tens of seconds, so a JVM makes it once
 * and hands out its report and console. Read only: nobody writes into this world or its reports.
 */
final class FaultyWorldRuns {
    /** A finished run: what {@link VerifyJob#run} returned, what it printed, and where its report is. */
    record Run(VerifyReport report, String console, Path out) {}

    private static final Map<Pushdown, Run> RUNS = new EnumMap<>(Pushdown.class);
    private static DemoSpec world;
    private static Path root;

    private FaultyWorldRuns() {}

    /** The world, copied once per JVM into databases of its own. */
    static synchronized DemoSpec world() {
        if (world == null) {
            try {
                root = Files.createTempDirectory("cutover-faulty-world-runs");
                Path made = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedDemoWorld.deleteQuietly(made)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DemoSpec spec = DemoSpec.of(Scale.TINY, 11, 3, root.resolve("world"))
                    .withDatabases("fw_faulty_reddit", "fw_faulty_app").replacing();
            TemplateWorlds.copy(spec);
            world = spec;
        }
        return world;
    }

    /** The full run of every entity against every source with this pushdown, 64 buckets, consistent reads. */
    static synchronized Run run(Pushdown pushdown) {
        return RUNS.computeIfAbsent(pushdown, p -> {
            DemoSpec w = world();
            Path out = root.resolve(p.name().toLowerCase());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            VerifyReport report = new VerifyJob(TestSpark.session(), spec(w, p, out), new PrintStream(console, true)).run();
            return new Run(report, console.toString(), out);
        });
    }

    private static VerifySpec spec(DemoSpec w, Pushdown pushdown, Path out) {
        PostgresServer pg = TestPostgres.server();
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, w.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, w.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(w.voteExport()));
        return new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, w.appDatabase()), List.of(),
                null, null, Location.local(out), 0, 64, 3, pushdown, true, null, null);
    }
}
