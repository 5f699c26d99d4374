package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.Transform;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The keys of a side whose rows were created or updated since the window opened, selected with
 * as little reading as the mapping allows. Where the key and the time columns are plain columns
 * of the side's own table (the thing table of a Reddit type, the mirror's table, the new table),
 * only that table is read, its time filter pushed into the query (an index range where the table
 * has one) and only its key columns returned. Otherwise (a key that is a transform or a foreign
 * key compared by its natural key, an export) the side's rows are filtered after they are built.
 *
 * <p>What a window covers: on Reddit, things whose {@code date} (creation) falls in it, since
 * Reddit keeps no update time; on the mirror and the new tables, rows whose {@code created_on} or
 * {@code updated_on} does; on the vote export, votes whose {@code date} does. Every app write
 * sets the mirror's {@code updated_on}, in the transaction that writes the new tables, so an
 * edit that reached Reddit and the mirror but was lost on the new side is in the window through
 * the mirror, and its key is compared against every source of the entity.
 */
final class TimeWindow {
    private final Mapping mapping;
    private final Timestamp since;
    private final TableReader reader;

    TimeWindow(Mapping mapping, Instant since, TableReader reader) {
        this.mapping = mapping;
        this.since = Timestamp.from(since);
        this.reader = reader;
    }

    /** The window's keys of both sides of one comparison ({@code k_*} columns, typed like its rows). */
    Dataset<Row> keys(ComparisonPlan plan, ComparisonSides sides, SourceLocation old, SourceLocation target,
                      List<String> stamps) {
        EntitySpec entity = mapping.entity(plan.entity()).orElseThrow();
        SideSpec side = entity.from().get(plan.source());
        List<String> keyColumns = plan.keys().stream().map(k -> "k_" + k).toList();
        StructType oldTypes = sides.oldRows().schema();
        StructType newTypes = sides.newRows().schema();

        Dataset<Row> oldKeys = null;
        if (!(old instanceof SourceLocation.CsvFile) && side.filter() == null) {
            List<String> keys = plainColumns(side, plan.keys());
            List<String> times = plainColumns(side, stamps);
            if (keys != null && times != null) {
                String table = side.isKeyValue() ? side.thing() : side.table();
                oldKeys = narrowed(reader.read(old, table, null), keys, times, keyColumns, oldTypes);
            }
        }
        // A row the mapping leaves out as absent (a cleared vote) is a write too: the window sees it.
        if (oldKeys == null) oldKeys = filtered(sides.oldRows().sparkSession().sql(plan.oldEveryRowSql()), stamps, keyColumns);

        Dataset<Row> newKeys = null;
        List<String> newKeyColumns = newColumns(side, plan.keys());
        List<String> newTimes = newColumns(side, stamps);
        if (newKeyColumns != null && newTimes != null) {
            newKeys = narrowed(reader.read(target, entity.table(), null), newKeyColumns, newTimes, keyColumns, newTypes);
        }
        if (newKeys == null) newKeys = filtered(sides.newRows(), stamps, keyColumns);
        return oldKeys.union(newKeys);
    }

    private Dataset<Row> narrowed(Dataset<Row> table, List<String> columns, List<String> times, List<String> keyColumns,
                                  StructType types) {
        Column inWindow = null;
        for (String t : times) {
            Column c = col(t).geq(functions.lit(since));
            inWindow = inWindow == null ? c : inWindow.or(c);
        }
        List<Column> select = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            select.add(col(columns.get(i)).cast(types.apply(keyColumns.get(i)).dataType()).as(keyColumns.get(i)));
        }
        return table.where(inWindow).select(select.toArray(Column[]::new));
    }

    private Dataset<Row> filtered(Dataset<Row> rows, List<String> stamps, List<String> keyColumns) {
        Column inWindow = null;
        for (String s : stamps) {
            Column c = col("v_" + s).geq(functions.lit(since));
            inWindow = inWindow == null ? c : inWindow.or(c);
        }
        return rows.where(inWindow).select(keyColumns.stream().map(functions::col).toArray(Column[]::new));
    }

    /** The old table's own columns that hold these new columns unchanged, or null when one does not. */
    private static List<String> plainColumns(SideSpec side, List<String> newColumns) {
        List<String> out = new ArrayList<>();
        for (String c : newColumns) {
            ColumnRule r = side.ruleForNew(c).orElse(null);
            if (r == null || r.old() == null || r.sql() != null || r.dataKey() != null || r.ref() != null
                    || !(r.transform() instanceof Transform.Identity)) {
                return null;
            }
            out.add(r.old());
        }
        return out;
    }

    /** The new table's columns compared as they are, or null when one is compared through an expression or a join. */
    private static List<String> newColumns(SideSpec side, List<String> newColumns) {
        for (String c : newColumns) {
            ColumnRule r = side.ruleForNew(c).orElse(null);
            if (r == null || r.newSql() != null || r.ref() != null) return null;
        }
        return newColumns;
    }
}
