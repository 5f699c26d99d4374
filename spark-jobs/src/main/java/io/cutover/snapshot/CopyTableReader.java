package io.cutover.snapshot;

import io.cutover.postgres.PostgresServer;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a table into the stored form with binary COPY instead of Spark's JDBC source: one
 * task per key range (the same predicates), each on its own connection inside the held
 * snapshot, decoding PostgreSQL's binary tuples straight into Spark's internal rows, with no
 * ResultSet and no per-row conversion. The rows and the schema are exactly those of
 * {@link JdbcTableReader}, so both write the same content checksums.
 */
final class CopyTableReader {
    private CopyTableReader() {}

    static Dataset<Row> read(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates,
                             String sessionInit, int maxConnections) {
        return load(spark, server, table, predicates, sessionInit, maxConnections, null);
    }

    /**
     * The rows, each hashed by the reader right after it is decoded, in the task of the action
     * that consumes them: no pass of their own, and no conversion to another row form for it.
     */
    static HashedRows readHashed(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates,
                                 String sessionInit, int maxConnections, String checksumName) {
        ChecksumAccumulator sums = new ChecksumAccumulator();
        spark.sparkContext().register(sums, checksumName);
        return HashedRows.atSource(load(spark, server, table, predicates, sessionInit, maxConnections, sums), sums);
    }

    /** {@code sums}: where the readers add each row's hash, or null to hash nothing. */
    private static Dataset<Row> load(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates,
                                     String sessionInit, int maxConnections, ChecksumAccumulator sums) {
        List<SourceColumn> columns = table.columns();
        WireType[] wire = columns.stream().map(WireType::of).toArray(WireType[]::new);
        String[] describedAs = columns.stream().map(WireType::describedAs).toArray(String[]::new);
        StructType schema = new StructType(columns.stream()
                .map(c -> DataTypes.createStructField(c.name(), WireType.storedType(c), nullable(c)))
                .toArray(StructField[]::new));
        String select = "SELECT * FROM " + table.readQuery();
        CopyRange[] ranges;
        if (predicates.isEmpty()) {
            ranges = new CopyRange[] {new CopyRange(0, copy(select), null)};
        } else {
            ranges = new CopyRange[predicates.size()];
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = new CopyRange(i, copy(select + " WHERE (" + predicates.get(i) + ")"), predicates.get(i));
            }
        }
        CopyRangeReader.Factory readers = new CopyRangeReader.Factory(table.label(), server.jdbcUrl(table.database()),
                server.connectionProperties(), sessionInit, select + " LIMIT 0", wire, describedAs, schema,
                sums == null ? null : new RowHash128(schema, 0), sums);
        String split = predicates.isEmpty() ? "one range"
                : predicates.size() + " key ranges on " + (table.splitKey() == null ? "its key" : table.splitKey().name());
        Dataset<Row> rows = CopySource.load(spark, new CopyTable(table.label(), schema, ranges, readers, split));
        // As for the JDBC reader: Spark runs at most defaultParallelism tasks at once; only more than the cap needs merging.
        if (Math.min(ranges.length, spark.sparkContext().defaultParallelism()) > maxConnections) {
            rows = rows.coalesce(maxConnections);
        }
        return rows;
    }

    private static String copy(String select) {
        return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * As Spark's JDBC source declares it: not null only where PostgreSQL describes the result
     * column as a NOT NULL table column, which it does for plain column references only.
     */
    private static boolean nullable(SourceColumn c) {
        return !(c.notNull() && c.encoding() == ColumnEncoding.NATIVE);
    }
}
