package io.cutover.postgres;

import io.cutover.cli.CutoverException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the PostgreSQL server is and who we are on it. Precedence: {@code --pg-url}, then
 * {@code CUTOVER_PG_URL}, then the {@code url} key of a {@code --pg-properties} file; none of
 * them means a throwaway embedded server. Credentials never come from the command line: the
 * environment (PGUSER, PGPASSWORD), the properties file (user, password) or ~/.pgpass
 * (read by the driver when no password is given).
 */
public class ServerOptions {
    public static final String URL_VARIABLE = "CUTOVER_PG_URL";

    @Option(names = "--pg-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL server, e.g. jdbc:postgresql://db:5432/ (no credentials here). "
                    + "Default: $" + URL_VARIABLE + ", else a throwaway embedded server.")
    String url;

    @Option(names = "--pg-properties", paramLabel = "FILE",
            description = "Properties file with url, user, password (keep it mode 600).")
    Path propertiesFile;

    /** True when a server is named (flag, environment or properties file), false for the throwaway default. */
    public boolean named() {
        return url != null || System.getenv(URL_VARIABLE) != null || readPropertiesFile().getProperty("url") != null;
    }

    /** Opens the named server, or starts a throwaway one when none is named. */
    public ServerInUse open() {
        return open(System.getenv());
    }

    ServerInUse open(Map<String, String> env) {
        Properties file = readPropertiesFile();
        String chosenUrl = url;
        String origin = "--pg-url";
        if (chosenUrl == null && env.get(URL_VARIABLE) != null) {
            chosenUrl = env.get(URL_VARIABLE);
            origin = "$" + URL_VARIABLE;
        }
        if (chosenUrl == null && file.getProperty("url") != null) {
            chosenUrl = file.getProperty("url");
            origin = propertiesFile + ": key 'url'";
        }
        if (chosenUrl == null) {
            ThrowawayPostgres embedded = ThrowawayPostgres.start();
            return new ServerInUse(embedded.server(), embedded);
        }
        String user = firstNonNull(file.getProperty("user"), env.get("PGUSER"), System.getProperty("user.name"));
        String password = firstNonNull(file.getProperty("password"), env.get("PGPASSWORD"));
        return new ServerInUse(PostgresServer.fromUrl(chosenUrl, new Credentials(user, password), origin), null);
    }

    private Properties readPropertiesFile() {
        Properties p = new Properties();
        if (propertiesFile == null) return p;
        try (Reader r = Files.newBufferedReader(propertiesFile)) {
            p.load(r);
        } catch (IOException e) {
            throw CutoverException.configuration("--pg-properties: cannot read " + propertiesFile + ": " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!key.equals("url") && !key.equals("user") && !key.equals("password")) {
                throw CutoverException.configuration(propertiesFile + ": unknown key '" + key
                        + "' (expected url, user, password)");
            }
        }
        return p;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null && !v.isEmpty()) return v;
        return null;
    }
}
