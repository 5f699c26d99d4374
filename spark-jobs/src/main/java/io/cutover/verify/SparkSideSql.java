package io.cutover.verify;

import static io.cutover.side.SparkDialect.SPARK;

import io.cutover.side.Join;
import io.cutover.side.SideExpr;
import io.cutover.side.SideQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One compiled side printed as Spark SQL: its rows in the new table's shape ({@code k_*},
 * {@code v_*}) over the views it needs (a key-value pivot, a change log's current rows), and
 * pass 1's digest of the same rows with every hash taken before any shuffle that would
 * otherwise carry the wide value: per key-value row ahead of the pivot where a column depends
 * on its own key only, else on the side's row ahead of its joins. What is taken where is
 * decided on the side's expression trees.
 */
final class SparkSideSql {
    final SideQuery query;
    final List<ComparedColumn> columns;
    final List<ComparisonPlan.NamedSql> views = new ArrayList<>();
    final List<ComparisonPlan.NamedSql> digestViews = new ArrayList<>();
    private final String entity;
    private final String source;
    private final String from;

    /** {@code columns}: the compared columns, in the query's order. */
    SparkSideSql(SideQuery query, List<ComparedColumn> columns, String entity, String source) {
        this.query = query;
        this.columns = columns;
        this.entity = entity;
        this.source = source;
        this.from = from();
        for (Join j : query.joins()) {
            if (j instanceof Join.Reference r && r.target() instanceof Join.ThingKey t) {
                pivotView(t.view(), t.thing(), t.data(), t.id(), t.pivotKeys());
            }
        }
    }

    private String print(SideExpr e) {
        return SPARK.print(e, query.alias()).text();
    }

    private String joins() {
        return SPARK.joins(query.joins(), query.alias()).text();
    }

    private List<String> select() {
        List<String> select = new ArrayList<>();
        for (SideQuery.Output k : query.keys()) select.add(print(k.value()) + " AS k_" + k.name());
        for (SideQuery.Output c : query.columns()) select.add(print(c.value()) + " AS v_" + c.name());
        return select;
    }

    /** The rows ({@code k_*}, {@code v_*}) the side compares. */
    String sql() {
        return "SELECT " + String.join(", ", select()) + " FROM " + from + " " + query.alias() + joins() + where();
    }

    /** The old rows with the absent ones too (a cleared vote): a time window selects keys from these. */
    String everyRowSql() {
        return "SELECT " + String.join(", ", select()) + " FROM " + from + " " + query.alias() + joins()
                + (query.filter() == null ? "" : " WHERE (" + query.filter().text() + ")");
    }

    /** Pass 1's SQL: the keys, one 64-bit hash per compared column ({@code h_*}) and the lenient columns' values. */
    String digestSql(boolean crossEngine) {
        List<String> keyValues = query.keys().stream().map(k -> print(k.value())).toList();
        List<String> keyNames = query.keys().stream().map(SideQuery.Output::name).toList();
        DigestSelect select = new DigestSelect(query.alias(), keyNames, keyValues, crossEngine);
        boolean keyValue = query.base() instanceof SideQuery.KeyValuePivot;
        Map<String, String> pushed = new LinkedHashMap<>();
        // What the digest reads of the row, in the order its select lists name it: inner hashes, then the outer list.
        List<SideExpr> inner = new ArrayList<>();
        List<SideExpr> outer = new ArrayList<>();
        query.keys().forEach(k -> outer.add(k.value()));
        for (int i = 0; i < columns.size(); i++) {
            ComparedColumn c = columns.get(i);
            SideQuery.Output out = query.columns().get(i);
            String dataKey = out.rule() == null ? null : out.rule().dataKey();
            SideExpr perRow = !c.lenient() && keyValue && dataKey != null ? perKeyValueRow(out.value(), dataKey, true) : null;
            if (perRow != null) {
                pushed.put(c.name(), "CASE WHEN d.key = " + SPARK.text(dataKey) + " THEN " + select.hash(c, print(perRow)) + " END");
                String absent = select.hash(c, print(perKeyValueRow(out.value(), dataKey, false)));
                select.outer.add("coalesce(" + query.alias() + ".`cutover_h_" + c.name() + "`, " + absent + ") AS h_" + c.name());
            } else {
                select.add(c, print(out.value()), out.value().local());
                (!c.lenient() && out.value().local() ? inner : outer).add(out.value());
            }
        }
        String digestFrom = from;
        if (query.base() instanceof SideQuery.KeyValuePivot pivot) {
            inner.addAll(outer);
            digestFrom = digestPivotView(pivot, inner, pushed, crossEngine);
        }
        return select.sql(digestFrom, where(), joins());
    }

    /**
     * The column's value computed from one key-value row ({@code present}) or from none (the key
     * has no row), or null when it needs more than that row.
     */
    private static SideExpr perKeyValueRow(SideExpr value, String dataKey, boolean present) {
        SideExpr v = value.map(n -> {
            if (!(n instanceof SideExpr.Column c) || !(c.relation() instanceof SideExpr.Row)) return n;
            String part = c.name().equals(dataKey) ? "value" : c.name().equals(dataKey + "__kind") ? "kind" : null;
            if (part == null) return n;
            return present ? new SideExpr.Column(SideExpr.KEY_VALUE_ROW, part) : new SideExpr.Cast(SideExpr.Literal.NULL, "STRING");
        });
        return v.rowColumns().isEmpty() && v.local() ? v : null;
    }

    /**
     * The pivot for pass 1: raw values only of the keys an expression needs whole, hashes for the
     * rest. A key read only as a number (a foreign key's id) is pivoted as one: a pivot of
     * fixed-width values aggregates by hash, one with any text value by sorting.
     */
    private String digestPivotView(SideQuery.KeyValuePivot pivot, List<SideExpr> read, Map<String, String> hashes,
                                   boolean crossEngine) {
        Map<String, Boolean> asNumber = new LinkedHashMap<>();
        for (SideExpr e : read) uses(e, false, pivot.keys(), asNumber);
        if (query.filter() != null) for (String c : query.filter().rowColumns()) used(c, false, pivot.keys(), asNumber);
        for (String c : query.absent().keySet()) used(c, false, pivot.keys(), asNumber);
        for (Join j : query.joins()) {
            // A reference's join reads its id as a number (CAST(... AS BIGINT)).
            if (j instanceof Join.Reference r) uses(r.value(), r.value() instanceof SideExpr.Column, pivot.keys(), asNumber);
            if (j instanceof Join.Pivot p) used(p.parentColumn(), false, pivot.keys(), asNumber);
        }
        String name = "cutover_digest_" + entity + "_" + source + (crossEngine ? "_md5" : "");
        List<String> cols = new ArrayList<>();
        asNumber.forEach((key, numeric) -> {
            if (numeric) {
                cols.add("max(CASE WHEN d.key = " + SPARK.text(key) + " THEN CAST(d.value AS BIGINT) END) AS `" + key + "`");
                return;
            }
            cols.add("max(CASE WHEN d.key = " + SPARK.text(key) + " THEN d.value END) AS `" + key + "`");
            cols.add("max(CASE WHEN d.key = " + SPARK.text(key) + " THEN d.kind END) AS `" + key + "__kind`");
        });
        hashes.forEach((column, hash) -> cols.add("max(" + hash + ") AS `cutover_h_" + column + "`"));
        digestViews.add(new ComparisonPlan.NamedSql(name, pivotSql(pivot.thing(), pivot.data(), pivot.id(), cols, pivot.keys())));
        return name;
    }

    /** Records the data keys an expression reads, and whether each is read only as a number ({@code CAST(... AS BIGINT)}). */
    private static void uses(SideExpr e, boolean asNumber, Set<String> keys, Map<String, Boolean> out) {
        if (e instanceof SideExpr.Column c && c.relation() instanceof SideExpr.Row) {
            used(c.name(), asNumber, keys, out);
        } else if (e instanceof SideExpr.Expression x) {
            for (String c : x.sql().rowColumns()) used(c, false, keys, out);
        } else {
            boolean number = e instanceof SideExpr.Cast cast && cast.sparkType().equals("BIGINT");
            for (SideExpr child : e.children()) uses(child, number && child instanceof SideExpr.Column, keys, out);
        }
    }

    private static void used(String column, boolean asNumber, Set<String> keys, Map<String, Boolean> out) {
        boolean kind = column.endsWith("__kind");
        String key = kind ? column.substring(0, column.length() - "__kind".length()) : column;
        if (keys.contains(key)) out.merge(key, asNumber && !kind, Boolean::logicalAnd);
    }

    /** The side's filter, and its absent rows left out (after the filter, on the old row). */
    private String where() {
        List<String> conditions = new ArrayList<>();
        if (query.filter() != null) conditions.add("(" + query.filter().text() + ")");
        if (!query.absent().isEmpty()) {
            List<String> matches = new ArrayList<>();
            query.absent().forEach((column, value) -> matches.add(SPARK.column(query.alias(), column) + " = " + SPARK.literal(value)));
            conditions.add("NOT coalesce(" + String.join(" AND ", matches) + ", false)");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private String from() {
        if (query.base() instanceof SideQuery.Table t) return t.name();
        if (query.base() instanceof SideQuery.CsvExport csv) {
            return csv.latest() == null ? csvView(csv.source()) : latestView(csv);
        }
        SideQuery.KeyValuePivot p = (SideQuery.KeyValuePivot) query.base();
        return pivotView(p.view(), p.thing(), p.data(), p.id(), p.keys());
    }

    static String csvView(String source) {
        return "cutover_csv_" + source;
    }

    /**
     * A change-log export's current rows: per key, those with the latest {@code by} value.
     * Ties all stay, so a line the export repeats is still seen as a duplicate key.
     */
    private String latestView(SideQuery.CsvExport csv) {
        String name = "cutover_latest_" + csv.source();
        String partition = csv.latest().key().stream().map(k -> "c.`" + k + "`").collect(Collectors.joining(", "));
        String columns = csv.columns().stream().map(c -> "c.`" + c + "`").collect(Collectors.joining(", "));
        views.add(new ComparisonPlan.NamedSql(name, "SELECT " + columns + " FROM (SELECT c.*, max(c.`" + csv.latest().by()
                + "`) OVER (PARTITION BY " + partition + ") AS cutover_latest FROM " + csvView(csv.source())
                + " c) c WHERE c.`" + csv.latest().by() + "` <=> c.cutover_latest"));
        return name;
    }

    /** Reddit's key-value rows, one row per thing: each key's value and the kind it was stored as. */
    private String pivotView(String name, String thing, String data, String id, Set<String> keys) {
        if (views.stream().anyMatch(v -> v.name().equals(name))) return name;
        List<String> cols = new ArrayList<>();
        for (String key : keys) {
            cols.add("max(CASE WHEN d.key = " + SPARK.text(key) + " THEN d.value END) AS `" + key + "`");
            cols.add("max(CASE WHEN d.key = " + SPARK.text(key) + " THEN d.kind END) AS `" + key + "__kind`");
        }
        views.add(new ComparisonPlan.NamedSql(name, pivotSql(thing, data, id, cols, keys)));
        return name;
    }

    /** Key-value rows of keys no rule reads are dropped before the pivot's shuffle. */
    private static String pivotSql(String thing, String data, String id, List<String> cols, Set<String> keys) {
        String keyFilter = keys.isEmpty() ? ""
                : " WHERE d.key IN (" + keys.stream().map(SPARK::text).collect(Collectors.joining(", ")) + ")";
        String pivot = "SELECT d.thing_id AS cutover_thing_id" + (cols.isEmpty() ? "" : ", " + String.join(", ", cols))
                + " FROM " + data + " d" + keyFilter + " GROUP BY d.thing_id";
        return "SELECT t.*, p.* FROM " + thing + " t LEFT JOIN (" + pivot + ") p ON p.cutover_thing_id = t." + id;
    }
}
