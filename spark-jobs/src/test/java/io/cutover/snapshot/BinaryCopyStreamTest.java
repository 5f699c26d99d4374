package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * The decoder on PostgreSQL's own binary COPY of the read query of every type: as the server
 * sends it (one message per row), and the same bytes cut into pieces that split the header,
 * lengths and values anywhere, which must decode to the same values.
 */
class BinaryCopyStreamTest {
    static ScratchDatabase db;
    static SourceTable table;
    static String copySql;

    @BeforeAll
    static void world() throws SQLException {
        db = new ScratchDatabase("copystream");
        db.execute(EveryType.TABLE, EveryType.ROWS);
        try (Connection c = db.server.connect(db.name)) {
            table = new SourceCatalog(c, db.name).resolve(List.of("every_type")).get(0);
        }
        copySql = "COPY (SELECT * FROM " + table.readQuery() + " ORDER BY id) TO STDOUT (FORMAT binary)";
    }

    private static WireType[] wire() {
        return table.columns().stream().map(WireType::of).toArray(WireType[]::new);
    }

    private static StructType schema() {
        return new StructType(table.columns().stream()
                .map(c -> DataTypes.createStructField(c.name(), WireType.storedType(c), true))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    }

    /** Every row as text, byte arrays spelled out. */
    private static List<String> decode(BinaryCopyStream.Messages messages) throws Exception {
        StructType schema = schema();
        SpecificInternalRow row = new SpecificInternalRow(schema);
        BinaryCopyStream stream = new BinaryCopyStream(messages, wire(), "every_type");
        List<String> rows = new ArrayList<>();
        while (stream.next(row)) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < schema.size(); i++) {
                DataType t = schema.fields()[i].dataType();
                Object v = row.isNullAt(i) ? null : row.get(i, t);
                b.append(v instanceof byte[] bytes ? Arrays.toString(bytes) : v instanceof Float f
                        ? Float.floatToRawIntBits(f) + "f" : v instanceof Double d ? Double.doubleToRawLongBits(d) + "d"
                        : String.valueOf(v)).append('|');
            }
            rows.add(b.toString());
        }
        assertEquals(rows.size(), stream.rows());
        return rows;
    }

    private static byte[] wholeStream() throws Exception {
        try (Connection c = db.server.connect(db.name)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SET LOCAL TIME ZONE 'UTC'; SET LOCAL intervalstyle = 'iso_8601'");
            }
            new CopyManager(c.unwrap(BaseConnection.class)).copyOut(copySql, bytes);
            c.rollback();
            return bytes.toByteArray();
        }
    }

    private static BinaryCopyStream.Messages pieces(byte[] all, int size) {
        int[] at = {0};
        return () -> {
            if (at[0] >= all.length) return null;
            byte[] piece = Arrays.copyOfRange(all, at[0], Math.min(all.length, at[0] + size));
            at[0] += piece.length;
            return piece;
        };
    }

    @Test
    void decodesTheServersMessagesAndAnySplitOfThemAlike() throws Exception {
        List<String> asSent;
        try (Connection c = db.server.connect(db.name)) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SET LOCAL TIME ZONE 'UTC'; SET LOCAL intervalstyle = 'iso_8601'");
            }
            CopyOut copy = new CopyManager(c.unwrap(BaseConnection.class)).copyOut(copySql);
            asSent = decode(copy::readFromCopy);
            c.rollback();
        }
        assertEquals(5, asSent.size());
        String first = asSent.get(0);
        assertTrue(first.startsWith("1|123456789012345678901234567890.123456789012345678901234567890|"), first);
        assertTrue(first.contains("|" + Long.MAX_VALUE + "|" + Long.MIN_VALUE + "|" + Integer.MAX_VALUE + "|"),
                "timestamptz infinity, timestamp -infinity, date infinity: " + first);
        assertTrue(first.contains("|[0, -1, 16]|"), "bytea raw: " + first);
        assertTrue(first.contains("|ab   |xyz|"), "char(5) keeps its padding: " + first);
        String third = asSent.get(2);
        assertTrue(third.contains("|" + Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) + "f|"
                + Double.doubleToRawLongBits(-0.0) + "d|"), "float4 -Infinity, float8 -0: " + third);
        assertTrue(third.contains("|Ω≈ç√∫˜µ≤≥÷ 中文 עברית|"), third);
        assertTrue(asSent.get(4).startsWith("5|null|null|"), asSent.get(4));

        byte[] all = wholeStream();
        for (int size : new int[] {1, 2, 3, 5, 11, 64, all.length}) {
            assertEquals(asSent, decode(pieces(all, size)), "pieces of " + size + " bytes");
        }
    }

    @Test
    void aStreamCutShortOrCarryingOidsIsRefused() throws Exception {
        byte[] all = wholeStream();
        IOException cut = assertThrows(IOException.class, () -> decode(pieces(Arrays.copyOf(all, all.length - 2), 7)));
        assertTrue(cut.getMessage().contains("every_type: malformed binary COPY stream: the stream ended inside tuple 6 (no trailer)"),
                cut.getMessage());
        byte[] oids = all.clone();
        oids[12] |= 1; // flags are bytes 11..14, big-endian: bit 16 is the low bit of byte 12
        IOException flagged = assertThrows(IOException.class, () -> decode(pieces(oids, 64)));
        assertTrue(flagged.getMessage().contains("tuples carry OIDs"), flagged.getMessage());
        IOException noHeader = assertThrows(IOException.class, () -> decode(pieces(Arrays.copyOfRange(all, 1, all.length), 64)));
        assertTrue(noHeader.getMessage().contains("no binary COPY signature"), noHeader.getMessage());
    }
}
