package io.cutover.spark;

import io.cutover.outcome.CutoverException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Settings given to spark-submit as {@code --conf spark.cutover.*} (or in its
 * {@code --properties-file}). The driver sees every {@code spark.*} setting as a system
 * property, in client and cluster deploy mode alike, before any SparkSession exists, so they
 * are read from there. A Spark setting is shown on the UI's Environment tab and in event logs,
 * so a key that looks like a secret is refused rather than used: a {@code spark.cutover.*} one, and
 * the {@code spark.hadoop.*} keys that carry a store's keys (S3A's access, secret and session keys,
 * per bucket too, its SSE-C key, Azure's account keys and client secrets, GCS's private keys).
 * Store credentials come from the cluster instead: instance profiles, web identity, the executors'
 * environment, or Hadoop credential provider files (README, "On a cluster").
 */
public final class SubmittedConf {
    public static final String PREFIX = "spark.cutover.";
    /** Where the server is: a JDBC URL without credentials. */
    public static final String PG_URL = PREFIX + "pg.url";
    /** A properties file (url, user, password) readable by the driver. */
    public static final String PG_PROPERTIES = PREFIX + "pg.properties";

    private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|credential).*");
    /** Not "credential": fs.s3a.aws.credentials.provider and hadoop.security.credential.provider.path name no secret. */
    private static final Pattern STORE_SECRET = Pattern.compile(
            "(?i)spark\\.hadoop\\..*(secret|session\\.token|access\\.key|account\\.key|private\\.key|encryption\\.key|password).*");

    private SubmittedConf() {}

    /** The value of a {@code spark.cutover.*} key, after refusing any secret-looking key. */
    public static String get(String key) {
        return get(System.getProperties(), key);
    }

    static String get(Properties props, String key) {
        refuseSecrets(props);
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Refuses secret-looking keys among the submitted settings (every job checks before its session starts). */
    public static void refuseSecrets() {
        refuseSecrets(System.getProperties());
    }

    static void refuseSecrets(Properties props) {
        TreeSet<String> bad = new TreeSet<>();
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            String k = e.getKey().toString();
            if (k.startsWith(PREFIX) && SECRET.matcher(k).matches()) bad.add(k);
            if (STORE_SECRET.matcher(k).matches()) bad.add(k);
        }
        if (!bad.isEmpty()) {
            throw CutoverException.configuration(String.join(", ", bad) + ": a secret in a Spark setting is shown on "
                    + "the Spark UI and in event logs; give the password through PGPASSWORD, a --pg-properties file "
                    + "(or " + PG_PROPERTIES + "=FILE) or ~/.pgpass instead, and a store's keys through an instance profile "
                    + "or web identity, the executors' environment, or hadoop.security.credential.provider.path");
        }
    }
}
