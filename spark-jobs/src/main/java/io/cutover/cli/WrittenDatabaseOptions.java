package io.cutover.cli;

import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.verify.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --source NAME=LOCATION} and {@code --target db:NAME} of a command that reads the old
 * sources as verify does and writes the new tables: the sources given, or the demo world's, and
 * the target as a live database.
 */
public final class WrittenDatabaseOptions {
    static final String DEMO_TARGET = "db:app";

    @Option(names = "--source", paramLabel = "NAME=LOCATION", description = "Where an old source of the mapping is (repeatable), as for verify.")
    Map<String, String> sources = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "db:NAME", description = "The live database of the new tables (default: the demo world's, db:app).")
    String target;

    boolean targetGiven() {
        return target != null;
    }

    /** The target's text, checked to be a live database; {@code command} names the writer in the message. */
    String target(String command) {
        String t = target == null ? DEMO_TARGET : target;
        if (!t.startsWith("db:")) throw CutoverException.configuration("--target " + t + ": " + command + " writes a live database (db:NAME)");
        return t;
    }

    /** The sources given, else the demo world's. */
    Map<String, String> sources() {
        Map<String, String> chosen = new LinkedHashMap<>(sources);
        if (chosen.isEmpty()) {
            chosen.put("reddit", "db:reddit");
            chosen.put("mirror", "db:app");
            if (Files.exists(Path.of("demo-world/votes-export.csv"))) chosen.put("votes", "csv:demo-world/votes-export.csv");
        }
        return chosen;
    }

    /** {@code chosen}, once each source is known to the mapping {@code m}. */
    static Map<String, String> named(Map<String, String> chosen, Mapping m) {
        for (String name : chosen.keySet()) {
            if (!m.sources().containsKey(name)) {
                throw CutoverException.configuration("--source " + name + ": the mapping has no source '" + name
                        + "' (it has " + String.join(", ", m.sources().keySet()) + ")");
            }
        }
        return chosen;
    }

    /** The sources' locations on {@code server}. */
    static Map<String, SourceLocation> locations(Map<String, String> chosen, PostgresServer server) {
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        chosen.forEach((name, loc) -> locations.put(name, VerifyCommand.location(loc, server, "--source " + name)));
        return locations;
    }
}
