package io.cutover.snapshot;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The row hash of manifest format 2: one MurmurHash3_x64_128 (seed 0) per row over a fixed
 * byte encoding of the row's values as Spark holds them internally, so that the writer (over
 * the rows as the reader produced them) and the read-back (over the rows Spark's Parquet reader
 * decoded) compute it bit for bit alike, in one pass and without Row objects.
 *
 * <p>The encoding: the column count (int32), then per column a null flag byte (0 null, 1 not
 * null) and, when not null, the value: boolean one byte (0/1); byte, short, int and date as
 * int32; long and timestamps (microseconds) as int64; float and double as their IEEE bits
 * ({@code floatToIntBits}/{@code doubleToLongBits}: -0.0 differs from 0.0, every NaN is the
 * canonical one); string (UTF-8) and binary as an int32 length and the bytes; decimal as its
 * unscaled value's two's-complement bytes with an int32 length. Integers little-endian.
 */
final class RowHash128 implements Serializable {
    static final String NAME = "murmur3_x64_128";

    private enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, BYTES_UTF8, BYTES, DECIMAL }

    private final Kind[] kinds;
    /** Per column: 1 byte, 2 short, 4 int or date (INT columns); precision and scale (DECIMAL columns). */
    private final int[] types;
    private final int[] precisions;
    private final int[] scales;
    private final int offset;

    /** Hashes the columns of {@code schema}, found in the rows from position {@code offset} on. */
    RowHash128(StructType schema, int offset) {
        this.offset = offset;
        StructField[] fields = schema.fields();
        kinds = new Kind[fields.length];
        types = new int[fields.length];
        precisions = new int[fields.length];
        scales = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            kinds[i] = kind(fields[i]);
            DataType t = fields[i].dataType();
            types[i] = t instanceof ByteType ? 1 : t instanceof ShortType ? 2 : 4;
            if (t instanceof DecimalType d) {
                precisions[i] = d.precision();
                scales[i] = d.scale();
            }
        }
    }

    private static Kind kind(StructField f) {
        DataType t = f.dataType();
        if (t instanceof BooleanType) return Kind.BOOLEAN;
        if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof DateType) return Kind.INT;
        if (t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType) return Kind.LONG;
        if (t instanceof FloatType) return Kind.FLOAT;
        if (t instanceof DoubleType) return Kind.DOUBLE;
        if (t instanceof StringType) return Kind.BYTES_UTF8;
        if (t instanceof BinaryType) return Kind.BYTES;
        if (t instanceof DecimalType) return Kind.DECIMAL;
        throw new IllegalArgumentException("column " + f.name() + ": no content checksum for type " + t.simpleString());
    }

    /** A hasher for one task: it reuses its buffer from row to row (not thread-safe). */
    Hasher newHasher() {
        return new Hasher();
    }

    final class Hasher {
        private final Murmur3x64 murmur = new Murmur3x64();
        private byte[] buf = new byte[256];
        private int len;

        /** The row's hash halves, in {@link #h1()} and {@link #h2()}. */
        void hash(InternalRow row) {
            len = 0;
            putInt(kinds.length);
            for (int i = 0; i < kinds.length; i++) {
                int at = offset + i;
                if (row.isNullAt(at)) {
                    put((byte) 0);
                    continue;
                }
                put((byte) 1);
                switch (kinds[i]) {
                    case BOOLEAN -> put((byte) (row.getBoolean(at) ? 1 : 0));
                    case INT -> putInt(intValue(row, at, i));
                    case LONG -> putLong(row.getLong(at));
                    case FLOAT -> putInt(Float.floatToIntBits(row.getFloat(at)));
                    case DOUBLE -> putLong(Double.doubleToLongBits(row.getDouble(at)));
                    case BYTES_UTF8 -> putUtf8(row.getUTF8String(at));
                    case BYTES -> putBytes(row.getBinary(at));
                    case DECIMAL -> putBytes(decimal(row, at, i).toJavaBigDecimal().unscaledValue().toByteArray());
                }
            }
            murmur.hash(buf, len, 0);
        }

        long h1() {
            return murmur.h1;
        }

        long h2() {
            return murmur.h2;
        }

        private int intValue(InternalRow row, int at, int column) {
            return switch (types[column]) {
                case 1 -> row.getByte(at);
                case 2 -> row.getShort(at);
                default -> row.getInt(at);
            };
        }

        private Decimal decimal(InternalRow row, int at, int column) {
            return row.getDecimal(at, precisions[column], scales[column]);
        }

        private void ensure(int more) {
            if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }

        private void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        private void putInt(int v) {
            ensure(4);
            buf[len] = (byte) v;
            buf[len + 1] = (byte) (v >>> 8);
            buf[len + 2] = (byte) (v >>> 16);
            buf[len + 3] = (byte) (v >>> 24);
            len += 4;
        }

        private void putLong(long v) {
            putInt((int) v);
            putInt((int) (v >>> 32));
        }

        private void putUtf8(UTF8String s) {
            int n = s.numBytes();
            putInt(n);
            ensure(n);
            s.writeToMemory(buf, Platform.BYTE_ARRAY_OFFSET + len);
            len += n;
        }

        private void putBytes(byte[] b) {
            putInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }
    }
}
