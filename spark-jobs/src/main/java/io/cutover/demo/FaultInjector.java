package io.cutover.demo;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Damages a correct world in known places, N of each {@link FaultKind}, and says exactly
 * where. Targets are picked by a seeded hash order (deterministic, no full sort in Java) and
 * never overlap, so each fault is one difference a verifier must find.
 */
final class FaultInjector {
    private final Connection app;
    private final long seed;
    private final int perKind;
    private final Set<Long> usedPosts = new HashSet<>();
    private final Set<Long> usedComments = new HashSet<>();
    /** Posts whose trees a fault in discussions_comment upsets: the tree faults keep away from them. */
    private final Set<Long> treePosts = new HashSet<>();
    private final List<Fault> faults = new ArrayList<>();
    /** How far the silo order has filled the new tables: faults go only into entities already there. */
    private final NewTables stage;

    FaultInjector(Connection app, long seed, int perKind, NewTables stage) {
        this.app = app;
        this.seed = seed;
        this.perKind = perKind;
        this.stage = stage;
    }

    /** One fault kind's changes to the new tables. */
    private interface Step {
        void run() throws SQLException;
    }

    /** {@code progress} counts fault kinds, one per {@link FaultKind}: on the large world each takes seconds. */
    List<Fault> inject(Path voteExport, long voteLines, Progress progress) throws SQLException, IOException {
        if (perKind == 0) return List.of();
        app.setAutoCommit(false);
        Map<FaultKind, Step> steps = new LinkedHashMap<>();
        steps.put(FaultKind.MISSING_IN_NEW, this::missingInNew);
        steps.put(FaultKind.EXTRA_IN_NEW, this::extraInNew);
        steps.put(FaultKind.CHANGED_TEXT, () -> changeComment(FaultKind.CHANGED_TEXT, "text", "text || ' [sic]'", "true"));
        steps.put(FaultKind.CHANGED_TITLE, () -> changePost(FaultKind.CHANGED_TITLE, "title", "title || ' (updated)'", "true"));
        steps.put(FaultKind.CHANGED_URL, () -> changePost(FaultKind.CHANGED_URL, "url", "replace(url, 'https://', 'http://')",
                "url LIKE 'https://%'"));
        steps.put(FaultKind.CHANGED_SCORE, () -> changePost(FaultKind.CHANGED_SCORE, "score", "score + 1", "true"));
        steps.put(FaultKind.CHANGED_FLAG, () -> changeComment(FaultKind.CHANGED_FLAG, "removed", "NOT removed", "true"));
        steps.put(FaultKind.TIMESTAMP_SHIFTED, () -> changePost(FaultKind.TIMESTAMP_SHIFTED, "created_on",
                "created_on + interval '1 hour'", "true"));
        steps.put(FaultKind.TIMESTAMP_TRUNCATED, () -> changeComment(FaultKind.TIMESTAMP_TRUNCATED, "created_on",
                "date_trunc('second', created_on)", "date_trunc('second', created_on) <> created_on AND " + KEEPS_SIBLING_ORDER));
        steps.put(FaultKind.WRONG_CHANNEL, () -> changePost(FaultKind.WRONG_CHANNEL, "channel_id",
                "(SELECT min(c.id) FROM discussions_channel c WHERE c.id <> t.channel_id)", "true"));
        steps.put(FaultKind.WRONG_POST, this::wrongPost);
        steps.put(FaultKind.TOPLEVEL_GIVEN_PARENT, this::topLevelGivenParent);
        steps.put(FaultKind.NULL_VS_EMPTY, () -> changePost(FaultKind.NULL_VS_EMPTY, "text", "''", "text IS NULL"));
        steps.put(FaultKind.UNICODE_NFD, () -> changePost(FaultKind.UNICODE_NFD, "title", "normalize(title, NFD)",
                "normalize(title, NFD) <> title"));
        steps.put(FaultKind.MISSING_IN_OLD, this::missingInOld);
        TreeFaults trees = new TreeFaults(app, seed, perKind, treePosts, faults);
        for (FaultKind kind : FaultKind.values()) if (kind.tree()) steps.put(kind, () -> trees.inject(kind));
        for (Map.Entry<FaultKind, Step> step : steps.entrySet()) {
            if (stage.holdsEntity(step.getKey().entity)) step.getValue().run();
            progress.add(1);
        }
        app.commit();
        if (stage.holdsEntity(FaultKind.DUPLICATE_VOTE_EXPORT.entity)) duplicateVotes(voteExport, voteLines);
        progress.add(1);
        return faults;
    }

    // ---- choosing targets ---------------------------------------------------------------

    private List<Long> candidates(FaultKind kind, String table, String where, Set<Long> used) throws SQLException {
        String sql = "SELECT t.id FROM " + table + " t WHERE " + where
                + " ORDER BY md5(t.id::text || ':" + seed + ":" + kind.id() + "') LIMIT " + (perKind + used.size() + 10);
        List<Long> chosen = new ArrayList<>();
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next() && chosen.size() < perKind) {
                long id = rs.getLong(1);
                if (used.add(id)) chosen.add(id);
            }
        }
        if (chosen.size() < perKind) {
            throw CutoverException.configuration("--faults " + perKind + " is more than this world can hold for "
                    + kind.id() + " (found " + chosen.size() + " targets); use a larger --scale or fewer faults");
        }
        return chosen;
    }

    /**
     * No sibling within the second a truncation takes off: the trees sorted by time keep their
     * order, and the fault breaks only their sort_key (an equality join, so the server can hash it).
     */
    private static final String KEEPS_SIBLING_ORDER = "NOT EXISTS (SELECT 1 FROM discussions_comment s"
            + " WHERE s.post_id = t.post_id AND coalesce(s.parent_id, 0) = coalesce(t.parent_id, 0) AND s.id <> t.id"
            + " AND s.created_on >= date_trunc('second', t.created_on) AND s.created_on <= t.created_on)";

    private static final String LEAF = "NOT EXISTS (SELECT 1 FROM discussions_comment x WHERE x.parent_id = t.id)";

    private String value(String table, String column, long id) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT " + column + "::text FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long postOfComment(long commentId) throws SQLException {
        return Long.parseLong(value("discussions_comment", "post_id", commentId));
    }

    private void record(FaultKind kind, String keyColumn, Object key, String before, String after, List<String> affects) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put(keyColumn, key);
        faults.add(new Fault(kind.id(), kind.entity, kind.source(), kind.table, k, kind.column, before, after, reachable(affects)));
    }

    /** The notes about checks the stage can make: no tree is checked while the trees are empty. */
    private List<String> reachable(List<String> affects) {
        if (stage.holdsEntity(TreeFaults.ENTITY)) return affects;
        List<String> kept = new ArrayList<>();
        for (String note : affects) if (TreeFaults.reportedRow(note) == null) kept.add(note);
        return kept;
    }

    // ---- the faults -----------------------------------------------------------------------

    private void changePost(FaultKind kind, String column, String expression, String where) throws SQLException {
        for (long id : candidates(kind, "discussions_post", where, usedPosts)) {
            String before = value("discussions_post", column, id);
            update("UPDATE discussions_post t SET " + column + " = " + expression + " WHERE t.id = ?", id);
            List<String> affects = kind == FaultKind.CHANGED_SCORE ? List.of("post score vs its up-votes") : List.of();
            record(kind, "id", id, before, value("discussions_post", column, id), affects);
        }
    }

    private void changeComment(FaultKind kind, String column, String expression, String where) throws SQLException {
        for (long id : candidates(kind, "discussions_comment", where, usedComments)) {
            String before = value("discussions_comment", column, id);
            update("UPDATE discussions_comment t SET " + column + " = " + expression + " WHERE t.id = ?", id);
            // The trees sorted by created_on still hold the old time.
            List<String> affects = new ArrayList<>();
            if (column.equals("created_on")) {
                treePosts.add(postOfComment(id));
                for (CommentTrees.Tree t : CommentTrees.Tree.values()) {
                    if (t.sortColumn.equals("created")) affects.add(TreeFaults.note(t, "sort_key", false, id));
                }
            }
            record(kind, "id", id, before, value("discussions_comment", column, id), affects);
        }
    }

    private void missingInNew() throws SQLException {
        for (long id : candidates(FaultKind.MISSING_IN_NEW, "discussions_comment", LEAF, usedComments)) {
            long post = postOfComment(id);
            update("DELETE FROM discussions_comment WHERE id = ?", id);
            treePosts.add(post);
            List<String> affects = new ArrayList<>(List.of("num_comments of post " + post));
            affects.addAll(TreeFaults.inEveryTree("node_extra", false, id));   // its nodes stay, for no comment
            record(FaultKind.MISSING_IN_NEW, "id", id, "present", null, affects);
        }
    }

    private void extraInNew() throws SQLException {
        long base;
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM discussions_post")) {
            rs.next();
            base = rs.getLong(1) + 1000;
        }
        int n = 0;
        for (long source : candidates(FaultKind.EXTRA_IN_NEW, "discussions_post", "true", new HashSet<>(usedPosts))) {
            long id = base + n++;
            // A copy of a real post under an id Reddit never issued, with no comments and no votes.
            update("INSERT INTO discussions_post (id, created_on, updated_on, channel_id, author_id, post_type, title,"
                    + " text, url, plain_text, score, num_comments, edited, removed, deleted, reports_ignored)"
                    + " SELECT " + id + ", created_on, updated_on, channel_id, author_id, post_type, title, text, url,"
                    + " plain_text, 0, 0, edited, removed, deleted, reports_ignored FROM discussions_post WHERE id = ?", source);
            usedPosts.add(id);
            record(FaultKind.EXTRA_IN_NEW, "id", id, null, "present (copy of post " + source + ")",
                    TreeFaults.inEveryTree("root", true, id));   // a post no tree has a root for
        }
    }

    private void wrongPost() throws SQLException {
        for (long id : candidates(FaultKind.WRONG_POST, "discussions_comment", LEAF, usedComments)) {
            long before = postOfComment(id);
            boolean topLevel = value("discussions_comment", "parent_id", id) == null;
            update("UPDATE discussions_comment SET post_id = (SELECT min(p.id) FROM discussions_post p WHERE p.id <> "
                    + before + ") WHERE id = ?", id);
            long after = postOfComment(id);
            treePosts.add(before);
            treePosts.add(after);
            // Its nodes stay on the first post; at top level, under that post's root rather than the new one's.
            List<String> affects = new ArrayList<>(List.of("num_comments of post " + before, "num_comments of post " + after));
            affects.addAll(TreeFaults.inEveryTree("post", false, id));
            if (topLevel) affects.addAll(TreeFaults.inEveryTree("parent", false, id));
            record(FaultKind.WRONG_POST, "id", id, Long.toString(before), Long.toString(after), affects);
        }
    }

    private void topLevelGivenParent() throws SQLException {
        String where = "t.parent_id IS NULL AND EXISTS (SELECT 1 FROM discussions_comment o"
                + " WHERE o.post_id = t.post_id AND o.id < t.id)";
        for (long id : candidates(FaultKind.TOPLEVEL_GIVEN_PARENT, "discussions_comment", where, usedComments)) {
            update("UPDATE discussions_comment t SET parent_id = (SELECT min(o.id) FROM discussions_comment o"
                    + " WHERE o.post_id = t.post_id AND o.id < t.id) WHERE t.id = ?", id);
            treePosts.add(postOfComment(id));
            record(FaultKind.TOPLEVEL_GIVEN_PARENT, "id", id, null, value("discussions_comment", "parent_id", id),
                    TreeFaults.inEveryTree("parent", false, id));   // its nodes stay under the post's root
        }
    }

    private void missingInOld() throws SQLException {
        for (long id : candidates(FaultKind.MISSING_IN_OLD, "discussions_comment", LEAF, usedComments)) {
            update("DELETE FROM channels_comment WHERE comment_id = ?", id);
            record(FaultKind.MISSING_IN_OLD, "comment_id", id, "present", null,
                    List.of("num_comments of post " + postOfComment(id) + " in the old mirror"));
        }
    }

    private void update(String sql, long id) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            ps.setLong(1, id);
            int n = ps.executeUpdate();
            if (n != 1) throw new SQLException("fault injection touched " + n + " rows: " + sql);
        }
    }

    /**
     * Repeats chosen vote lines of the export right after themselves, as a re-run export would.
     * {@code voteLines} counts the votes, not the cleared ones (direction 0): a repeated "no vote"
     * still says no vote, which is no difference to find.
     */
    private void duplicateVotes(Path export, long voteLines) throws IOException {
        SplittableRandom r = KeyedRandom.of(seed, 99, FaultKind.DUPLICATE_VOTE_EXPORT.ordinal());
        TreeSet<Long> lines = new TreeSet<>();
        if (voteLines < perKind) {
            throw CutoverException.configuration("--faults " + perKind + " is more than the vote export's " + voteLines + " lines");
        }
        while (lines.size() < perKind) lines.add(1 + r.nextLong(voteLines)); // the votes' numbers, from 1
        Path tmp = export.resolveSibling(export.getFileName() + ".tmp");
        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            long vote = 0;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                // voter,thing,direction,date: a cleared vote's direction is 0
                boolean isVote = n > 0 && !line.regionMatches(line.lastIndexOf(',') - 2, ",0", 0, 2);
                if (isVote && lines.contains(++vote)) {
                    out.write(line);
                    out.write('\n');
                    String[] f = line.split(",", -1);
                    Map<String, Object> key = new LinkedHashMap<>();
                    key.put("voter", f[0]);
                    key.put("thing", f[1]);
                    faults.add(new Fault(FaultKind.DUPLICATE_VOTE_EXPORT.id(), "vote", "vote_export",
                            export.getFileName().toString(), key, null, "1 line (line " + (n + 1) + ")", "2 lines",
                            List.of()));
                }
                n++;
            }
        }
        Files.move(tmp, export, StandardCopyOption.REPLACE_EXISTING);
    }
}
