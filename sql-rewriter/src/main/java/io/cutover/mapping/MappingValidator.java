package io.cutover.mapping;

import io.cutover.schema.Catalog;
import io.cutover.schema.SchemaException;
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
    private static final MappingPath DOC = MappingPath.DOCUMENT;

    private final Mapping mapping;
    private final Problems problems;
    private final Map<String, Catalog> catalogs = new HashMap<>();
    /** Where each schema's scripts are named, in the order of {@link Mapping#schemas()}. */
    private final Map<String, List<FilePosition>> schemaEntries;
    /** The schemas written {@code live:}, read or not. */
    private final Set<String> liveSchemas;

    /** {@code problems} holds what reading found; the catalog's problems join them. */
    MappingValidator(Mapping mapping, Problems problems) {
        this(mapping, problems, Map.of());
    }

    /** {@code schemaEntries}: where the reader found each script, so a broken one is pointed at. */
    MappingValidator(Mapping mapping, Problems problems, Map<String, List<FilePosition>> schemaEntries) {
        this(mapping, problems, schemaEntries, Set.of());
    }

    MappingValidator(Mapping mapping, Problems problems, Map<String, List<FilePosition>> schemaEntries, Set<String> liveSchemas) {
        this.mapping = mapping;
        this.problems = problems;
        this.schemaEntries = schemaEntries;
        this.liveSchemas = liveSchemas;
    }

    /** Adds the catalog problems to those of reading, and throws if there are any. */
    void validate() {
        try {
            check();
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            // a part broken in reading that the catalog check tripped over: reading said why
            if (problems.isEmpty()) throw e;
        }
        if (!problems.isEmpty()) throw new MappingException(problems.list());
    }

    private void check() {
        mapping.schemas().forEach((name, scripts) -> {
            if (mapping.isLive(name)) {
                catalogs.put(name, mapping.catalog(name));
                return;
            }
            if (liveSchemas.contains(name)) return;   // a live: schema that could not be read: reported at its entry
            try {
                catalogs.put(name, Catalog.of(scripts.toArray(String[]::new)));
            } catch (SchemaException e) {
                schemaProblem(name, scripts, e);
            } catch (RuntimeException e) {
                problems.inFile(DOC.key("schemas").key(name), "cannot load " + scripts + ": " + e.getMessage());
            }
        });
        for (SourceSpec s : mapping.sources().values()) {
            // a declared schema that did not load was reported at its script
            if (s.kind() == SourceSpec.Kind.DATABASE && !mapping.schemas().containsKey(s.schema())) {
                problems.at(s.location(), DOC.key("sources").key(s.name()).key("schema"), "unknown schema '" + s.schema() + "'");
            }
            latest(s);
        }
        Catalog target = catalogs.get(mapping.targetSchema());
        if (target == null) {
            if (mapping.targetSchema() != null && !mapping.schemas().containsKey(mapping.targetSchema())) {
                problems.inFile(DOC.key("target").key("schema"), "unknown schema '" + mapping.targetSchema() + "'");
            }
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mapping.entities().size(); i++) {
            EntitySpec e = mapping.entities().get(i);
            MappingPath path = DOC.key("entities").item(e.name(), i);
            if (!names.add(e.name())) problems.at(e.location(), path, "duplicate entity");
            if (e.table() == null) continue;
            var table = target.table(e.table());
            if (table.isEmpty()) {
                problems.at(e.location(), path.key("target").key("table"), "unknown table '" + e.table() + "' in schema " + mapping.targetSchema());
                continue;
            }
            for (String k : e.key()) columnOf(target, e.table(), k, e.location(), path.key("target").key("key"));
            for (String k : e.surrogate()) columnOf(target, e.table(), k, e.location(), path.key("target").key("surrogate"));
            e.from().forEach((src, side) -> side(e, target, src, side, path.key("from").key(src)));
        }
        for (int i = 0; i < mapping.kept().size(); i++) {
            KeptTable k = mapping.kept().get(i);
            MappingPath path = DOC.key("kept").item(k.table(), i);
            if (k.table() == null) continue;
            if (target.table(k.table()).isEmpty()) {
                problems.at(k.location(), path, "unknown table '" + k.table() + "'");
                continue;
            }
            for (KeptTable.KeptRef r : k.refs()) {
                columnOf(target, k.table(), r.column(), k.location(), path.key("refs"));
                if (mapping.entity(r.entity()).isEmpty()) problems.at(k.location(), path.key("refs"), "unknown entity '" + r.entity() + "'");
            }
            for (String col : k.literals().keySet()) columnOf(target, k.table(), col, k.location(), path.key("literals"));
        }
        mapping.commentTrees().ifPresent(t -> new TreeValidator(mapping, problems, target).check(t));
        for (int i = 0; i < mapping.checks().size(); i++) {
            AggregateCheck a = mapping.checks().get(i);
            MappingPath p = DOC.key("checks").item(a.name(), i);
            columnOf(target, a.table(), a.value(), a.location(), p.key("value"));
            a.join().forEach((aggCol, col) -> {
                columnOf(target, a.aggregateTable(), aggCol, a.location(), p.key("aggregate").key("join"));
                columnOf(target, a.table(), col, a.location(), p.key("aggregate").key("join"));
            });
            a.old().forEach((src, reading) -> oldReading(src, reading, p.key("old").key(src)));
        }
    }

    /**
     * A script of a schema that cannot be replayed, reported at the entry that names it (a
     * shipped script's {@code -keys.sql} at the script it belongs to); the message names the
     * script's own line.
     */
    private void schemaProblem(String schema, List<String> scripts, SchemaException e) {
        int index = scripts.indexOf(e.script());
        if (index < 0) index = scripts.indexOf(e.script().replaceFirst("-keys\\.sql$", ".sql"));
        List<FilePosition> at = schemaEntries.getOrDefault(schema, List.of());
        MappingPath path = DOC.key("schemas").key(schema);
        String message = "cannot load schema '" + schema + "': " + e.getMessage();
        if (index >= 0 && index < at.size()) problems.at(at.get(index), path.item(null, index), message);
        else problems.inFile(path, message);
    }

    private static final java.util.regex.Pattern READ_TABLE = java.util.regex.Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([A-Za-z_]\\w*)");

    /** An old reading of a check names a database source, and only tables that source has. */
    private void oldReading(String src, AggregateCheck.OldReading reading, MappingPath path) {
        SourceSpec source = mapping.sources().get(src);
        if (source == null) {
            problems.at(reading.location(), path, "unknown source '" + src + "' (declared: " + mapping.sources().keySet() + ")");
            return;
        }
        if (source.kind() != SourceSpec.Kind.DATABASE) {
            problems.at(reading.location(), path, "source '" + src + "' is a file; a check reads database tables");
            return;
        }
        Catalog old = catalogs.get(source.schema());
        if (old == null) return;
        java.util.regex.Matcher m = READ_TABLE.matcher(reading.sql());
        while (m.find()) {
            if (old.table(m.group(1)).isEmpty()) {
                problems.at(reading.location(), path.key("sql"), "unknown table '" + m.group(1) + "' in source '" + src + "'");
            }
        }
    }

    /** A change log's key and order are columns of the export; a table has no such history. */
    private void latest(SourceSpec s) {
        SourceSpec.Latest l = s.latest();
        if (l == null) return;
        MappingPath p = DOC.key("sources").key(s.name()).key("latest");
        if (s.kind() != SourceSpec.Kind.CSV) {
            problems.at(l.location(), p, "only a CSV export is read as a change log (latest); " + s.name() + " is a database");
            return;
        }
        if (l.key().isEmpty()) problems.at(l.location(), p.key("key"), "name the columns whose latest row wins");
        for (String k : l.key()) {
            if (!s.csvColumns().containsKey(k)) problems.at(l.location(), p.key("key"), "unknown column '" + k + "' of CSV source " + s.name());
        }
        if (l.by() != null && !s.csvColumns().containsKey(l.by())) {
            problems.at(l.location(), p.key("by"), "unknown column '" + l.by() + "' of CSV source " + s.name());
        }
    }

    /** The columns that mark an absent row exist on the old side and their values fit their types. */
    private void absent(SideSpec side, SourceSpec source, Catalog old, String oldTable, MappingPath path) {
        if (side.absent() == null) return;
        side.absent().values().forEach((column, value) -> {
            MappingPath p = path.key("absent").key(column);
            String type;
            if (old != null) {
                type = old.table(oldTable).flatMap(t -> t.column(column)).map(Catalog.ColumnDef::type).orElse(null);
                if (type == null) {
                    problems.at(side.absent().location(), p, "unknown column '" + oldTable + "." + column + "'");
                    return;
                }
            } else {
                type = source.csvColumns().get(column);
                if (type == null) {
                    problems.at(side.absent().location(), p, "unknown column '" + column + "' of CSV source " + source.name());
                    return;
                }
            }
            if (value == null) {
                problems.at(side.absent().location(), p, "give the value that marks an absent row");
            } else if (isInteger(type) && !value.matches("-?\\d+")) {
                problems.at(side.absent().location(), p, "'" + value + "' is not an integer (" + column + " is " + type + ")");
            } else if (type.startsWith("bool") && !value.equals("true") && !value.equals("false")) {
                problems.at(side.absent().location(), p, "'" + value + "' is not true or false (" + column + " is " + type + ")");
            }
        });
    }

    private void side(EntitySpec e, Catalog target, String src, SideSpec side, MappingPath path) {
        if (side == null) return;
        SourceSpec source = mapping.sources().get(src);
        if (source == null) {
            problems.at(side.location(), path, "unknown source '" + src + "' (declared: " + mapping.sources().keySet() + ")");
            return;
        }
        Catalog old = source.kind() == SourceSpec.Kind.DATABASE ? catalogs.get(source.schema()) : null;
        if (source.kind() == SourceSpec.Kind.DATABASE && old == null) return;
        // the old columns a rule may name: the table's, the thing table's, or the CSV's
        String oldTable = side.isKeyValue() ? side.thing() : side.table();
        if (old != null) {
            if (oldTable == null) {
                problems.at(side.location(), path, "a database source needs table, or thing and data");
                return;
            }
            if (old.table(oldTable).isEmpty()) {
                problems.at(side.location(), path.key(side.isKeyValue() ? "thing" : "table"), "unknown table '" + oldTable + "' in schema " + source.schema());
                return;
            }
            if (side.isKeyValue()) {
                if (old.table(side.data()).isEmpty()) problems.at(side.location(), path.key("data"), "unknown table '" + side.data() + "'");
                columnOf(old, oldTable, side.id(), side.location(), path.key("id"));
            }
            for (String k : side.key()) columnOf(old, oldTable, k, side.location(), path.key("key"));
            for (String k : side.surrogate()) columnOf(old, oldTable, k, side.location(), path.key("surrogate"));
        }
        absent(side, source, old, oldTable, path);
        Set<String> pivotValues = pivots(e, target, side, old, path);
        Set<String> newColumns = new HashSet<>();
        for (int i = 0; i < side.columns().size(); i++) {
            ColumnRule r = side.columns().get(i);
            MappingPath rp = path.key("columns").item(r.name(), i);
            if (r.newColumn() != null) {
                columnOf(target, e.table(), r.newColumn(), r.location(), rp.key("new"));
                if (!r.isRenumbered() && !newColumns.add(r.newColumn())) problems.at(r.location(), rp, "new column mapped twice");
            }
            valueSource(r, side, source, old, oldTable, pivotValues, rp);
            if (r.ref() != null && mapping.entity(r.ref().entity()).isEmpty()) problems.at(r.location(), rp.key("ref"), "unknown entity '" + r.ref().entity() + "'");
            if (r.ref() != null && r.ref().by() != null) {
                mapping.entity(r.ref().entity()).ifPresent(re -> columnOf(target, re.table(), r.ref().by(), r.location(), rp.key("ref").key("by")));
            }
            typeFits(r, old, oldTable, target, e.table(), rp);
            if (r.backfill() != null) BackfillRuleCheck.check(mapping, e, target, r, rp.key("backfill"), problems);
            if (r.expectCondition() != null) expectFits(r, e, target, rp.key("expect"));
        }
    }

    /** A condition's bounds are columns of the new row, now or literals of the column's kind; no key is expected. */
    private void expectFits(ColumnRule r, EntitySpec e, Catalog target, MappingPath path) {
        ExpectCondition c = r.expectCondition();
        if (e.key().contains(r.newColumn())) problems.at(c.location(), path, "a key column is matched, not expected: " + r.newColumn());
        if (c.kind() != ExpectCondition.Kind.BETWEEN) return;
        String type = target.table(e.table()).flatMap(t -> t.column(r.newColumn())).map(Catalog.ColumnDef::type).orElse(null);
        boolean time = type != null && (type.startsWith("timestamp") || type.startsWith("date"));
        if (type != null && !time && !isInteger(type) && !type.startsWith("numeric") && !type.startsWith("double")) {
            problems.at(c.location(), path.key("between"), "between compares times or numbers, " + r.newColumn() + " is " + type);
        }
        for (String bound : c.bounds()) {
            if (ExpectCondition.isColumn(bound)) {
                columnOf(target, e.table(), bound, c.location(), path.key("between"));
            } else if (bound.equals(ExpectCondition.NOW) && type != null && !time) {
                problems.at(c.location(), path.key("between"), "now bounds a time, " + r.newColumn() + " is " + type);
            } else if (!bound.equals(ExpectCondition.NOW) && !(time ? bound.matches("\\d{4}-\\d{2}-\\d{2}([ T][0-9:.+\\-Z]*)?")
                    : bound.matches("-?\\d+(\\.\\d+)?"))) {
                problems.at(c.location(), path.key("between"), "'" + bound + "' is no column, now or " + (time ? "timestamp" : "number"));
            }
        }
    }

    /** The side's pivoted child tables and their columns exist; returns the values they yield. */
    private Set<String> pivots(EntitySpec e, Catalog target, SideSpec side, Catalog old, MappingPath path) {
        Set<String> pivotValues = new HashSet<>();
        for (int i = 0; i < side.pivots().size(); i++) {
            PivotSpec p = side.pivots().get(i);
            MappingPath pp = path.key("pivots").item(p.table(), i);
            if (old == null || old.table(p.table()).isEmpty()) {
                problems.at(p.location(), pp, "unknown table '" + p.table() + "'");
                continue;
            }
            for (String c : List.of(p.parent(), p.on(), p.value())) columnOf(old, p.table(), c, p.location(), pp);
            for (String c : p.dropped()) columnOf(old, p.table(), c, p.location(), pp.key("dropped"));
            for (var v : p.values().entrySet()) {
                columnOf(target, e.table(), v.getValue(), p.location(), pp.key("values").key(v.getKey()));
                pivotValues.add(v.getKey());
            }
        }
        return pivotValues;
    }

    /** What a rule reads exists on its side: the old column, a data key's table, the pivot value. */
    private void valueSource(ColumnRule r, SideSpec side, SourceSpec source, Catalog old, String oldTable,
                             Set<String> pivotValues, MappingPath path) {
        ColumnSource s = r.source();
        // an expression's own columns are not checked here, the one it stands for is
        if (s instanceof ColumnSource.SqlExpression x) s = x.standsFor();
        String oldColumn = null;
        if (s instanceof ColumnSource.OldColumn c) oldColumn = c.column();
        else if (s instanceof ColumnSource.Dropped d) oldColumn = d.oldColumn();
        else if (s instanceof ColumnSource.DataKey && !side.isKeyValue()) {
            problems.at(r.location(), path.key("key"), "`key` reads a Reddit data table: give thing and data");
        } else if (s instanceof ColumnSource.Pivoted p && !pivotValues.contains(p.role())) {
            problems.at(r.location(), path.key("pivot"), "no pivot yields '" + p.role() + "'");
        }
        if (oldColumn == null) return;
        if (old != null) columnOf(old, oldTable, oldColumn, r.location(), path.key("old"));
        else if (!source.csvColumns().containsKey(oldColumn)) {
            problems.at(r.location(), path.key("old"), "unknown column '" + oldColumn + "' of CSV source " + source.name());
        }
    }

    /** A transform must fit the types it converts between. */
    private void typeFits(ColumnRule r, Catalog old, String oldTable, Catalog target, String newTable, MappingPath path) {
        String oldType = old == null || r.old() == null ? null : old.table(oldTable).flatMap(t -> t.column(r.old())).map(Catalog.ColumnDef::type).orElse(null);
        String newType = r.newColumn() == null ? null : target.table(newTable).flatMap(t -> t.column(r.newColumn())).map(Catalog.ColumnDef::type).orElse(null);
        Transform t = r.transform();
        if (t instanceof Transform.EnumRemap && !isText(oldType) && oldType != null) {
            problems.at(r.location(), path.key("transform"), "enum remap needs a text column, " + r.old() + " is " + oldType);
        }
        if (t instanceof Transform.Flags f) {
            if (oldType != null && !isInteger(oldType)) problems.at(r.location(), path.key("transform"), "flags need an integer column, " + r.old() + " is " + oldType);
            if (f.oldFlags().size() != f.newFlags().size()) problems.at(r.location(), path.key("transform"), "old and new flags differ in number");
        }
        if ((t instanceof Transform.Base36Decode || t instanceof Transform.FullnameDecode) && newType != null && !isInteger(newType)) {
            problems.at(r.location(), path.key("transform"), "decoding an id gives an integer, " + r.newColumn() + " is " + newType);
        }
        if ((t instanceof Transform.Base36Decode) && oldType != null && !isText(oldType)) {
            problems.at(r.location(), path.key("transform"), "base36 decodes text, " + r.old() + " is " + oldType);
        }
        if (t instanceof Transform.Base36Encode || t instanceof Transform.FullnameEncode) {
            String encoding = t instanceof Transform.Base36Encode ? "base36" : "a fullname";
            if (newType != null && !isText(newType)) {
                problems.at(r.location(), path.key("transform"), "encoding an id as " + encoding + " gives text, " + r.newColumn() + " is " + newType);
            }
            if (oldType != null && !isInteger(oldType)) {
                problems.at(r.location(), path.key("transform"), "encoding as " + encoding + " reads an integer id, " + r.old() + " is " + oldType);
            }
        }
        if (!r.literals().isEmpty() && oldType != null && !isInteger(oldType)) {
            problems.at(r.location(), path.key("literals"), "Reddit id literals apply to integer id columns, " + r.old() + " is " + oldType);
        }
    }

    private static boolean isText(String type) {
        return type != null && (type.startsWith("varchar") || type.startsWith("text") || type.startsWith("character"));
    }

    private static boolean isInteger(String type) {
        return type != null && (type.startsWith("bigint") || type.startsWith("integer") || type.startsWith("smallint") || type.startsWith("int"));
    }

    private void columnOf(Catalog c, String table, String column, FilePosition at, MappingPath path) {
        if (table == null || column == null) return;
        if (c.table(table).isEmpty()) {
            problems.at(at, path, "unknown table '" + table + "'");
        } else if (!c.hasColumn(table, column)) {
            problems.at(at, path, "unknown column '" + table + "." + column + "'");
        }
    }
}
