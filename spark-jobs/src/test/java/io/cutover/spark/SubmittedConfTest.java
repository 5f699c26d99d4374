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

    @Test
    void refusesObjectStoreKeysButNotWhereTheyComeFrom() {
        Properties p = new Properties();
        p.setProperty("spark.hadoop.fs.s3a.aws.credentials.provider", "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider");
        p.setProperty("spark.hadoop.hadoop.security.credential.provider.path", "jceks://hdfs@nn/user/cutover/s3.jceks");
        p.setProperty("spark.hadoop.fs.s3a.endpoint", "s3.eu-west-1.amazonaws.com");
        SubmittedConf.refuseSecrets(p);
        for (String key : java.util.List.of("spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key",
                "spark.hadoop.fs.s3a.session.token", "spark.hadoop.fs.s3a.bucket.backups.secret.key",
                "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net", "spark.hadoop.fs.gs.auth.service.account.private.key")) {
            Properties q = new Properties();
            q.putAll(p);
            q.setProperty(key, "AKIA-hunter2");
            CutoverException e = assertThrows(CutoverException.class, () -> SubmittedConf.refuseSecrets(q), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertTrue(!e.getMessage().contains("hunter2"), "the message repeats the secret: " + e.getMessage());
        }
    }
}
