package io.cutover.side;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.SourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One side of a comparison, compiled once from the mapping: the relation its rows come from,
 * the rows it joins, and one typed expression per key and compared column over its row
 * ({@code alias}). Spark and PostgreSQL print it through their {@link SqlDialect}.
 * {@code filter}: the rows the side keeps (null: all); {@code absent}: column values marking an
 * old row that stands for no row (empty: none); {@code tables}: every table it reads.
 */
public record SideQuery(String alias, Base base, List<Output> keys, List<Output> columns, List<Join> joins,
                        ParsedSql filter, Map<String, String> absent, Set<String> tables) {

    /** Where the side's rows come from. */
    public sealed interface Base {}

    /** A plain table. */
    public record Table(String name) implements Base {}

    /**
     * Reddit's thing table with its key-value rows pivoted into one row per thing: the thing's
     * columns and, per data key, {@code key} and {@code key__kind}. {@code view}: Spark's name of it.
     */
    public record KeyValuePivot(String view, String thing, String data, String id, Set<String> keys) implements Base {}

    /** A CSV export's rows ({@code latest}: a change log's current rows, null when none). */
    public record CsvExport(String source, SourceSpec.Latest latest, Set<String> columns) implements Base {}

    /**
     * One key or compared column: its value over the side's row and the Spark type it is
     * compared as ({@code STRING} for a reference's natural key).
     */
    public record Output(String name, SideExpr value, String sparkType, ColumnRule rule) {}

    public Output column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
