package io.cutover.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the DDL scripts shipped under {@code io/cutover/schema/}: {@code reddit.sql} and
 * {@code app.sql} create the tables, {@code *-keys.sql} add keys after a bulk load.
 */
public record SchemaScript(String name, List<String> statements) {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(\\w+)\\s*\\(");

    public static SchemaScript load(String name) {
        String resource = "/io/cutover/schema/" + name;
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no schema script " + resource);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits on semicolons that end a line; comments (-- to end of line) are dropped. */
    public static SchemaScript parse(String name, String text) {
        StringBuilder clean = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int dash = line.indexOf("--");
            clean.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String s : clean.toString().split(";\\s*\n")) {
            if (!s.isBlank()) statements.add(s.strip());
        }
        return new SchemaScript(name, List.copyOf(statements));
    }

    /** CREATE TABLE statements by table name, in script order. */
    public Map<String, String> createTableStatements() {
        Map<String, String> byTable = new LinkedHashMap<>();
        for (String s : statements) {
            Matcher m = CREATE_TABLE.matcher(s);
            if (m.find()) byTable.put(m.group(1).toLowerCase(), s);
        }
        return byTable;
    }
}
