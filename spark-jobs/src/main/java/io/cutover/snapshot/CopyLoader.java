package io.cutover.snapshot;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Iterator;
import java.util.Properties;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Loads one Spark partition into a table with COPY FROM STDIN (text format): each task streams
 * its rows on its own connection, much faster than INSERTs. Connection properties travel to
 * the executors the same way Spark's own JDBC writer sends them.
 */
final class CopyLoader implements ForeachPartitionFunction<Row>, Serializable {
    private static final int FLUSH_BYTES = 1 << 20;

    private final String url;
    private final Properties properties;
    private final String copySql;
    private final ColumnEncoding[] encodings;
    private final LongAccumulator rowsCopied;

    /** {@code rowsCopied} adds up the rows PostgreSQL reports each COPY wrote. */
    CopyLoader(String url, Properties properties, String copySql, ColumnEncoding[] encodings, LongAccumulator rowsCopied) {
        this.url = url;
        this.properties = properties;
        this.copySql = copySql;
        this.encodings = encodings;
        this.rowsCopied = rowsCopied;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        try (Connection c = DriverManager.getConnection(url, properties)) {
            CopyIn copy = new CopyManager(c.unwrap(BaseConnection.class)).copyIn(copySql);
            try {
                StringBuilder b = new StringBuilder(FLUSH_BYTES + 4096);
                while (rows.hasNext()) {
                    Row r = rows.next();
                    for (int i = 0; i < encodings.length; i++) {
                        if (i > 0) b.append('\t');
                        CopyText.append(b, r.get(i), encodings[i]);
                    }
                    b.append('\n');
                    if (b.length() >= FLUSH_BYTES) {
                        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        b.setLength(0);
                    }
                }
                byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0) copy.writeToCopy(bytes, 0, bytes.length);
                rowsCopied.add(copy.endCopy());
            } finally {
                if (copy.isActive()) copy.cancelCopy();
            }
        }
    }
}
