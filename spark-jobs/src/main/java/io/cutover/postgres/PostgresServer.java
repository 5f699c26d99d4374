package io.cutover.postgres;

import io.cutover.outcome.CutoverException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server we connect to: a base JDBC URL without a database name
 * ({@code jdbc:postgresql://host:port/}) plus credentials. Databases are named per call, because
 * one migration spans several (reddit, app).
 */
public record PostgresServer(String host, int port, Credentials credentials, String extraParameters) {

    public PostgresServer {
        extraParameters = extraParameters == null ? "" : extraParameters;
    }

    /** Parses {@code jdbc:postgresql://host[:port][/database][?params]}; a database in the URL is ignored. */
    public static PostgresServer fromUrl(String jdbcUrl, Credentials credentials, String origin) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw CutoverException.configuration(origin + ": expected a URL of the form jdbc:postgresql://host:port/, got '"
                    + redact(jdbcUrl) + "'");
        }
        String lower = jdbcUrl.toLowerCase();
        if (lower.contains("password=") || lower.matches("jdbc:postgresql://[^/?]*@.*")) {
            throw CutoverException.configuration(origin + ": the URL carries a password; put it in PGPASSWORD, "
                    + "a --pg-properties file or ~/.pgpass instead, never on a command line");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw CutoverException.configuration(origin + ": no host in '" + jdbcUrl + "'");
        }
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), credentials,
                uri.getRawQuery() == null ? "" : uri.getRawQuery());
    }

    /** The URL of one database on this server; it never contains credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database
                + (extraParameters.isEmpty() ? "" : "?" + extraParameters);
    }

    public Properties connectionProperties() {
        Properties p = credentials.toJdbcProperties();
        p.setProperty("ApplicationName", "cutover");
        return p;
    }

    /**
     * Connection properties for Spark's JDBC source. It must be told the driver class: under
     * spark-submit the driver lives in the application jar, which java.sql.DriverManager does
     * not search ("No suitable driver"), while Spark loads a named driver class itself.
     */
    public Properties sparkJdbcProperties() {
        Properties p = connectionProperties();
        p.setProperty("driver", "org.postgresql.Driver");
        return p;
    }

    public Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database), connectionProperties());
        } catch (SQLException e) {
            throw CutoverException.failure("cannot connect to PostgreSQL database '" + database + "' at " + host + ":" + port
                    + ": " + describe(e), e);
        }
    }

    /** A one-line reason from a driver error, stripped of anything the server might echo back about credentials. */
    public static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return redact(message) + state;
    }

    static String redact(String text) {
        return text == null ? null : text.replaceAll("(?i)(password=)[^&\\s]*", "$1<redacted>");
    }

    @Override
    public String toString() {
        return "postgresql://" + host + ":" + port + " as " + credentials.user();
    }
}
