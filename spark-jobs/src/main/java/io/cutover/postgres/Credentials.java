package io.cutover.postgres;

import java.util.Properties;

/**
 * A user name and an optional password. The password never leaves this object except into
 * the JDBC driver's connection properties: toString() and every message redact it.
 */
public record Credentials(String user, String password) {

    /** Properties for {@link java.sql.DriverManager}; an absent password lets pgjdbc read ~/.pgpass. */
    public Properties toJdbcProperties() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return p;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=" + (password == null ? "<none>" : "<redacted>") + "]";
    }
}
