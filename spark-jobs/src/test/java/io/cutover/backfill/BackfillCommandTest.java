package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.cli.Cutover;
import io.cutover.outcome.ExitCode;
import org.junit.jupiter.api.Test;

/** What {@code cutover backfill} refuses before it connects to anything. */
class BackfillCommandTest {

    @Test
    void aNamedServerWithoutATargetDatabaseIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/"));
    }

    @Test
    void aTargetThatIsNotALiveDatabaseIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--target", "csv:votes.csv"));
    }

    @Test
    void anUnknownSourceIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--target", "db:app", "--source", "nosuch=db:app"));
    }
}
