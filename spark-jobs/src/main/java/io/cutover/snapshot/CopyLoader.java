package io.cutover.snapshot;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Loads one Spark partition into a table with COPY FROM STDIN (text format): each task streams
 * its rows on its own connection, much faster than INSERTs. It reads Spark's internal rows as
 * the Parquet reader decoded them (text stays UTF-8 bytes, timestamps and dates their integers),
 * hashes each whole row for the content checksum when asked, and writes the COPY text straight
 * into bytes. Connection properties travel to the executors the same way Spark's own JDBC
 * writer sends them.
 */
final class CopyLoader implements Serializable {
    private static final int FLUSH_BYTES = 1 << 20;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String label;
    private final String url;
    private final Properties properties;
    private final String copySql;
    private final int[] positions;
    private final DataType[] types;
    private final ColumnEncoding[] encodings;
    private final RowHash128 hash;

    /**
     * Copies into the table {@code label} names the row positions {@code positions} (of Spark types {@code types}), in that order;
     * hashing every whole row by {@code hash} unless it is null.
     */
    CopyLoader(String label, String url, Properties properties, String copySql, int[] positions, DataType[] types,
               ColumnEncoding[] encodings, RowHash128 hash) {
        this.label = label;
        this.url = url;
        this.properties = properties;
        this.copySql = copySql;
        this.positions = positions;
        this.types = types;
        this.encodings = encodings;
        this.hash = hash;
    }

    /**
     * What one partition's COPY did: the rows PostgreSQL says it wrote, and the rows decoded from
     * the files with the wrapping sums of their hashes (zero unless a hash was asked for).
     */
    record Copied(int table, long rowsCopied, long rowsDecoded, long lane1, long lane2) implements Serializable {}

    /**
     * The load of each partition, which yields one {@link Copied}; {@code table} names the table
     * among those loaded side by side in one Spark job.
     */
    FlatMapFunction<Iterator<InternalRow>, Copied> load(int table) {
        return rows -> {
            try {
                return List.of(copy(rows, table)).iterator();
            } catch (Exception e) {
                // Several tables may load in one job: the failure names its own. The cause is kept
                // aside, not chained, so that what the user reads begins with the table.
                IllegalStateException named = new IllegalStateException(label + ": COPY failed: " + SnapshotJob.reason(e));
                named.addSuppressed(e);
                throw named;
            }
        };
    }

    private Copied copy(Iterator<InternalRow> rows, int table) throws Exception {
        RowHash128.Hasher hasher = hash == null ? null : hash.newHasher();
        long decoded = 0, lane1 = 0, lane2 = 0;
        try (Connection c = DriverManager.getConnection(url, properties)) {
            SnapshotRestore.forRestore(c);
            CopyIn copy = new CopyManager(c.unwrap(BaseConnection.class)).copyIn(copySql);
            try {
                Text b = new Text(FLUSH_BYTES + 4096);
                while (rows.hasNext()) {
                    InternalRow r = rows.next();
                    decoded++;
                    if (hasher != null) {
                        hasher.hash(r);
                        lane1 += hasher.h1();
                        lane2 += hasher.h2();
                    }
                    for (int i = 0; i < positions.length; i++) {
                        if (i > 0) b.put((byte) '\t');
                        append(b, r, i);
                    }
                    b.put((byte) '\n');
                    if (b.len >= FLUSH_BYTES) {
                        copy.writeToCopy(b.bytes, 0, b.len);
                        b.len = 0;
                    }
                }
                if (b.len > 0) copy.writeToCopy(b.bytes, 0, b.len);
                long written = copy.endCopy();
                return new Copied(table, written, decoded, lane1, lane2);
            } finally {
                if (copy.isActive()) copy.cancelCopy();
            }
        }
    }

    /** One value as COPY's text format reads it back: the same text {@link CopyText} gives. */
    private void append(Text b, InternalRow r, int column) {
        int at = positions[column];
        if (r.isNullAt(at)) {
            b.put(NULL);
            return;
        }
        DataType t = types[column];
        switch (encodings[column]) {
            case TIMESTAMPTZ_MICROS -> b.ascii(s -> CopyText.timestamp(s, r.getLong(at), true));
            case TIMESTAMP_MICROS -> b.ascii(s -> CopyText.timestamp(s, r.getLong(at), false));
            case DATE_DAYS -> b.ascii(s -> CopyText.date(s, r.getInt(at)));
            default -> {
                if (t instanceof StringType) b.escaped(r.getUTF8String(at));
                else if (t instanceof BinaryType) b.hex(r.getBinary(at));
                else if (t instanceof BooleanType) b.put((byte) (r.getBoolean(at) ? 't' : 'f'));
                else if (t instanceof LongType) b.ascii(Long.toString(r.getLong(at)));
                else if (t instanceof IntegerType) b.ascii(Integer.toString(r.getInt(at)));
                else if (t instanceof ShortType) b.ascii(Short.toString(r.getShort(at)));
                else if (t instanceof ByteType) b.ascii(Byte.toString(r.getByte(at)));
                // NaN, Infinity and the shortest decimal that reads back to the same bits.
                else if (t instanceof FloatType) b.ascii(Float.toString(r.getFloat(at)));
                else if (t instanceof DoubleType) b.ascii(Double.toString(r.getDouble(at)));
                else if (t instanceof DecimalType d) b.ascii(r.getDecimal(at, d.precision(), d.scale()).toJavaBigDecimal().toString());
                else throw new IllegalArgumentException("no COPY text for a stored " + t.simpleString());
            }
        }
    }

    /** The COPY text of a batch of rows, as bytes (UTF-8). */
    private static final class Text {
        private byte[] bytes;
        private int len;
        private final StringBuilder scratch = new StringBuilder(40);

        Text(int capacity) {
            bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (len + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + more));
        }

        void put(byte x) {
            ensure(1);
            bytes[len++] = x;
        }

        void put(byte[] x) {
            ensure(x.length);
            System.arraycopy(x, 0, bytes, len, x.length);
            len += x.length;
        }

        /** Text that is ASCII (numbers, dates, timestamps), written a char a byte. */
        void ascii(CharSequence s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) bytes[len++] = (byte) s.charAt(i);
        }

        void ascii(java.util.function.Consumer<StringBuilder> format) {
            scratch.setLength(0);
            format.accept(scratch);
            ascii(scratch);
        }

        /**
         * UTF-8 text with COPY's escapes. Backslash, newline, carriage return and tab are single
         * bytes that never occur inside a multi-byte UTF-8 sequence, so the bytes are escaped as
         * they are, with no decoding.
         */
        void escaped(UTF8String s) {
            byte[] src = s.getBytes();
            ensure(2 * src.length);
            for (byte x : src) {
                switch (x) {
                    case '\\' -> { bytes[len++] = '\\'; bytes[len++] = '\\'; }
                    case '\n' -> { bytes[len++] = '\\'; bytes[len++] = 'n'; }
                    case '\r' -> { bytes[len++] = '\\'; bytes[len++] = 'r'; }
                    case '\t' -> { bytes[len++] = '\\'; bytes[len++] = 't'; }
                    default -> bytes[len++] = x;
                }
            }
        }

        /** bytea's hex input form, its backslash escaped for COPY: {@code \\x0a1b}. */
        void hex(byte[] b) {
            ensure(3 + 2 * b.length);
            bytes[len++] = '\\';
            bytes[len++] = '\\';
            bytes[len++] = 'x';
            for (byte x : b) {
                bytes[len++] = HEX[(x >> 4) & 0xf];
                bytes[len++] = HEX[x & 0xf];
            }
        }
    }
}
