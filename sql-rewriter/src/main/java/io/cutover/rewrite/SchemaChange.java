package io.cutover.rewrite;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.KeptTable;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mapping seen from the old schema that BI queries are written against: per old table,
 * what it became. Built once from the mapping's mirror source and the DDL catalogs.
 */
public final class SchemaChange {
    private final Map<String, TableChange> tables = new LinkedHashMap<>();
    private final Catalog oldCatalog;

    private SchemaChange(Catalog oldCatalog) {
        this.oldCatalog = oldCatalog;
    }

    /** The change described by the mapping's mirror source (the tables BI queries read). */
    public static SchemaChange of(Mapping mapping) {
        SourceSpec mirror = mapping.sources().values().stream()
                .filter(s -> s.role() == SourceSpec.Role.MIRROR).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the mapping has no mirror source"));
        Catalog app = mapping.catalog(mirror.schema());
        SchemaChange change = new SchemaChange(app);
        for (EntitySpec e : mapping.entities()) {
            SideSpec side = e.from().get(mirror.name());
            if (side == null || side.table() == null) continue;
            change.renamed(mapping, e, side);
            for (PivotSpec p : side.pivots()) change.pivot(e, p);
        }
        for (KeptTable k : mapping.kept()) change.kept(mapping, mirror.name(), k);
        // whatever else the old schema holds stays as it is (auth_* and friends)
        for (Catalog.TableDef t : app.tables().values()) {
            change.tables.computeIfAbsent(t.name(), n -> keptAsIs(t, Map.of()));
        }
        for (String script : List.of("reddit.sql")) {
            for (Catalog.TableDef t : Catalog.of(script).tables().values()) {
                change.tables.put(t.name(), new TableChange(t.name(), TableChange.Kind.NO_REWRITE, null, Map.of(), Set.of(),
                        "the Reddit backend is not part of the new schema: port this query by hand"));
            }
        }
        return change;
    }

    Optional<TableChange> table(String oldName) {
        return Optional.ofNullable(tables.get(oldName.toLowerCase(Locale.ROOT)));
    }

    Catalog oldCatalog() {
        return oldCatalog;
    }

    private void renamed(Mapping mapping, EntitySpec e, SideSpec side) {
        Catalog.TableDef old = oldCatalog.table(side.table()).orElseThrow();
        Map<String, ColumnChange> columns = new LinkedHashMap<>();
        for (Catalog.ColumnDef c : old.columns().values()) {
            Optional<ColumnRule> rule = side.ruleForOld(c.name());
            if (rule.isEmpty()) {
                // same table name: unmapped columns are untouched; otherwise they have no home
                boolean same = side.table().equalsIgnoreCase(e.table());
                columns.put(c.name(), same ? ColumnChange.unchanged(old.name(), c.name(), identity(mapping, e, side, c.name(), null))
                        : new ColumnChange(old.name(), c.name(), null, true, false, null, new Transform.Identity(), List.of(), null, false));
                continue;
            }
            ColumnRule r = rule.get();
            boolean renumbered = r.isRenumbered() || (r.ref() != null && r.ref().by() == null && isRenumbered(mapping, r.ref().entity()));
            columns.put(c.name(), new ColumnChange(old.name(), c.name(), r.dropped() ? null : r.newColumn(), r.dropped(), renumbered,
                    identity(mapping, e, side, c.name(), r), r.transform(), r.literals(), r.warn(),
                    r.literals().contains("t3") && r.literals().contains("t1")));
        }
        tables.put(old.name(), new TableChange(old.name(), TableChange.Kind.RENAMED, e.table(), columns, old.unique(), null));
    }

    /** An old surrogate id of the entity's mirror table changes value in the new table. */
    private static boolean isRenumbered(Mapping mapping, String entity) {
        return mapping.entity(entity).flatMap(x -> x.from().values().stream().filter(s -> s.table() != null).findFirst())
                .map(s -> s.columns().stream().anyMatch(ColumnRule::isRenumbered)).orElse(false);
    }

    private static String identity(Mapping mapping, EntitySpec e, SideSpec side, String column, ColumnRule r) {
        if (r != null && r.isRenumbered()) return e.name() + ":old";
        if (r != null && r.ref() != null) {
            return r.ref().entity() + (r.ref().by() == null && isRenumbered(mapping, r.ref().entity()) ? ":old" : "");
        }
        if (r != null && e.key().size() == 1 && e.key().get(0).equalsIgnoreCase(r.newColumn()) && column.matches(".*id")) return e.name();
        if (r == null && column.equals("id")) return e.name();
        return null;
    }

    /** A child table pivoted into columns of its parent: unpivot the new columns back into rows. */
    private void pivot(EntitySpec e, PivotSpec p) {
        Catalog.TableDef old = oldCatalog.table(p.table()).orElseThrow();
        String parentKey = e.surrogate().isEmpty() ? e.key().get(0) : e.surrogate().get(0);
        StringBuilder sql = new StringBuilder("(");
        String sep = "";
        for (var v : p.values().entrySet()) {
            sql.append(sep).append("SELECT x.").append(parentKey).append(" AS ").append(p.parent())
                    .append(", x.").append(v.getValue()).append(" AS ").append(p.value())
                    .append(", CAST('").append(v.getKey()).append("' AS varchar(48)) AS ").append(p.on())
                    .append(" FROM ").append(e.table()).append(" x WHERE x.").append(v.getValue()).append(" IS NOT NULL");
            sep = " UNION ALL ";
        }
        sql.append(")");
        Map<String, ColumnChange> columns = new LinkedHashMap<>();
        for (Catalog.ColumnDef c : old.columns().values()) {
            boolean dropped = p.dropped().contains(c.name());
            boolean parent = c.name().equals(p.parent());
            columns.put(c.name(), new ColumnChange(old.name(), c.name(), dropped ? null : c.name(), dropped, parent,
                    parent ? e.name() + ":old" : null, new Transform.Identity(), List.of(),
                    null, false));
        }
        tables.put(old.name(), new TableChange(old.name(), TableChange.Kind.DERIVED, sql.toString(), columns, Set.of(),
                p.table() + " is gone: its rows are unpivoted from " + e.table() + "." + String.join(" and ", p.values().values())));
    }

    /** A kept table: its foreign keys to renumbered entities are reached through the natural key. */
    private void kept(Mapping mapping, String mirror, KeptTable k) {
        Catalog.TableDef old = oldCatalog.table(k.table()).orElseThrow();
        if (k.refs().isEmpty()) {
            tables.put(old.name(), keptAsIs(old, k.literals()));
            return;
        }
        StringBuilder select = new StringBuilder("(SELECT ");
        StringBuilder joins = new StringBuilder(" FROM ").append(old.name()).append(" k");
        Map<String, ColumnChange> columns = new LinkedHashMap<>();
        int n = 0;
        String sep = "";
        for (Catalog.ColumnDef c : old.columns().values()) {
            Optional<KeptTable.KeptRef> ref = k.refs().stream().filter(r -> r.column().equalsIgnoreCase(c.name())).findFirst();
            if (ref.isEmpty()) {
                select.append(sep).append("k.").append(c.name());
                columns.put(c.name(), ColumnChange.unchanged(old.name(), c.name(), null)
                        .withLiterals(k.literals().getOrDefault(c.name(), List.of())));
            } else {
                EntitySpec e = mapping.entity(ref.get().entity()).orElseThrow();
                SideSpec side = e.from().get(mirror);
                String oldId = side.surrogate().isEmpty() ? "id" : side.surrogate().get(0);
                String newKey = e.key().get(0);
                String oldKey = side.ruleForNew(newKey).map(ColumnRule::old).orElse(newKey);
                String newId = e.surrogate().isEmpty() ? e.key().get(0) : e.surrogate().get(0);
                n++;
                joins.append(" LEFT JOIN ").append(side.table()).append(" o").append(n).append(" ON o").append(n).append('.').append(oldId)
                        .append(" = k.").append(c.name());
                if (newId.equals(newKey)) {
                    select.append(sep).append("o").append(n).append('.').append(oldKey).append(" AS ").append(c.name());
                } else {
                    joins.append(" LEFT JOIN ").append(e.table()).append(" n").append(n).append(" ON n").append(n).append('.').append(newKey)
                            .append(" = o").append(n).append('.').append(oldKey);
                    select.append(sep).append("n").append(n).append('.').append(newId).append(" AS ").append(c.name());
                }
                columns.put(c.name(), new ColumnChange(old.name(), c.name(), c.name(), false, true, e.name() + ":old",
                        new Transform.Identity(), List.of(), null, false));
            }
            sep = ", ";
        }
        String sql = select.append(joins).append(")").toString();
        tables.put(old.name(), new TableChange(old.name(), TableChange.Kind.DERIVED, sql, columns, old.unique(),
                old.name() + " stays; its " + k.refs().stream().map(KeptTable.KeptRef::column).toList()
                        + " now reach the new rows through the natural key"));
    }

    private static TableChange keptAsIs(Catalog.TableDef t, Map<String, List<String>> literals) {
        Map<String, ColumnChange> columns = new LinkedHashMap<>();
        for (Catalog.ColumnDef c : t.columns().values()) {
            String identity = t.name().equals("auth_user") && c.name().equals("id") ? "user" : null;
            columns.put(c.name(), ColumnChange.unchanged(t.name(), c.name(), identity).withLiterals(literals.getOrDefault(c.name(), List.of())));
        }
        return new TableChange(t.name(), TableChange.Kind.KEPT, t.name(), columns, t.unique(), null);
    }
}
