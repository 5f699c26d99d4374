package io.cutover.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/** Tables and their columns (in DDL order, with types) as the shipped DDL scripts create them. */
public record Catalog(Map<String, TableDef> tables) {

    /** {@code unique}: columns that alone are a primary key or unique (from *-keys.sql). */
    public record TableDef(String name, Map<String, ColumnDef> columns, java.util.Set<String> unique) {
        public Optional<ColumnDef> column(String name) {
            return Optional.ofNullable(columns.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private static final java.util.regex.Pattern SINGLE_KEY = java.util.regex.Pattern.compile(
            "(?is)ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(?:CONSTRAINT\\s+\\w+\\s+)?(?:PRIMARY\\s+KEY|UNIQUE)\\s*\\(\\s*(\\w+)\\s*\\)");

    public record ColumnDef(String name, String type, boolean notNull) {}

    /** The catalog of one or more shipped scripts, e.g. {@code of("app.sql")}. */
    public static Catalog of(String... scripts) {
        Map<String, TableDef> tables = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> unique = new java.util.HashMap<>();
        for (String script : scripts) {
            String keys = script.replace(".sql", "-keys.sql");
            if (SchemaScript.class.getResource("/io/cutover/schema/" + keys) != null) {
                for (String sql : SchemaScript.load(keys).statements()) {
                    var m = SINGLE_KEY.matcher(sql);
                    if (m.find()) unique.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new java.util.HashSet<>()).add(m.group(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        for (String script : scripts) {
            for (String sql : SchemaScript.load(script).createTableStatements().values()) {
                TableDef t = parseCreateTable(sql);
                tables.put(t.name(), new TableDef(t.name(), t.columns(), java.util.Set.copyOf(unique.getOrDefault(t.name(), java.util.Set.of()))));
            }
        }
        return new Catalog(Map.copyOf(tables));
    }

    public static Catalog merge(List<Catalog> catalogs) {
        Map<String, TableDef> tables = new LinkedHashMap<>();
        for (Catalog c : catalogs) tables.putAll(c.tables());
        return new Catalog(Map.copyOf(tables));
    }

    static TableDef parseCreateTable(String sql) {
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            throw new IllegalArgumentException("cannot parse DDL: " + sql, e);
        }
        CreateTable ct = (CreateTable) st;
        Map<String, ColumnDef> columns = new LinkedHashMap<>();
        for (ColumnDefinition cd : ct.getColumnDefinitions()) {
            String spec = cd.getColumnSpecs() == null ? "" : String.join(" ", cd.getColumnSpecs()).toUpperCase(Locale.ROOT);
            String name = cd.getColumnName().toLowerCase(Locale.ROOT);
            columns.put(name, new ColumnDef(name, cd.getColDataType().toString().toLowerCase(Locale.ROOT), spec.contains("NOT NULL")));
        }
        String table = ct.getTable().getName().toLowerCase(Locale.ROOT);
        return new TableDef(table, java.util.Collections.unmodifiableMap(columns), java.util.Set.of());
    }

    public Optional<TableDef> table(String name) {
        return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean hasColumn(String table, String column) {
        return table(table).flatMap(t -> t.column(column)).isPresent();
    }
}
