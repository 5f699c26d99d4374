package io.cutover.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** spark.cutover.* settings as spark-submit hands them to the driver (system properties). */
class SubmittedConfTest {

    @Test
    void readsCutoverSettings() {
        Properties p = new Properties();
        p.setProperty(SubmittedConf.PG_URL, " jdbc:postgresql://db:5432/ ");
        p.setProperty("spark.executor.memory", "1g");
        assertEquals("jdbc:postgresql://db:5432/", SubmittedConf.get(p, SubmittedConf.PG_URL));
        assertNull(SubmittedConf.get(p, SubmittedConf.PG_PROPERTIES));
    }

    @Test
    void refusesASecretInASparkSetting() {
        Properties p = new Properties();
        p.setProperty(SubmittedConf.PG_URL, "jdbc:postgresql://db:5432/");
        p.setProperty("spark.cutover.pg.password", "hunter2");
        CutoverException e = assertThrows(CutoverException.class, () -> SubmittedConf.get(p, SubmittedConf.PG_URL));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("spark.cutover.pg.password"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), "the message repeats the secret: " + e.getMessage());
    }
}
