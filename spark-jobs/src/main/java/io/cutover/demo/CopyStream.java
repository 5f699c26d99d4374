package io.cutover.demo;

import io.cutover.demo.schema.Row;
import io.cutover.demo.schema.Rows;
import io.cutover.demo.schema.Timestamps;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows of one table streamed into PostgreSQL with COPY (text format) on a connection of its
 * own. The table is created in the same transaction as the COPY, so a server at
 * wal_level=minimal writes no WAL for it; a sender thread overlaps the network and server
 * work with generation.
 */
final class CopyStream implements Row, AutoCloseable {
    private static final int CHUNK_CHARS = 1 << 20;
    private static final byte[] END = new byte[0];

    private final String table;
    private final Connection connection;
    private final CopyIn copy;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
    private final Thread sender;
    private final StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 65_536);
    private volatile Throwable sendFailure;
    private long rows;
    private boolean firstField = true;

    CopyStream(PostgresServer server, String database, String table, String createStatement) {
        this.table = table;
        try {
            connection = server.connect(database);
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("SET synchronous_commit = off");
                st.execute(createStatement);
            }
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        } catch (SQLException e) {
            throw CutoverException.failure("cannot start loading " + database + "." + table + ": "
                    + PostgresServer.describe(e), e);
        }
        sender = new Thread(this::sendLoop, "copy-" + table);
        sender.setDaemon(true);
        sender.start();
    }

    String table() {
        return table;
    }

    long rows() {
        return rows;
    }

    @Override
    public CopyStream text(String value) {
        separator();
        if (value == null) {
            buffer.append("\\N");
            return this;
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return this;
    }

    @Override
    public CopyStream number(long value) {
        separator();
        buffer.append(value);
        return this;
    }

    @Override
    public CopyStream number(Long value) {
        return value == null ? nul() : number(value.longValue());
    }

    /** COPY's text format takes a JSON document as its text. */
    @Override
    public CopyStream json(String value) {
        return text(value);
    }

    @Override
    public CopyStream bool(boolean value) {
        separator();
        buffer.append(value ? 't' : 'f');
        return this;
    }

    @Override
    public CopyStream bool(Boolean value) {
        return value == null ? nul() : bool(value.booleanValue());
    }

    /** A timestamptz given as microseconds since the epoch, written in UTC. */
    @Override
    public CopyStream timestamp(long epochMicros) {
        if (epochMicros == Rows.NOW) throw new IllegalArgumentException("a bulk load has no transaction time: " + table);
        separator();
        Timestamps.appendUtc(buffer, epochMicros);
        return this;
    }

    @Override
    public CopyStream nul() {
        separator();
        buffer.append("\\N");
        return this;
    }

    @Override
    public void endRow() {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= CHUNK_CHARS) flush();
    }

    private void separator() {
        if (!firstField) buffer.append('\t');
        firstField = false;
    }

    private void flush() {
        if (buffer.length() == 0) return;
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        enqueue(bytes);
    }

    private void enqueue(byte[] bytes) {
        try {
            while (!chunks.offer(bytes, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                checkSender();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while loading " + table, e);
        }
        checkSender();
    }

    private void checkSender() {
        if (sendFailure != null) {
            String reason = sendFailure instanceof SQLException se ? PostgresServer.describe(se) : sendFailure.toString();
            throw CutoverException.failure("loading " + table + " failed: " + reason, sendFailure);
        }
    }

    private void sendLoop() {
        try {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) return;
                copy.writeToCopy(chunk, 0, chunk.length);
            }
        } catch (Throwable t) {
            sendFailure = t;
            chunks.clear();
        }
    }

    /** Ends the COPY; the transaction stays open until {@link #commit()}. */
    void finish() {
        flush();
        enqueue(END);
        try {
            sender.join();
            checkSender();
            copy.endCopy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while loading " + table, e);
        } catch (SQLException e) {
            throw CutoverException.failure("loading " + table + " failed: " + PostgresServer.describe(e), e);
        }
    }

    void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw CutoverException.failure("committing " + table + " failed: " + PostgresServer.describe(e), e);
        }
    }

    @Override
    public void close() {
        try {
            if (copy.isActive()) copy.cancelCopy();
        } catch (SQLException ignored) {
            // the connection is going away anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to save
        }
    }
}
