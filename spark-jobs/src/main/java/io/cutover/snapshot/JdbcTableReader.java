package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;

import io.cutover.postgres.PostgresServer;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a table over Spark's JDBC source into the stored form (the Parquet schema): one task per
 * key range, or one task when there are no ranges.
 */
final class JdbcTableReader {
    private JdbcTableReader() {}

    static Dataset<Row> read(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates,
                             int fetchSize, String sessionInit, int maxConnections) {
        Properties props = server.sparkJdbcProperties();
        props.setProperty("fetchsize", Integer.toString(fetchSize));
        if (sessionInit != null) props.setProperty("sessionInitStatement", sessionInit);
        String url = server.jdbcUrl(table.database());
        Dataset<Row> raw = predicates.isEmpty()
                ? spark.read().jdbc(url, table.readQuery(), props)
                : spark.read().jdbc(url, table.readQuery(), predicates.toArray(new String[0]), props);
        // Spark runs at most defaultParallelism tasks at once; only more than the cap needs merging.
        if (Math.min(raw.rdd().getNumPartitions(), spark.sparkContext().defaultParallelism()) > maxConnections) {
            raw = raw.coalesce(maxConnections);
        }
        Column[] stored = table.columns().stream()
                .map(c -> c.encoding().toStored(col(escape(c.name()))).as(c.name()))
                .toArray(Column[]::new);
        return raw.select(stored);
    }

    static String escape(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
