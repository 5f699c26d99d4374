package io.cutover.snapshot;

import io.cutover.postgres.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * Reads one key range on an executor: a connection of its own that first imports the held
 * snapshot (the reader init statement), checks that the read query sends the wire types it
 * decodes, then streams {@code COPY (...) TO STDOUT (FORMAT binary)} into reused internal rows.
 */
final class CopyRangeReader implements PartitionReader<InternalRow> {
    private final Factory factory;
    private final CopyRange range;
    private final SpecificInternalRow row;
    /** Null when the rows are not hashed here. */
    private final RowHash128.Hasher hasher;
    private Connection connection;
    private CopyOut copy;
    private BinaryCopyStream stream;

    private CopyRangeReader(Factory factory, CopyRange range) {
        this.factory = factory;
        this.range = range;
        this.row = new SpecificInternalRow(factory.schema);
        this.hasher = factory.hash == null ? null : factory.hash.newHasher();
    }

    @Override
    public boolean next() throws IOException {
        try {
            if (stream == null) open();
            if (stream.next(row)) {
                if (hasher != null) {
                    hasher.hash(row);
                    factory.sums.addRow(hasher.h1(), hasher.h2());
                }
                return true;
            }
            // Closed now rather than at the end of the task: a task that holds several ranges (merged
            // under the connection cap) then keeps one connection open at a time.
            close();
            return false;
        } catch (SQLException e) {
            // The cause stays attached: the snapshot job reports the SQL error itself (PostgresServer.describe).
            throw new IOException(factory.label + ", " + range + ": " + PostgresServer.describe(e), e);
        }
    }

    @Override
    public InternalRow get() {
        return row;
    }

    private void open() throws SQLException {
        // The driver class itself, not DriverManager: under spark-submit the driver is in the
        // application jar, which DriverManager does not search.
        connection = new org.postgresql.Driver().connect(factory.url, factory.properties);
        if (connection == null) throw new SQLException("the PostgreSQL driver does not accept the URL " + factory.url);
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            if (factory.initStatement != null) st.execute(factory.initStatement);
            checkWireTypes(st);
        }
        copy = new CopyManager(connection.unwrap(BaseConnection.class)).copyOut(range.copySql());
        stream = new BinaryCopyStream(copy::readFromCopy, factory.wireTypes, factory.label);
    }

    /** The decoder trusts nothing it has not seen: the query's result description must name the expected types. */
    private void checkWireTypes(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(factory.probeSql)) {
            ResultSetMetaData md = rs.getMetaData();
            if (md.getColumnCount() != factory.describedAs.length) {
                throw new SQLException("the read query returns " + md.getColumnCount() + " columns, expected "
                        + factory.describedAs.length);
            }
            for (int i = 0; i < factory.describedAs.length; i++) {
                String sent = withoutSerial(md.getColumnTypeName(i + 1));
                if (!factory.describedAs[i].equals(sent)) {
                    throw new SQLException("column " + md.getColumnLabel(i + 1) + " arrives as " + sent + ", the COPY "
                            + "reader decodes it as " + factory.describedAs[i]);
                }
            }
        }
    }

    /**
     * pgjdbc names a column whose default is {@code nextval(...)} after the serial pseudo-type
     * it was probably declared with; on the wire it is the integer type itself.
     */
    private static String withoutSerial(String typeName) {
        return switch (typeName) {
            case "smallserial" -> "int2";
            case "serial" -> "int4";
            case "bigserial" -> "int8";
            default -> typeName;
        };
    }

    @Override
    public void close() {
        try {
            if (copy != null && copy.isActive()) copy.cancelCopy();
        } catch (SQLException ignored) {
            // the connection is closed next, which ends the COPY anyway
        }
        copy = null;
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // a read-only transaction: nothing is lost when it ends with the connection
            }
            connection = null;
        }
    }

    /** Sent to the executors with the tasks; holds the connection properties, which its toString leaves out. */
    static final class Factory implements PartitionReaderFactory {
        private final String label;
        private final String url;
        private final Properties properties;
        private final String initStatement;
        private final String probeSql;
        private final WireType[] wireTypes;
        private final String[] describedAs;
        private final StructType schema;
        private final RowHash128 hash;
        /** Spark adds a task's updates once, when it succeeds, as for {@link HashedRows}. */
        private final ChecksumAccumulator sums;

        Factory(String label, String url, Properties properties, String initStatement, String probeSql,
                WireType[] wireTypes, String[] describedAs, StructType schema, RowHash128 hash, ChecksumAccumulator sums) {
            this.label = label;
            this.url = url;
            this.properties = properties;
            this.initStatement = initStatement;
            this.probeSql = probeSql;
            this.wireTypes = wireTypes;
            this.describedAs = describedAs;
            this.schema = schema;
            this.hash = hash;
            this.sums = sums;
        }

        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            return new CopyRangeReader(this, (CopyRange) partition);
        }

        @Override
        public String toString() {
            return "binary COPY reader of " + label + " at " + url;
        }
    }
}
