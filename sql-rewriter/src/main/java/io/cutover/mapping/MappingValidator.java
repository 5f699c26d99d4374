package io.cutover.mapping;

import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a mapping against the DDL of its schemas: every table and column it names must exist,
 * each transform must fit the column's type, entities and new columns must not repeat. Every
 * problem is collected before anything is thrown.
 */
final class MappingValidator {
    private final Mapping mapping;
    private final List<MappingProblem> problems = new ArrayList<>();
    private final Map<String, Catalog> catalogs = new HashMap<>();

    MappingValidator(Mapping mapping) {
        this.mapping = mapping;
    }

    /** Adds the catalog problems to those of reading, and throws if there are any. */
    void validate(List<MappingProblem> earlier) {
        problems.addAll(earlier);
        try {
            check();
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            // a part broken in reading that the catalog check tripped over: reading said why
            if (problems.isEmpty()) throw e;
        }
        if (!problems.isEmpty()) throw new MappingException(problems);
    }

    private void check() {
        mapping.schemas().forEach((name, scripts) -> {
            try {
                catalogs.put(name, Catalog.of(scripts.toArray(String[]::new)));
            } catch (RuntimeException e) {
                problem(new FilePosition(mapping.origin(), 0, 0), "schemas." + name, "cannot load " + scripts + ": " + e.getMessage());
            }
        });
        for (SourceSpec s : mapping.sources().values()) {
            if (s.kind() == SourceSpec.Kind.DATABASE && !catalogs.containsKey(s.schema())) {
                problem(s.location(), "sources." + s.name() + ".schema", "unknown schema '" + s.schema() + "'");
            }
            latest(s);
        }
        Catalog target = catalogs.get(mapping.targetSchema());
        if (target == null) {
            if (mapping.targetSchema() != null) problem(new FilePosition(mapping.origin(), 0, 0), "target.schema", "unknown schema '" + mapping.targetSchema() + "'");
            return;
        }
        Set<String> names = new HashSet<>();
        for (EntitySpec e : mapping.entities()) {
            String path = "entities." + e.name();
            if (!names.add(e.name())) problem(e.location(), path, "duplicate entity");
            if (e.table() == null) continue;
            var table = target.table(e.table());
            if (table.isEmpty()) {
                problem(e.location(), path + ".target.table", "unknown table '" + e.table() + "' in schema " + mapping.targetSchema());
                continue;
            }
            for (String k : e.key()) columnOf(target, e.table(), k, e.location(), path + ".target.key");
            for (String k : e.surrogate()) columnOf(target, e.table(), k, e.location(), path + ".target.surrogate");
            e.from().forEach((src, side) -> side(e, target, src, side, path + ".from." + src));
        }
        for (KeptTable k : mapping.kept()) {
            Catalog c = catalogs.get(mapping.targetSchema());
            if (k.table() == null) continue;
            if (c.table(k.table()).isEmpty()) {
                problem(k.location(), "kept." + k.table(), "unknown table '" + k.table() + "'");
                continue;
            }
            for (KeptTable.KeptRef r : k.refs()) {
                columnOf(c, k.table(), r.column(), k.location(), "kept." + k.table() + ".refs");
                if (mapping.entity(r.entity()).isEmpty()) problem(k.location(), "kept." + k.table() + ".refs", "unknown entity '" + r.entity() + "'");
            }
            for (String col : k.literals().keySet()) columnOf(c, k.table(), col, k.location(), "kept." + k.table() + ".literals");
        }
        mapping.commentTrees().ifPresent(t -> trees(t, target));
        for (AggregateCheck a : mapping.checks()) {
            String p = "checks." + a.name();
            columnOf(target, a.table(), a.value(), a.location(), p + ".value");
            a.join().forEach((aggCol, col) -> {
                columnOf(target, a.aggregateTable(), aggCol, a.location(), p + ".aggregate.join");
                columnOf(target, a.table(), col, a.location(), p + ".aggregate.join");
            });
            a.old().forEach((src, reading) -> oldReading(src, reading, p + ".old." + src));
        }
    }

    private static final java.util.regex.Pattern READ_TABLE = java.util.regex.Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([A-Za-z_]\\w*)");

    /** An old reading of a check names a database source, and only tables that source has. */
    private void oldReading(String src, AggregateCheck.OldReading reading, String path) {
        SourceSpec source = mapping.sources().get(src);
        if (source == null) {
            problem(reading.location(), path, "unknown source '" + src + "' (declared: " + mapping.sources().keySet() + ")");
            return;
        }
        if (source.kind() != SourceSpec.Kind.DATABASE) {
            problem(reading.location(), path, "source '" + src + "' is a file; a check reads database tables");
            return;
        }
        Catalog old = catalogs.get(source.schema());
        if (old == null) return;
        java.util.regex.Matcher m = READ_TABLE.matcher(reading.sql());
        while (m.find()) {
            if (old.table(m.group(1)).isEmpty()) {
                problem(reading.location(), path + ".sql", "unknown table '" + m.group(1) + "' in source '" + src + "'");
            }
        }
    }

    /** A change log's key and order are columns of the export; a table has no such history. */
    private void latest(SourceSpec s) {
        SourceSpec.Latest l = s.latest();
        if (l == null) return;
        String p = "sources." + s.name() + ".latest";
        if (s.kind() != SourceSpec.Kind.CSV) {
            problem(l.location(), p, "only a CSV export is read as a change log (latest); " + s.name() + " is a database");
            return;
        }
        if (l.key().isEmpty()) problem(l.location(), p + ".key", "name the columns whose latest row wins");
        for (String k : l.key()) {
            if (!s.csvColumns().containsKey(k)) problem(l.location(), p + ".key", "unknown column '" + k + "' of CSV source " + s.name());
        }
        if (l.by() != null && !s.csvColumns().containsKey(l.by())) {
            problem(l.location(), p + ".by", "unknown column '" + l.by() + "' of CSV source " + s.name());
        }
    }

    /** The columns that mark an absent row exist on the old side and their values fit their types. */
    private void absent(SideSpec side, SourceSpec source, Catalog old, String oldTable, String path) {
        if (side.absent() == null) return;
        side.absent().values().forEach((column, value) -> {
            String p = path + ".absent." + column;
            String type;
            if (old != null) {
                type = old.table(oldTable).flatMap(t -> t.column(column)).map(Catalog.ColumnDef::type).orElse(null);
                if (type == null) {
                    problem(side.absent().location(), p, "unknown column '" + oldTable + "." + column + "'");
                    return;
                }
            } else {
                type = source.csvColumns().get(column);
                if (type == null) {
                    problem(side.absent().location(), p, "unknown column '" + column + "' of CSV source " + source.name());
                    return;
                }
            }
            if (value == null) {
                problem(side.absent().location(), p, "give the value that marks an absent row");
            } else if (isInteger(type) && !value.matches("-?\\d+")) {
                problem(side.absent().location(), p, "'" + value + "' is not an integer (" + column + " is " + type + ")");
            } else if (type.startsWith("bool") && !value.equals("true") && !value.equals("false")) {
                problem(side.absent().location(), p, "'" + value + "' is not true or false (" + column + " is " + type + ")");
            }
        });
    }

    /** The tree tables carry treebeard's columns and the sort column; the reference tables what the checks read. */
    private void trees(TreeSpec trees, Catalog target) {
        String p = "trees";
        boolean comments = trees.comments() != null && known(target, trees.comments(), trees.location(), p + ".comments");
        if (comments) {
            for (String c : List.of("id", "post_id", "parent_id")) columnOf(target, trees.comments(), c, trees.location(), p + ".comments");
        }
        if (trees.posts() != null && known(target, trees.posts(), trees.location(), p + ".posts")) {
            columnOf(target, trees.posts(), "id", trees.location(), p + ".posts");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < trees.tables().size(); i++) {
            TreeSpec.Table t = trees.tables().get(i);
            String tp = p + ".tables[" + i + "]";
            if (t.table() == null) continue;
            if (!seen.add(t.table().toLowerCase(java.util.Locale.ROOT))) problem(t.location(), tp + ".table", "duplicate tree table '" + t.table() + "'");
            if (!known(target, t.table(), t.location(), tp + ".table")) continue;
            for (String c : List.of("path", "depth", "numchild", "post_id", "comment_id")) columnOf(target, t.table(), c, t.location(), tp + ".table");
            if (t.sort() != null) columnOf(target, t.table(), t.sort(), t.location(), tp + ".sort");
            if (comments && t.by() != null) columnOf(target, trees.comments(), t.by(), t.location(), tp + ".by");
        }
    }

    private boolean known(Catalog catalog, String table, FilePosition at, String path) {
        if (catalog.table(table).isPresent()) return true;
        problem(at, path, "unknown table '" + table + "' in schema " + mapping.targetSchema());
        return false;
    }

    private void side(EntitySpec e, Catalog target, String src, SideSpec side, String path) {
        if (side == null) return;
        SourceSpec source = mapping.sources().get(src);
        if (source == null) {
            problem(side.location(), path, "unknown source '" + src + "' (declared: " + mapping.sources().keySet() + ")");
            return;
        }
        Catalog old = source.kind() == SourceSpec.Kind.DATABASE ? catalogs.get(source.schema()) : null;
        if (source.kind() == SourceSpec.Kind.DATABASE && old == null) return;
        // the old columns a rule may name: the table's, the thing table's, or the CSV's
        String oldTable = side.isKeyValue() ? side.thing() : side.table();
        if (old != null) {
            if (oldTable == null) {
                problem(side.location(), path, "a database source needs table, or thing and data");
                return;
            }
            if (old.table(oldTable).isEmpty()) {
                problem(side.location(), path + (side.isKeyValue() ? ".thing" : ".table"), "unknown table '" + oldTable + "' in schema " + source.schema());
                return;
            }
            if (side.isKeyValue()) {
                if (old.table(side.data()).isEmpty()) problem(side.location(), path + ".data", "unknown table '" + side.data() + "'");
                columnOf(old, oldTable, side.id(), side.location(), path + ".id");
            }
            for (String k : side.key()) columnOf(old, oldTable, k, side.location(), path + ".key");
            for (String k : side.surrogate()) columnOf(old, oldTable, k, side.location(), path + ".surrogate");
        }
        absent(side, source, old, oldTable, path);
        Set<String> newColumns = new HashSet<>();
        Set<String> pivotValues = new HashSet<>();
        for (PivotSpec p : side.pivots()) {
            String pp = path + ".pivots." + p.table();
            if (old == null || old.table(p.table()).isEmpty()) {
                problem(p.location(), pp, "unknown table '" + p.table() + "'");
                continue;
            }
            for (String c : List.of(p.parent(), p.on(), p.value())) columnOf(old, p.table(), c, p.location(), pp);
            for (String c : p.dropped()) columnOf(old, p.table(), c, p.location(), pp + ".dropped");
            for (var v : p.values().entrySet()) {
                columnOf(target, e.table(), v.getValue(), p.location(), pp + ".values." + v.getKey());
                pivotValues.add(v.getKey());
            }
        }
        for (ColumnRule r : side.columns()) {
            if (r == null) continue;
            String rp = path + ".columns." + (r.newColumn() != null ? r.newColumn() : r.old());
            if (r.newColumn() != null) {
                columnOf(target, e.table(), r.newColumn(), r.location(), rp + ".new");
                if (!r.isRenumbered() && !newColumns.add(r.newColumn())) problem(r.location(), rp, "new column mapped twice");
            }
            if (r.old() != null) {
                if (old != null) columnOf(old, oldTable, r.old(), r.location(), rp + ".old");
                else if (!source.csvColumns().containsKey(r.old())) {
                    problem(r.location(), rp + ".old", "unknown column '" + r.old() + "' of CSV source " + src);
                }
            }
            if (r.dataKey() != null && !side.isKeyValue()) problem(r.location(), rp + ".key", "`key` reads a Reddit data table: give thing and data");
            if (r.pivot() != null && !pivotValues.contains(r.pivot())) problem(r.location(), rp + ".pivot", "no pivot yields '" + r.pivot() + "'");
            if (r.ref() != null && mapping.entity(r.ref().entity()).isEmpty()) problem(r.location(), rp + ".ref", "unknown entity '" + r.ref().entity() + "'");
            if (r.ref() != null && r.ref().by() != null) {
                mapping.entity(r.ref().entity()).ifPresent(re -> columnOf(target, re.table(), r.ref().by(), r.location(), rp + ".ref.by"));
            }
            typeFits(r, old, oldTable, target, e.table(), rp);
        }
    }

    /** A transform must fit the types it converts between. */
    private void typeFits(ColumnRule r, Catalog old, String oldTable, Catalog target, String newTable, String path) {
        String oldType = old == null || r.old() == null ? null : old.table(oldTable).flatMap(t -> t.column(r.old())).map(Catalog.ColumnDef::type).orElse(null);
        String newType = r.newColumn() == null ? null : target.table(newTable).flatMap(t -> t.column(r.newColumn())).map(Catalog.ColumnDef::type).orElse(null);
        Transform t = r.transform();
        if (t instanceof Transform.EnumRemap && !isText(oldType) && oldType != null) {
            problem(r.location(), path + ".transform", "enum remap needs a text column, " + r.old() + " is " + oldType);
        }
        if (t instanceof Transform.Flags f) {
            if (oldType != null && !isInteger(oldType)) problem(r.location(), path + ".transform", "flags need an integer column, " + r.old() + " is " + oldType);
            if (f.oldFlags().size() != f.newFlags().size()) problem(r.location(), path + ".transform", "old and new flags differ in number");
        }
        if ((t instanceof Transform.Base36Decode || t instanceof Transform.FullnameDecode) && newType != null && !isInteger(newType)) {
            problem(r.location(), path + ".transform", "decoding an id gives an integer, " + r.newColumn() + " is " + newType);
        }
        if ((t instanceof Transform.Base36Decode) && oldType != null && !isText(oldType)) {
            problem(r.location(), path + ".transform", "base36 decodes text, " + r.old() + " is " + oldType);
        }
        if (!r.literals().isEmpty() && oldType != null && !isInteger(oldType)) {
            problem(r.location(), path + ".literals", "Reddit id literals apply to integer id columns, " + r.old() + " is " + oldType);
        }
    }

    private static boolean isText(String type) {
        return type != null && (type.startsWith("varchar") || type.startsWith("text") || type.startsWith("character"));
    }

    private static boolean isInteger(String type) {
        return type != null && (type.startsWith("bigint") || type.startsWith("integer") || type.startsWith("smallint") || type.startsWith("int"));
    }

    private void columnOf(Catalog c, String table, String column, FilePosition at, String path) {
        if (table == null || column == null) return;
        if (c.table(table).isEmpty()) {
            problem(at, path, "unknown table '" + table + "'");
        } else if (!c.hasColumn(table, column)) {
            problem(at, path, "unknown column '" + table + "." + column + "'");
        }
    }

    private void problem(FilePosition at, String key, String message) {
        problems.add(new MappingProblem(at, key, message));
    }
}
