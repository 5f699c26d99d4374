package io.cutover.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.extension.CreateExtension;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.type.CreateType;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.grant.Grant;

/**
 * Replays DDL scripts in order and keeps what they leave: the tables, their columns (types,
 * NOT NULL) and their primary and unique keys. It follows {@code CREATE TABLE},
 * {@code ALTER TABLE} (add, drop, rename and retype columns, add keys, rename the table),
 * {@code CREATE UNIQUE INDEX} on plain columns and {@code DROP TABLE}; it passes over what
 * shapes no table (other indexes, sequences, views, comments, grants, foreign keys and checks,
 * transaction and session control). Anything else, or a statement that does not fit the tables
 * before it, is a {@link SchemaException} at the script's line: a catalog that silently missed
 * a column would report the mapping wrong rather than the script.
 * Schema qualifiers are dropped: a catalog is one namespace, as a mapping's schema is.
 * JSqlParser reserves some words PostgreSQL does not ({@code absent}, {@code nothing}): such a
 * column name must be quoted, as Django's {@code sqlmigrate} quotes every name.
 */
final class DdlReplay {
    /** Statements JSqlParser 5 cannot parse and that change no table. */
    private static final Pattern SESSION = Pattern.compile("(?is)(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|SET)\\b.*");
    /** A constraint's deferral (Django writes it on every foreign key); JSqlParser 5 cannot parse it in ALTER TABLE. */
    private static final Pattern DEFERRAL = Pattern.compile("(?i)\\s+(NOT\\s+)?DEFERRABLE(\\s+INITIALLY\\s+(DEFERRED|IMMEDIATE))?");

    private final Map<String, TableShape> tables = new LinkedHashMap<>();

    /** Applies every statement of the script, in order. */
    void apply(SchemaScript script) {
        for (SchemaScript.Located s : script.located()) {
            try {
                apply(s.sql());
            } catch (Refused r) {
                throw new SchemaException(script.name(), s.line(), r.getMessage() + " (" + head(s.sql()) + ")");
            }
        }
    }

    Catalog catalog() {
        Map<String, Catalog.TableDef> out = new LinkedHashMap<>();
        tables.forEach((name, t) -> out.put(name, t.definition()));
        return new Catalog(Collections.unmodifiableMap(out));
    }

    private void apply(String sql) {
        if (SESSION.matcher(sql).matches()) return;
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(DEFERRAL.matcher(sql).replaceAll(""));
        } catch (JSQLParserException e) {
            throw new Refused("cannot parse: " + firstLine(e));
        }
        if (st instanceof CreateTable ct) createTable(ct);
        else if (st instanceof Alter a) alter(a);
        else if (st instanceof CreateIndex ci) createIndex(ci);
        else if (st instanceof Drop d) drop(d);
        else if (!(st instanceof CreateSequence || st instanceof AlterSequence || st instanceof CreateView
                || st instanceof CreateType || st instanceof CreateExtension || st instanceof Comment
                || st instanceof Grant || st instanceof Commit || st instanceof SetStatement)) {
            throw new Refused("not a statement a schema catalog follows");
        }
    }

    private void createTable(CreateTable ct) {
        String name = identifier(ct.getTable().getName());
        if (ct.getColumnDefinitions() == null) throw new Refused("a table created without a column list is not followed");
        if (tables.containsKey(name)) {
            if (ct.isIfNotExists()) return;
            throw new Refused("table " + name + " already exists");
        }
        TableShape t = new TableShape(name);
        for (ColumnDefinition cd : ct.getColumnDefinitions()) t.add(cd.getColumnName(), cd.getColDataType().toString(), cd.getColumnSpecs());
        if (ct.getIndexes() != null) for (Index i : ct.getIndexes()) constraint(t, i);
        tables.put(name, t);
    }

    private void alter(Alter a) {
        TableShape t = table(a.getTable().getName());
        for (AlterExpression e : a.getAlterExpressions()) {
            AlterOperation op = e.getOperation();
            if (op == AlterOperation.ADD && e.getColDataTypeList() != null) {
                for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                    if (t.has(c.getColumnName()) && e.isUseIfNotExists()) continue;
                    t.add(c.getColumnName(), c.getColDataType().toString(), c.getColumnSpecs());
                }
            } else if (op == AlterOperation.ADD && e.getIndex() != null) {
                constraint(t, e.getIndex());
            } else if (op == AlterOperation.DROP && e.getColumnName() != null && e.getIndex() == null && e.getConstraintName() == null) {
                if (!t.has(e.getColumnName()) && e.isUsingIfExists()) continue;
                t.drop(e.getColumnName());
            } else if (op == AlterOperation.ALTER) {
                alterColumns(t, e);
            } else if (op == AlterOperation.RENAME && e.getColumnOldName() != null) {
                t.rename(e.getColumnOldName(), e.getColumnName());
            } else if (op == AlterOperation.RENAME_TABLE) {
                String to = identifier(e.getNewTableName());
                if (tables.containsKey(to)) throw new Refused("table " + to + " already exists");
                tables.remove(t.name);
                t.name = to;
                tables.put(to, t);
            } else if (!(op == AlterOperation.UNSPECIFIC && String.valueOf(e.getOptionalSpecifier()).toUpperCase(Locale.ROOT).startsWith("OWNER TO"))) {
                throw new Refused("ALTER TABLE " + e + " is not followed");
            }
        }
    }

    /** ALTER COLUMN: a new type, NOT NULL set or dropped; a default changes no shape. */
    private void alterColumns(TableShape t, AlterExpression e) {
        boolean understood = false;
        if (e.getColDataTypeList() != null) {
            for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) t.retype(c.getColumnName(), c.getColDataType().toString());
            understood = true;
        }
        if (e.getColumnSetNotNullList() != null) {
            for (AlterExpression.ColumnSetNotNull c : e.getColumnSetNotNullList()) t.notNull(c.getColumnName(), true);
            understood = true;
        }
        if (e.getColumnDropNotNullList() != null) {
            for (AlterExpression.ColumnDropNotNull c : e.getColumnDropNotNullList()) t.notNull(c.getColumnName(), false);
            understood = true;
        }
        if (e.getColumnSetDefaultList() != null || e.getColumnDropDefaultList() != null) understood = true;
        if (!understood) throw new Refused("ALTER TABLE " + e + " is not followed");
    }

    /** A primary key or unique constraint is a key; a foreign key or a check shapes nothing here. */
    private static void constraint(TableShape t, Index i) {
        if (i instanceof ForeignKeyIndex || i instanceof CheckConstraint) return;
        String type = String.valueOf(i.getType()).toUpperCase(Locale.ROOT);
        if (type.equals("PRIMARY KEY")) t.key(i.getColumnsNames(), true);
        else if (type.equals("UNIQUE")) t.key(i.getColumnsNames(), false);
        else throw new Refused("a " + type + " constraint is not followed");
    }

    /** A unique index on plain columns is a key; on expressions or rows of a WHERE it is none. */
    private void createIndex(CreateIndex ci) {
        TableShape t = table(ci.getTable().getName());
        if (!"UNIQUE".equalsIgnoreCase(ci.getIndex().getType()) || ci.getWhere() != null) return;
        List<String> columns = new ArrayList<>();
        for (Index.ColumnParams c : ci.getIndex().getColumns()) {
            boolean expression = c.isExpression() || (c.getParams() != null && c.getParams().stream().anyMatch(p -> p.startsWith("(")));
            if (expression) return;
            columns.add(c.getColumnName());
        }
        t.key(columns, false);
    }

    private void drop(Drop d) {
        if (!"TABLE".equalsIgnoreCase(d.getType())) return;
        List<net.sf.jsqlparser.schema.Table> names = d.getNames() == null || d.getNames().isEmpty() ? List.of(d.getName()) : d.getNames();
        for (var n : names) {
            String name = identifier(n.getName());
            if (tables.remove(name) == null && !d.isIfExists()) throw new Refused("no table " + name + " to drop");
        }
    }

    private TableShape table(String written) {
        TableShape t = tables.get(identifier(written));
        if (t == null) throw new Refused("no table " + identifier(written) + " before this statement");
        return t;
    }

    /** PostgreSQL folds unquoted names to lower case; the catalog looks names up without case. */
    static String identifier(String written) {
        String s = written.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s.toLowerCase(Locale.ROOT);
    }

    private static String head(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    private static String firstLine(JSQLParserException e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }

    /** Why a statement does not apply; {@link #apply(SchemaScript)} adds the script and line. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
