package io.cutover.schema;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A catalog from DDL scripts replayed in order: shipped scripts by name, each followed by its
 * {@code <name>-keys.sql} when one is shipped (keys come after a bulk load), and DDL files by
 * path, which declare their own keys.
 */
public record DdlScripts(List<String> scripts) implements CatalogSource {
    /** Shipped scripts never change in a run; verify asks for the same catalogs again and again. */
    private static final Map<List<String>, Catalog> SHIPPED = new ConcurrentHashMap<>();

    public DdlScripts {
        scripts = List.copyOf(scripts);
    }

    @Override
    public Catalog read() {
        if (scripts.stream().anyMatch(SchemaScript::namesFile)) return replay();
        Catalog cached = SHIPPED.get(scripts);
        if (cached != null) return cached;
        Catalog c = replay();
        SHIPPED.putIfAbsent(scripts, c);
        return c;
    }

    private Catalog replay() {
        DdlReplay replay = new DdlReplay();
        for (String entry : scripts) {
            replay.apply(SchemaScript.open(entry));
            String keys = entry.replaceFirst("\\.sql$", "-keys.sql");
            if (!SchemaScript.namesFile(entry) && !keys.equals(entry) && SchemaScript.isShipped(keys)) {
                replay.apply(SchemaScript.load(keys));
            }
        }
        return replay.catalog();
    }
}
