package io.cutover.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The primary and unique keys a schema's DDL declares (a shipped script's {@code -keys.sql},
 * or a DDL file's own constraints and unique indexes), so that a check for repeated keys can be
 * skipped where the database already forbids them.
 */
public final class DeclaredKeys {
    private final Set<String> keys = new HashSet<>();

    /** The keys of these scripts' catalog ({@code app.sql} with {@code app-keys.sql}). */
    public static DeclaredKeys of(List<String> tableScripts) {
        return of(Catalog.of(tableScripts.toArray(String[]::new)));
    }

    public static DeclaredKeys of(Catalog catalog) {
        DeclaredKeys d = new DeclaredKeys();
        for (Catalog.TableDef t : catalog.tables().values()) {
            for (List<String> key : t.keys()) d.keys.add(signature(t.name(), key));
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
