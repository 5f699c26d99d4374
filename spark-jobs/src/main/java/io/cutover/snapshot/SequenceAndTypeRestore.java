package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.SequenceEntry;
import io.cutover.snapshot.SnapshotManifest.TypeEntry;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The restore's part for what is not rows: enum and domain types before the tables, free-standing
 * and serial sequences before the tables (their {@code nextval} defaults need them), and after
 * the load every sequence set to the value the snapshot recorded (identity sequences come with
 * their tables), then {@code OWNED BY} its column.
 */
final class SequenceAndTypeRestore {
    private static final Set<String> SEQUENCE_TYPES = Set.of("smallint", "integer", "bigint");

    private final DatabaseEntry db;
    private final PrintStream out;
    /** schema.table of every table the snapshot holds, all of which are restored. */
    private final Set<String> tables;

    SequenceAndTypeRestore(DatabaseEntry db, PrintStream out) {
        this.db = db;
        this.out = out;
        this.tables = db.tables().stream().map(t -> t.schema() + "." + t.table()).collect(Collectors.toSet());
    }

    /** An identity column's sequence comes with its table; one whose table is not in the snapshot stands alone. */
    private boolean createdWithTable(SequenceEntry s) {
        return "identity".equals(s.ownerKind()) && tables.contains(s.ownerSchema() + "." + s.ownerTable());
    }

    /** Checks every record before anything is created; a broken one is a configuration error naming its key. */
    static void validate(Location manifest, DatabaseEntry db) {
        List<String> problems = new ArrayList<>();
        int i = 0;
        for (SequenceEntry s : db.sequencesOrNone()) {
            String at = manifest + ": database '" + db.database() + "', sequence "
                    + (s == null || s.schema() == null || s.name() == null ? "#" + (i + 1) : s.key());
            i++;
            if (s == null || s.schema() == null || s.name() == null) {
                problems.add(at + ": schema and name are required");
                continue;
            }
            if (s.dataType() == null || !SEQUENCE_TYPES.contains(s.dataType())) {
                problems.add(at + ": dataType '" + s.dataType() + "' is not one of " + new java.util.TreeSet<>(SEQUENCE_TYPES));
            }
            if (s.start() == null || s.increment() == null || s.min() == null || s.max() == null || s.cache() == null
                    || s.cycle() == null) {
                problems.add(at + ": start, increment, min, max, cache and cycle are required");
            } else if (s.increment() == 0 || s.min() > s.max()) {
                problems.add(at + ": increment " + s.increment() + ", min " + s.min() + ", max " + s.max() + " define no sequence");
            }
            if (s.lastValue() == null || s.isCalled() == null) {
                problems.add(at + ": lastValue and isCalled are required (the value recorded in the cut)");
            } else if (s.min() != null && s.max() != null && (s.lastValue() < s.min() || s.lastValue() > s.max())) {
                problems.add(at + ": lastValue " + s.lastValue() + " is outside " + s.min() + ".." + s.max());
            }
            if (s.ownerKind() != null && !Set.of("owned", "identity").contains(s.ownerKind())) {
                problems.add(at + ": ownerKind '" + s.ownerKind() + "' is not owned or identity");
            }
            if (s.ownerKind() != null && (s.ownerSchema() == null || s.ownerTable() == null || s.ownerColumn() == null)) {
                problems.add(at + ": ownerKind " + s.ownerKind() + " needs ownerSchema, ownerTable and ownerColumn");
            }
        }
        i = 0;
        for (TypeEntry t : db.typesOrNone()) {
            String at = manifest + ": database '" + db.database() + "', type "
                    + (t == null || t.schema() == null || t.name() == null ? "#" + (i + 1) : t.key());
            i++;
            if (t == null || t.schema() == null || t.name() == null) {
                problems.add(at + ": schema and name are required");
                continue;
            }
            if ("enum".equals(t.kind())) {
                if (t.labels() == null || t.labels().isEmpty() || t.labels().contains(null)) {
                    problems.add(at + ": an enum needs its labels");
                }
            } else if ("domain".equals(t.kind())) {
                if (t.baseType() == null || t.baseType().isBlank()) problems.add(at + ": a domain needs its baseType");
            } else {
                problems.add(at + ": kind '" + t.kind() + "' is not enum or domain");
            }
        }
        if (!problems.isEmpty()) throw CutoverException.configuration(String.join("\n", problems));
    }

    /** Restore never writes into an existing type or sequence. */
    void refuseExisting(Connection c, String target) throws SQLException {
        try (PreparedStatement types = c.prepareStatement("SELECT to_regtype(?) IS NOT NULL");
             PreparedStatement relations = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TypeEntry t : db.typesOrNone()) {
                if (exists(types, Sql.qualified(t.schema(), t.name()))) refuse("type " + t.key(), target);
            }
            for (SequenceEntry s : db.sequencesOrNone()) {
                if (exists(relations, Sql.qualified(s.schema(), s.name()))) refuse("sequence " + s.key(), target);
            }
        }
    }

    private static boolean exists(PreparedStatement st, String qualified) throws SQLException {
        st.setString(1, qualified);
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void refuse(String what, String target) {
        throw CutoverException.configuration(what + " already exists in database '" + target + "'; restore never "
                + "overwrites: restore into another database (--into " + db.database() + "=NEW)");
    }

    /** The schemas that types and sequences live in (tables create their own). */
    Set<String> schemas() {
        Set<String> schemas = new java.util.TreeSet<>();
        db.typesOrNone().forEach(t -> schemas.add(t.schema()));
        db.sequencesOrNone().forEach(s -> schemas.add(s.schema()));
        return schemas;
    }

    /** Types, then the sequences that are not an identity column's: everything CREATE TABLE may refer to. */
    void createBeforeTables(Connection c, String target) throws SQLException {
        for (String schema : schemas()) run(c, "CREATE SCHEMA IF NOT EXISTS " + Sql.quote(schema), target);
        for (TypeEntry t : db.typesOrNone()) run(c, createType(t), target + " type " + t.key());
        for (SequenceEntry s : db.sequencesOrNone()) {
            if (!createdWithTable(s)) run(c, createSequence(s), target + " sequence " + s.key());
        }
    }

    static String createType(TypeEntry t) {
        String name = Sql.qualified(t.schema(), t.name());
        if (t.kind().equals("enum")) {
            return "CREATE TYPE " + name + " AS ENUM (" + t.labels().stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
        }
        StringBuilder b = new StringBuilder("CREATE DOMAIN ").append(name).append(" AS ").append(t.baseType());
        if (t.defaultExpression() != null) b.append(" DEFAULT ").append(t.defaultExpression());
        if (Boolean.TRUE.equals(t.notNull())) b.append(" NOT NULL");
        if (t.checks() != null) t.checks().forEach(check -> b.append(' ').append(check));
        return b.toString();
    }

    static String createSequence(SequenceEntry s) {
        return "CREATE SEQUENCE " + Sql.qualified(s.schema(), s.name()) + " AS " + s.dataType() + " INCREMENT BY "
                + s.increment() + " MINVALUE " + s.min() + " MAXVALUE " + s.max() + " START WITH " + s.start() + " CACHE "
                + s.cache() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    /**
     * After the load: each sequence at the recorded value (the next {@code nextval} returns what
     * the source's would have), and a serial's sequence owned by its column again when that table
     * was restored.
     */
    void setAfterLoad(Connection c, String target) throws SQLException {
        int owned = 0;
        try (PreparedStatement setval = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
            for (SequenceEntry s : db.sequencesOrNone()) {
                String label = target + " sequence " + s.key();
                setval.setString(1, Sql.qualified(s.schema(), s.name()));
                setval.setLong(2, s.lastValue());
                setval.setBoolean(3, s.isCalled());
                try {
                    setval.execute();
                } catch (SQLException e) {
                    throw CutoverException.failure(label + ": setval failed: " + PostgresServer.describe(e), e);
                }
                if ("owned".equals(s.ownerKind())) {
                    if (tables.contains(s.ownerSchema() + "." + s.ownerTable())) {
                        run(c, "ALTER SEQUENCE " + Sql.qualified(s.schema(), s.name()) + " OWNED BY "
                                + Sql.qualified(s.ownerSchema(), s.ownerTable()) + "." + Sql.quote(s.ownerColumn()), label);
                        owned++;
                    } else {
                        out.println("  " + label + ": its owner " + s.ownerSchema() + "." + s.ownerTable() + "." + s.ownerColumn()
                                + " is not in the snapshot: restored without OWNED BY");
                    }
                }
            }
        }
        if (!db.sequencesOrNone().isEmpty() || !db.typesOrNone().isEmpty()) {
            out.printf("  %s: %d types, %d sequences set to their recorded values (%d owned by their column)%n", target,
                    db.typesOrNone().size(), db.sequencesOrNone().size(), owned);
        }
    }

    private static void run(Connection c, String sql, String label) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw CutoverException.failure(label + ": " + PostgresServer.describe(e) + " in: "
                    + sql.lines().findFirst().orElse(""), e);
        }
    }
}
