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
 * so a key that looks like a secret is refused rather than used.
 */
public final class SubmittedConf {
    public static final String PREFIX = "spark.cutover.";
    /** Where the server is: a JDBC URL without credentials. */
    public static final String PG_URL = PREFIX + "pg.url";
    /** A properties file (url, user, password) readable by the driver. */
    public static final String PG_PROPERTIES = PREFIX + "pg.properties";

    private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|credential).*");

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

    static void refuseSecrets(Properties props) {
        TreeSet<String> bad = new TreeSet<>();
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            String k = e.getKey().toString();
            if (k.startsWith(PREFIX) && SECRET.matcher(k).matches()) bad.add(k);
        }
        if (!bad.isEmpty()) {
            throw CutoverException.configuration(String.join(", ", bad) + ": a secret in a Spark setting is shown on "
                    + "the Spark UI and in event logs; give the password through PGPASSWORD, a --pg-properties file "
                    + "(or " + PG_PROPERTIES + "=FILE) or ~/.pgpass instead");
        }
    }
}
