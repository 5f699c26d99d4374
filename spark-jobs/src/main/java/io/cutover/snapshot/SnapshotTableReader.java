package io.cutover.snapshot;

import io.cutover.postgres.PostgresServer;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How a snapshot (and restore's read-back) brings a table's rows out of PostgreSQL, as
 * {@code --reader copy|jdbc} names it; both give the same rows in the same stored form.
 */
public enum SnapshotTableReader {
    /** Binary COPY decoded into Spark's internal rows ({@link CopyTableReader}). */
    COPY,
    /** Spark's JDBC source, row by row through a ResultSet ({@link JdbcTableReader}). */
    JDBC;

    /** Reads the table in the key ranges given (one task when none), at most {@code maxConnections} at once. */
    Dataset<Row> read(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates, int fetchSize,
                      String sessionInit, int maxConnections) {
        return switch (this) {
            case COPY -> CopyTableReader.read(spark, server, table, predicates, sessionInit, maxConnections);
            case JDBC -> JdbcTableReader.read(spark, server, table, predicates, fetchSize, sessionInit, maxConnections);
        };
    }

    /**
     * The same rows, counted and hashed (content checksum, format 2) in the tasks of the action
     * that consumes them. The COPY reader hashes each tuple as it decodes it, so the rows go to
     * that action as the reader built them; the JDBC reader's rows pass through {@link HashedRows}.
     */
    HashedRows readHashed(SparkSession spark, PostgresServer server, SourceTable table, List<String> predicates,
                          int fetchSize, String sessionInit, int maxConnections, String checksumName) {
        return switch (this) {
            case COPY -> CopyTableReader.readHashed(spark, server, table, predicates, sessionInit, maxConnections, checksumName);
            case JDBC -> HashedRows.of(spark, read(spark, server, table, predicates, fetchSize, sessionInit, maxConnections),
                    checksumName);
        };
    }

    /** As the command line spells it. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
