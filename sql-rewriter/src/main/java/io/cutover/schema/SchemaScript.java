package io.cutover.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DDL script: one shipped under {@code io/cutover/schema/} ({@code reddit.sql} and
 * {@code app.sql} create the tables, {@code *-keys.sql} add keys after a bulk load,
 * {@code app-2025.sql} the 2025 design's columns), or a file a mapping names by path.
 * Each statement keeps the line it starts on, so that an error can point into the script.
 */
public record SchemaScript(String name, List<Located> located) {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(\\w+)\\s*\\(");
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*\n");

    /** One statement and the line (from 1) of the script it starts on. */
    public record Located(String sql, int line) {}

    public SchemaScript {
        located = List.copyOf(located);
    }

    /** The script a mapping's {@code schemas:} entry names: a file when it holds a path separator, else a shipped script. */
    public static SchemaScript open(String entry) {
        return namesFile(entry) ? read(Path.of(entry)) : load(entry);
    }

    /**
     * True when a {@code schemas:} entry is a path to a DDL file ({@code ./app-2025.sql},
     * {@code /etc/cutover/app.sql}): a shipped script's name never holds a separator.
     */
    public static boolean namesFile(String entry) {
        return entry.indexOf('/') >= 0 || entry.indexOf(java.io.File.separatorChar) >= 0;
    }

    /** A script shipped in the jar, by name ({@code app.sql}). */
    public static SchemaScript load(String name) {
        String resource = "/io/cutover/schema/" + name;
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) throw new SchemaException(name, 0, "no schema script " + resource + " is shipped");
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when a script of this name is shipped. */
    static boolean isShipped(String name) {
        return SchemaScript.class.getResource("/io/cutover/schema/" + name) != null;
    }

    /** A DDL file; one that cannot be read is a {@link SchemaException} naming it. */
    public static SchemaScript read(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) throw new SchemaException(name, 0, "no such file");
        if (!Files.isRegularFile(file)) throw new SchemaException(name, 0, "not a file");
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new SchemaException(name, 0, "cannot read the file: " + e.getMessage());
        }
    }

    /** Splits on semicolons that end a line; comments (-- to end of line) are dropped. */
    public static SchemaScript parse(String name, String text) {
        StringBuilder clean = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int dash = line.indexOf("--");
            clean.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        List<Located> statements = new ArrayList<>();
        Matcher end = STATEMENT_END.matcher(clean);
        int from = 0;
        while (from < clean.length()) {
            int to = end.find(from) ? end.start() : clean.length();
            String s = clean.substring(from, to);
            if (!s.isBlank()) statements.add(new Located(s.strip(), lineAt(clean, from + leadingBlanks(s))));
            from = to == clean.length() ? to : end.end();
        }
        return new SchemaScript(name, statements);
    }

    /** The statements' SQL, in script order. */
    public List<String> statements() {
        return located.stream().map(Located::sql).toList();
    }

    /** CREATE TABLE statements by table name, in script order. */
    public Map<String, String> createTableStatements() {
        Map<String, String> byTable = new LinkedHashMap<>();
        for (String s : statements()) {
            Matcher m = CREATE_TABLE.matcher(s);
            if (m.find()) byTable.put(m.group(1).toLowerCase(), s);
        }
        return byTable;
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static int lineAt(CharSequence text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
