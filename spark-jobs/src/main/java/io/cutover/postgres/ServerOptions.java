package io.cutover.postgres;

import io.cutover.outcome.CutoverException;
import io.cutover.spark.SubmittedConf;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the PostgreSQL server is and who we are on it. Precedence: {@code --pg-url}, then
 * {@code CUTOVER_PG_URL}, then {@code --conf spark.cutover.pg.url} (spark-submit), then the
 * {@code url} key of the properties file ({@code --pg-properties}, else
 * {@code spark.cutover.pg.properties}); none of them means the local server of
 * {@code cutover pg start} when it runs, else a throwaway embedded server (a line on stderr says
 * which, because the two keep data so differently).
 * Credentials never come from the command line or a Spark setting: the environment (PGUSER,
 * PGPASSWORD), the properties file (user, password) or ~/.pgpass (read by the driver when no
 * password is given).
 */
public class ServerOptions {
    public static final String URL_VARIABLE = "CUTOVER_PG_URL";

    @Option(names = "--pg-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL server, e.g. jdbc:postgresql://db:5432/ (no credentials here). "
                    + "Default: $" + URL_VARIABLE + ", else the local server of 'cutover pg start', else a throwaway embedded server.")
    String url;

    @Option(names = "--pg-properties", paramLabel = "FILE",
            description = "Properties file with url, user, password (keep it mode 600).")
    Path propertiesFile;

    /** True when a server is named (flag, environment or properties file), false for the throwaway default. */
    public boolean named() {
        return url != null || System.getenv(URL_VARIABLE) != null || SubmittedConf.get(SubmittedConf.PG_URL) != null
                || readPropertiesFile().getProperty("url") != null;
    }

    /** Opens the named server; else the local one when it runs; else starts a throwaway one. */
    public ServerInUse open() {
        return open(System.getenv(), false);
    }

    /**
     * Opens the named server; else the local one, starting it when it does not run, so that what
     * this command makes (a demo world) stays for the next commands.
     */
    public ServerInUse openKeeping() {
        return open(System.getenv(), true);
    }

    ServerInUse open(Map<String, String> env, boolean keep) {
        Properties file = readPropertiesFile();
        String chosenUrl = url;
        String origin = "--pg-url";
        if (chosenUrl == null && env.get(URL_VARIABLE) != null) {
            chosenUrl = env.get(URL_VARIABLE);
            origin = "$" + URL_VARIABLE;
        }
        if (chosenUrl == null && SubmittedConf.get(SubmittedConf.PG_URL) != null) {
            chosenUrl = SubmittedConf.get(SubmittedConf.PG_URL);
            origin = SubmittedConf.PG_URL;
        }
        if (chosenUrl == null && file.getProperty("url") != null) {
            chosenUrl = file.getProperty("url");
            origin = propertiesFile() + ": key 'url'";
        }
        if (chosenUrl == null) {
            if (!embeddedServerAvailable()) {
                throw CutoverException.configuration("no PostgreSQL server named: give --pg-url, $" + URL_VARIABLE + ", "
                        + SubmittedConf.PG_URL + " or a properties file (the job jar carries no embedded server)");
            }
            return openUnnamed(LocalPostgres.of(env), keep);
        }
        String user = firstNonNull(file.getProperty("user"), env.get("PGUSER"), System.getProperty("user.name"));
        String password = firstNonNull(file.getProperty("password"), env.get("PGPASSWORD"));
        return new ServerInUse(PostgresServer.fromUrl(chosenUrl, new Credentials(user, password), origin), null);
    }

    private static ServerInUse openUnnamed(LocalPostgres local, boolean keep) {
        var running = local.running();
        if (running.isPresent()) {
            System.err.println("cutover: no server named; using the local PostgreSQL server at " + local.describe(running.get()));
            return new ServerInUse(LocalPostgres.server(running.get().port()), null);
        }
        if (keep) {
            System.err.println("cutover: no server named; starting the local PostgreSQL server (data in " + local.directory()
                    + "), which stays for the next commands ('cutover pg stop' stops it)");
            return new ServerInUse(LocalPostgres.server(local.start().port()), null);
        }
        System.err.println("cutover: no server named and no local server running ('cutover pg start'): "
                + "using a throwaway embedded PostgreSQL server, gone with its data when this command ends");
        ThrowawayPostgres embedded = ThrowawayPostgres.start();
        return new ServerInUse(embedded.server(), embedded);
    }

    /**
     * The server a command that only reads existing databases uses: named, or the local one.
     * Never a throwaway server, which would hold nothing to read.
     */
    public ServerInUse openExisting(String why) {
        if (named() || !embeddedServerAvailable()) return open();
        LocalPostgres local = LocalPostgres.of(System.getenv());
        if (local.running().isEmpty()) {
            throw CutoverException.configuration(why + ": name the server with --pg-url, $" + URL_VARIABLE
                    + " or --pg-properties, or start the local one ('cutover pg start', then 'cutover demo')");
        }
        return open();
    }

    /** {@code --pg-properties}, else {@code spark.cutover.pg.properties}, else none. */
    private Path propertiesFile() {
        if (propertiesFile != null) return propertiesFile;
        String submitted = SubmittedConf.get(SubmittedConf.PG_PROPERTIES);
        return submitted == null ? null : Path.of(submitted);
    }

    /** The job jar leaves the embedded server (a test and demo helper) out. */
    public static boolean embeddedServerAvailable() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, ServerOptions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private Properties readPropertiesFile() {
        Properties p = new Properties();
        Path propertiesFile = propertiesFile();
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
