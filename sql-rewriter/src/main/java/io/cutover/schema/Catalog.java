package io.cutover.schema;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tables and their columns (in DDL order, with types) and keys, as DDL scripts leave them:
 * the shipped scripts, files a mapping names, or (see {@link CatalogSource}) a live database.
 */
public record Catalog(Map<String, TableDef> tables) {

    /** {@code keys}: the primary key and every unique key, each its columns in declared order. */
    public record TableDef(String name, Map<String, ColumnDef> columns, List<List<String>> keys) {
        public Optional<ColumnDef> column(String name) {
            return Optional.ofNullable(columns.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Columns that alone are a primary key or unique. */
        public Set<String> unique() {
            Set<String> single = new LinkedHashSet<>();
            for (List<String> k : keys) if (k.size() == 1) single.add(k.get(0));
            return Set.copyOf(single);
        }
    }

    /** {@code type} in one spelling whatever the DDL wrote ({@code int4}, {@code serial}: {@code integer}). */
    public record ColumnDef(String name, String type, boolean notNull) {}

    /**
     * The catalog of scripts replayed in order, e.g. {@code of("app.sql", "app-2025.sql")}: a
     * shipped script's name (followed by its {@code -keys.sql} when one is shipped) or a DDL
     * file's path (see {@link SchemaScript#namesFile}). Throws {@link SchemaException}.
     */
    public static Catalog of(String... scripts) {
        return new DdlScripts(List.of(scripts)).read();
    }

    public static Catalog merge(List<Catalog> catalogs) {
        Map<String, TableDef> tables = new LinkedHashMap<>();
        for (Catalog c : catalogs) tables.putAll(c.tables());
        return new Catalog(Map.copyOf(tables));
    }

    public Optional<TableDef> table(String name) {
        return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean hasColumn(String table, String column) {
        return table(table).flatMap(t -> t.column(column)).isPresent();
    }
}
