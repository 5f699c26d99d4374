package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.outcome.ExitCode;
import org.junit.jupiter.api.Test;

/** What {@code cutover repair} refuses before it connects to anything. */
class RepairCommandTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:1/";

    @Test
    void aTargetThatIsNotALiveDatabaseIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("repair", "some-report", "--pg-url", SERVER, "--target", "csv:votes.csv"));
    }

    @Test
    void anUnknownSourceIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("repair", "some-report", "--pg-url", SERVER, "--target", "db:app",
                "--source", "nosuch=db:app"));
    }

    @Test
    void printAndExecuteTogetherAreRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("repair", "some-report", "--pg-url", SERVER, "--print", "--execute"));
    }
}
