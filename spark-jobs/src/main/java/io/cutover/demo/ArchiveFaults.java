package io.cutover.demo;

import io.cutover.outcome.CutoverException;
import io.cutover.progress.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Damages a correct world of the 2025 design in known places, N of each {@link ArchiveFaultKind},
 * and says exactly where, as {@link FaultInjector} does for the 2020 one: targets in a seeded hash
 * order, never two faults on one row, and the tree faults away from the posts whose tree a column
 * fault upsets. A fault names its row by the key verify reports it under (the entity's key in the
 * 2025 mapping: the Reddit id kept in post_id / comment_id, a channel's name).
 */
final class ArchiveFaults {
    /** Per entity: its table and the key column verify reports a row under. */
    private static final Map<String, String[]> KEYS = Map.of(
            "channel", new String[] {"channels_channel", "name"},
            "post", new String[] {"channels_post", "post_id"},
            "comment", new String[] {"channels_comment", "comment_id"});

    /** A leaf: no comment names it as parent (by Reddit id, as the 2025 tree is built). */
    private static final String LEAF = "NOT EXISTS (SELECT 1 FROM channels_comment x WHERE x.parent_reddit_id = t.reddit_id)";

    private final Connection app;
    private final long seed;
    private final int perKind;
    private final NewTables stage;
    /** Rows already damaged, as "table:id". */
    private final Set<String> used = new HashSet<>();
    /** Posts (channels_post.id) whose tree a column fault upsets: the tree faults keep away from them. */
    private final Set<Long> treePosts = new HashSet<>();
    private final List<Fault> faults = new ArrayList<>();

    ArchiveFaults(Connection app, long seed, int perKind, NewTables stage) {
        this.app = app;
        this.seed = seed;
        this.perKind = perKind;
        this.stage = stage;
    }

    /** {@code progress} counts fault kinds. */
    List<Fault> inject(Progress progress) throws SQLException {
        if (perKind == 0) return List.of();
        app.setAutoCommit(false);
        TreeFaults trees = new TreeFaults(app, seed, perKind, treePosts, faults,
                List.of(new TreeFaults.Table(ArchiveSchema.TREE, ArchiveSchema.TREE, "created", "score, created", "0, NULL", "channels_post")));
        for (ArchiveFaultKind kind : ArchiveFaultKind.values()) {
            if (stage.holdsEntity(kind.tree() ? "tree" : kind.entity)) {
                if (kind.tree()) trees.inject(kind.tree);
                else column(kind);
            }
            progress.add(1);
        }
        app.commit();
        return faults;
    }

    private void column(ArchiveFaultKind kind) throws SQLException {
        switch (kind) {
            case WRONG_REDDIT_ID -> change(kind, "upper(reddit_id)", "reddit_id ~ '[a-z]'");
            case MISSING_REDDIT_ID -> change(kind, "NULL", LEAF);
            case CHANNEL_REDDIT_ID_MISSING -> change(kind, "NULL", "true");
            case WRONG_PARENT_REDDIT_ID -> {
                // A leaf reply to a reply: it now names its grandparent, while its node stays under its parent's.
                String grandparent = "(SELECT p.parent_reddit_id FROM channels_comment p WHERE p.reddit_id = t.parent_reddit_id)";
                for (long id : change(kind, grandparent, LEAF + " AND " + grandparent + " IS NOT NULL")) {
                    treePosts.add(single("SELECT post_id FROM channels_comment WHERE id = " + id));
                }
            }
            case STALE_CACHED_PLAIN_TEXT -> change(kind, "left(cached_plain_text, length(cached_plain_text) / 2)",
                    "length(cached_plain_text) >= 20");
            case ARCHIVED_ON_DIFFERS -> change(kind, "archived_on + interval '1 second'", "true");
            default -> throw new IllegalArgumentException(kind + " is a tree fault");
        }
    }

    /** Changes kind.column of N rows of kind.table chosen among {@code where}; returns their ids (the table's serial). */
    private List<Long> change(ArchiveFaultKind kind, String expression, String where) throws SQLException {
        String table = KEYS.get(kind.entity)[0], keyColumn = KEYS.get(kind.entity)[1];
        List<Long> ids = candidates(kind, table, where);
        for (long id : ids) {
            String before = value(table, kind.column, id);
            Object key = keyValue(table, keyColumn, id);
            try (PreparedStatement ps = app.prepareStatement("UPDATE " + table + " t SET " + kind.column + " = " + expression
                    + " WHERE t.id = ?")) {
                ps.setLong(1, id);
                if (ps.executeUpdate() != 1) throw new SQLException("fault injection touched no row of " + table + " " + id);
            }
            List<String> affects = new ArrayList<>();
            if (kind == ArchiveFaultKind.WRONG_PARENT_REDDIT_ID) {
                affects.add(TreeFaults.note(ArchiveSchema.TREE, "parent", false, id));
            }
            Map<String, Object> k = new LinkedHashMap<>();
            k.put(keyColumn, key);
            faults.add(new Fault(kind.id(), kind.entity, "new", table, k, kind.column, before, value(table, kind.column, id), affects));
        }
        return ids;
    }

    private List<Long> candidates(ArchiveFaultKind kind, String table, String where) throws SQLException {
        String sql = "SELECT t.id FROM " + table + " t WHERE " + where + " ORDER BY md5(t.id::text || ':" + seed + ":" + kind.id()
                + "') LIMIT " + (perKind + used.size() + 10);
        List<Long> chosen = new ArrayList<>();
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next() && chosen.size() < perKind) {
                long id = rs.getLong(1);
                if (used.add(table + ":" + id)) chosen.add(id);
            }
        }
        if (chosen.size() < perKind) {
            throw CutoverException.configuration("--faults " + perKind + " is more than this world can hold for "
                    + kind.id() + " (found " + chosen.size() + " targets); use a larger --scale or fewer faults");
        }
        return chosen;
    }

    private Object keyValue(String table, String column, long id) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    private String value(String table, String column, long id) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT " + column + "::text FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long single(String sql) throws SQLException {
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
