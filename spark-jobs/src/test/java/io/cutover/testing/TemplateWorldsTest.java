package io.cutover.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A template copy is the world a generation makes: same rows, files, faults and demo marker. */
class TemplateWorldsTest {
    @TempDir
    Path dir;

    @Test
    void aCopyHoldsWhatGeneratingTheWorldMakes() throws Exception {
        DemoSpec generated = DemoSpec.of(Scale.TINY, 5, 1, dir.resolve("generated")).withDatabases("twg_reddit", "twg_app").replacing();
        DemoReport made = DemoWorld.generate(TestPostgres.server(), generated, new PrintStream(new ByteArrayOutputStream()));
        DemoSpec copied = DemoSpec.of(Scale.TINY, 5, 1, dir.resolve("copied")).withDatabases("twc_reddit", "twc_app");
        DemoReport copy = TemplateWorlds.copy(copied);
        DemoReport again = TemplateWorlds.copy(copied);   // a second copy replaces the first

        assertEquals(TableDigests.of(TestPostgres.server(), Map.of("reddit", "twg_reddit", "app", "twg_app")),
                TableDigests.of(TestPostgres.server(), Map.of("reddit", "twc_reddit", "app", "twc_app")));
        assertEquals(Files.readString(generated.voteExport()), Files.readString(copied.voteExport()));
        assertEquals(Files.readString(generated.groundTruth()).replace("twg_", "twc_"), Files.readString(copied.groundTruth()));
        assertEquals(made.faults(), copy.faults());
        assertEquals(made.rowsPerTable(), again.rowsPerTable());
        assertEquals("twc_app", copy.appDatabase());
        try (Connection admin = TestPostgres.server().connect("postgres")) {
            assertTrue(DemoWorld.isDemoDatabase(admin, "twc_reddit"), "the copy carries the demo marker traffic checks");
            assertTrue(DemoWorld.isDemoDatabase(admin, "twc_app"));
        }
    }
}
