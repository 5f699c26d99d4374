package io.cutover.verify;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The new side of a comparison in Spark SQL (alias {@code n}): the new table's columns, or the
 * mapping's {@code new_sql:} expressions, and foreign keys replaced by the natural key they
 * point to; and its pass-1 digest, shaped like the old side's.
 */
final class NewSideSql {
    private final Mapping mapping;
    final EntitySpec entity;
    final SideSpec side;
    final Set<String> tables = new LinkedHashSet<>();
    final List<String> joins = new ArrayList<>();
    int refs;

    NewSideSql(Mapping mapping, EntitySpec entity, SideSpec side) {
        this.mapping = mapping;
        this.entity = entity;
        this.side = side;
    }

    final List<String> keyValues = new ArrayList<>();
    final List<String> columnValues = new ArrayList<>();

    String sql(Catalog.TableDef targetTable, List<ComparedColumn> columns) {
        tables.add(entity.table());
        List<String> select = new ArrayList<>();
        for (String key : entity.key()) {
            String v = value(key, targetTable);
            keyValues.add(v);
            select.add(v + " AS k_" + key);
        }
        for (ComparedColumn c : columns) {
            String v = value(c.name(), targetTable);
            columnValues.add(v);
            select.add(v + " AS v_" + c.name());
        }
        return "SELECT " + String.join(", ", select) + " FROM " + entity.table() + " n" + String.join("", joins);
    }

    /** Pass 1's SQL, shaped like the old side's digest: each column hashed before the joins. */
    String digestSql(List<ComparedColumn> columns, boolean crossEngine) {
        DigestSelect select = new DigestSelect("n", entity.key(), keyValues, crossEngine);
        for (int i = 0; i < columns.size(); i++) select.add(columns.get(i), columnValues.get(i));
        return select.sql(entity.table(), "", String.join("", joins));
    }

    private String value(String column, Catalog.TableDef targetTable) {
        ColumnRule rule = side.ruleForNew(column).orElseThrow();
        if (targetTable.column(column).isEmpty()) {
            throw CutoverException.configuration("mapping: new table " + entity.table() + " has no column " + column);
        }
        String v = rule.newSql() != null ? "(" + rule.newSql() + ")" : "n.`" + column + "`";
        if (rule.ref() == null) return "CAST(" + v + " AS " + ComparisonPlanner.typeOf(targetTable, column) + ")";
        EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow();
        String naturalKey = rule.ref().by() != null ? rule.ref().by() : target.key().get(0);
        String idColumn = target.surrogate().isEmpty() ? "id" : target.surrogate().get(0);
        tables.add(target.table());
        String alias = "r" + (++refs);
        joins.add(" LEFT JOIN (SELECT CAST(" + idColumn + " AS BIGINT) AS ref_id, CAST(`" + naturalKey
                + "` AS STRING) AS ref_key FROM " + target.table() + ") " + alias + " ON " + alias + ".ref_id = CAST(" + v + " AS BIGINT)");
        return alias + ".ref_key";
    }
}
