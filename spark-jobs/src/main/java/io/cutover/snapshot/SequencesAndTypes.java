package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.snapshot.SnapshotManifest.SequenceEntry;
import io.cutover.snapshot.SnapshotManifest.TypeEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a fallback needs beside the rows, read in the holding transaction: every sequence of the
 * backed-up schemas (definition, value, owner) and the enum and domain types the backed-up
 * columns use. A sequence's value is read after the export: sequences are not MVCC, so the value
 * is the one of this moment, at or above every id the cut holds (sequences only advance), which
 * is what a restored database must continue from.
 */
record SequencesAndTypes(List<SequenceEntry> sequences, List<TypeEntry> types) {

    static SequencesAndTypes read(Connection c, String database, List<SourceTable> tables) throws SQLException {
        TreeSet<String> schemas = tables.stream().map(SourceTable::schema).collect(Collectors.toCollection(TreeSet::new));
        return new SequencesAndTypes(sequences(c, database, schemas), types(c, tables));
    }

    private static List<SequenceEntry> sequences(Connection c, String database, TreeSet<String> schemas) throws SQLException {
        List<SequenceEntry> found = new ArrayList<>();
        if (schemas.isEmpty()) return found;
        try (PreparedStatement st = c.prepareStatement("""
                SELECT n.nspname, sc.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                       s.seqcache, s.seqcycle, own.nspname, oc.relname, oa.attname, d.deptype
                FROM pg_sequence s JOIN pg_class sc ON sc.oid = s.seqrelid JOIN pg_namespace n ON n.oid = sc.relnamespace
                LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = sc.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
                LEFT JOIN pg_class oc ON oc.oid = d.refobjid
                LEFT JOIN pg_namespace own ON own.oid = oc.relnamespace
                LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
                WHERE n.nspname = ANY (string_to_array(?, ','))
                ORDER BY 1, 2""")) {
            st.setString(1, String.join(",", schemas));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(13) == null ? null : rs.getString(13).equals("i") ? "identity" : "owned";
                    found.add(new SequenceEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), null, null,
                            rs.getString(10), rs.getString(11), rs.getString(12), kind));
                }
            }
        }
        List<SequenceEntry> withValues = new ArrayList<>();
        for (SequenceEntry s : found) {
            String qualified = Sql.qualified(s.schema(), s.name());
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + qualified)) {
                rs.next();
                withValues.add(new SequenceEntry(s.schema(), s.name(), s.dataType(), s.start(), s.increment(), s.min(),
                        s.max(), s.cache(), s.cycle(), rs.getLong(1), rs.getBoolean(2), s.ownerSchema(), s.ownerTable(),
                        s.ownerColumn(), s.ownerKind()));
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw CutoverException.configuration("permission denied: the user cannot read sequence " + database + "."
                            + s.key() + " (GRANT SELECT ON SEQUENCE, or leave its schema out)");
                }
                throw e;
            }
        }
        return withValues;
    }

    /**
     * Enum and domain types of the backed-up columns (and of arrays' elements), with the types
     * those domains are built on, in creation order (enums first, then domains by oid) so a
     * restore can create them in turn.
     */
    private static List<TypeEntry> types(Connection c, List<SourceTable> tables) throws SQLException {
        List<TypeEntry> types = new ArrayList<>();
        if (tables.isEmpty()) return types;
        String oids = tables.stream().map(t -> Long.toString(t.oid())).collect(Collectors.joining(","));
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                WITH RECURSIVE used(oid) AS (
                    SELECT DISTINCT CASE WHEN t.typelem <> 0 AND t.typcategory = 'A' THEN t.typelem ELSE t.oid END
                    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                    WHERE a.attrelid = ANY (string_to_array(?, ',')::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
                  UNION
                    SELECT CASE WHEN b.typelem <> 0 AND b.typcategory = 'A' THEN b.typelem ELSE b.oid END
                    FROM used u JOIN pg_type t ON t.oid = u.oid JOIN pg_type b ON b.oid = t.typbasetype
                    WHERE t.typtype = 'd')
                SELECT t.oid, n.nspname, t.typname, t.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                       t.typdefault
                FROM used u JOIN pg_type t ON t.oid = u.oid JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('e', 'd')
                ORDER BY t.typtype = 'd', t.oid""")) {
            st.setString(1, oids);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), rs.getString(7)});
                }
            }
        }
        for (Object[] r : rows) {
            long oid = (Long) r[0];
            if ("e".equals(r[3])) {
                types.add(new TypeEntry((String) r[1], (String) r[2], "enum",
                        strings(c, "SELECT enumlabel FROM pg_enum WHERE enumtypid = ?::oid ORDER BY enumsortorder", oid),
                        null, null, null, null));
            } else {
                types.add(new TypeEntry((String) r[1], (String) r[2], "domain", null, (String) r[4], (Boolean) r[5],
                        (String) r[6], strings(c, "SELECT 'CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)"
                                + " FROM pg_constraint WHERE contypid = ?::oid AND contype = 'c' ORDER BY conname", oid)));
            }
        }
        return types;
    }

    private static List<String> strings(Connection c, String sql, long oid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return List.copyOf(out);
    }
}
