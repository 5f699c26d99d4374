package io.cutover.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The primary and unique keys a schema's {@code <name>-keys.sql} script declares, so that a
 * check for repeated keys can be skipped where the database already forbids them.
 */
public final class DeclaredKeys {
    private static final Pattern KEY = Pattern.compile(
            "(?is)ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(?:CONSTRAINT\\s+\\w+\\s+)?(?:PRIMARY\\s+KEY|UNIQUE)\\s*\\(([^)]*)\\)");

    private final Set<String> keys = new HashSet<>();

    /** The keys of the scripts paired with these table scripts ({@code app.sql} → {@code app-keys.sql}). */
    public static DeclaredKeys of(List<String> tableScripts) {
        DeclaredKeys d = new DeclaredKeys();
        for (String script : tableScripts) {
            String keysScript = script.replaceFirst("\\.sql$", "-keys.sql");
            List<String> statements;
            try {
                statements = SchemaScript.load(keysScript).statements();
            } catch (IllegalArgumentException missing) {
                continue;   // no keys script: nothing is declared unique
            }
            for (String statement : statements) {
                Matcher m = KEY.matcher(statement);
                if (m.find()) d.keys.add(signature(m.group(1), List.of(m.group(2).split(","))));
            }
        }
        return d;
    }

    /** True when exactly these columns (in any order) are a declared primary or unique key of the table. */
    public boolean isUnique(String table, List<String> columns) {
        return keys.contains(signature(table, columns));
    }

    private static String signature(String table, List<String> columns) {
        List<String> cols = new ArrayList<>();
        for (String c : columns) cols.add(c.strip().toLowerCase(Locale.ROOT));
        cols.sort(null);
        return table.toLowerCase(Locale.ROOT) + "(" + String.join(",", cols) + ")";
    }
}
