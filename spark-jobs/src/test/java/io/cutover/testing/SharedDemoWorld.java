package io.cutover.testing;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One tiny demo world without faults per test JVM, generated on first use into the shared test
 * server, for the tests that only read it (queries, comparisons that write their reports
 * elsewhere): each such test would otherwise generate the same world again. A test that writes
 * into a world generates its own.
 */
public final class SharedDemoWorld {
    private static DemoSpec clean;

    private SharedDemoWorld() {}

    /** Tiny, seed 42, no faults; databases {@code shared_clean_reddit} and {@code shared_clean_app}. Read only. */
    public static synchronized DemoSpec clean() {
        if (clean == null) {
            try {
                Path dir = Files.createTempDirectory("cutover-shared-world");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                DemoSpec spec = DemoSpec.of(Scale.TINY, 42, 0, dir.resolve("world"))
                        .withDatabases("shared_clean_reddit", "shared_clean_app").replacing();
                DemoWorld.generate(TestPostgres.server(), spec, new PrintStream(new ByteArrayOutputStream()));
                clean = spec;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clean;
    }

    public static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
