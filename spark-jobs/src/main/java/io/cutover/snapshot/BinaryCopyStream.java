package io.cutover.snapshot;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes PostgreSQL's binary COPY format straight into Spark's internal rows: the header
 * ({@code PGCOPY\n\377\r\n\0}, int32 flags, int32 extension length and the extension), then per
 * tuple an int16 field count and per field an int32 length (-1 for NULL) and the bytes, all
 * big-endian, and an int16 -1 as the trailer.
 *
 * <p>PostgreSQL sends one CopyData message per row, and the driver hands each over as a fresh
 * array, so text values point into that array instead of being copied; a value split over two
 * messages (the header may travel on its own) is joined into a new array first.
 */
final class BinaryCopyStream {
    /** The CopyData messages in order, null after the last (pgjdbc's {@code CopyOut::readFromCopy}). */
    interface Messages {
        byte[] next() throws SQLException;
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int FLAG_OIDS = 1 << 16;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Messages messages;
    private final WireType[] columns;
    private final String label;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean started;
    private boolean ended;
    private long rows;

    BinaryCopyStream(Messages messages, WireType[] columns, String label) {
        this.messages = messages;
        this.columns = columns;
        this.label = label;
    }

    /** Decodes the next tuple into {@code row}; false after the trailer. */
    boolean next(SpecificInternalRow row) throws SQLException, IOException {
        if (ended) return false;
        if (!started) {
            readHeader();
            started = true;
        }
        require(2);
        short fields = (short) SHORT.get(buf, pos);
        pos += 2;
        if (fields == -1) {
            finish();
            return false;
        }
        if (fields != columns.length) {
            throw malformed("tuple " + (rows + 1) + " has " + fields + " fields, the query selects " + columns.length);
        }
        for (int i = 0; i < columns.length; i++) {
            require(4);
            int length = (int) INT.get(buf, pos);
            pos += 4;
            if (length == -1) {
                row.setNullAt(i);
                continue;
            }
            if (length < 0) throw malformed("field " + (i + 1) + " of tuple " + (rows + 1) + " has length " + length);
            require(length);
            decode(columns[i], i, length, row);
            pos += length;
        }
        rows++;
        return true;
    }

    long rows() {
        return rows;
    }

    private void decode(WireType type, int i, int length, SpecificInternalRow row) throws IOException {
        switch (type) {
            case INT2 -> row.setShort(i, (short) SHORT.get(buf, fixed(i, length, 2)));
            case INT4 -> row.setInt(i, (int) INT.get(buf, fixed(i, length, 4)));
            case INT8 -> row.setLong(i, (long) LONG.get(buf, fixed(i, length, 8)));
            case BOOL -> row.setBoolean(i, buf[fixed(i, length, 1)] != 0);
            // The IEEE 754 bits as sent: -0, NaN and ±Infinity arrive exactly.
            case FLOAT4 -> row.setFloat(i, Float.intBitsToFloat((int) INT.get(buf, fixed(i, length, 4))));
            case FLOAT8 -> row.setDouble(i, Double.longBitsToDouble((long) LONG.get(buf, fixed(i, length, 8))));
            case TEXT -> row.update(i, UTF8String.fromBytes(buf, pos, length));
            case BYTEA -> row.update(i, Arrays.copyOfRange(buf, pos, pos + length));
        }
    }

    private int fixed(int i, int length, int expected) throws IOException {
        if (length != expected) {
            throw malformed("field " + (i + 1) + " (" + columns[i].typname + ") of tuple " + (rows + 1) + " has "
                    + length + " bytes, expected " + expected);
        }
        return pos;
    }

    private void readHeader() throws SQLException, IOException {
        require(SIGNATURE.length + 8);
        if (!Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw malformed("no binary COPY signature");
        }
        pos += SIGNATURE.length;
        int flags = (int) INT.get(buf, pos);
        if ((flags & FLAG_OIDS) != 0) throw malformed("tuples carry OIDs");
        int extension = (int) INT.get(buf, pos + 4);
        pos += 8;
        if (extension < 0) throw malformed("header extension length " + extension);
        require(extension);
        pos += extension;
    }

    /** After the trailer only the end of the COPY may follow. */
    private void finish() throws SQLException, IOException {
        ended = true;
        boolean extra = pos < buf.length;
        while (messages.next() != null) extra = true;
        if (extra) throw malformed("data after the trailer");
    }

    /** Makes {@code n} bytes available from {@code pos}, reading messages as needed. */
    private void require(int n) throws SQLException, IOException {
        while (buf.length - pos < n) {
            byte[] more = messages.next();
            if (more == null) {
                throw malformed("the stream ended " + (started ? "inside tuple " + (rows + 1) : "before the header")
                        + " (no trailer)");
            }
            if (pos == buf.length) {
                buf = more;
            } else {
                byte[] joined = new byte[buf.length - pos + more.length];
                System.arraycopy(buf, pos, joined, 0, buf.length - pos);
                System.arraycopy(more, 0, joined, buf.length - pos, more.length);
                buf = joined;
            }
            pos = 0;
        }
    }

    private IOException malformed(String what) {
        return new IOException(label + ": malformed binary COPY stream: " + what);
    }
}
