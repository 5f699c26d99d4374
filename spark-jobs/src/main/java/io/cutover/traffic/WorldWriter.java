package io.cutover.traffic;

import io.cutover.mapping.RedditPickle;
import io.cutover.traffic.OperationPlanner.Fate;
import io.cutover.traffic.Operation.CastVote;
import io.cutover.traffic.Operation.EditText;
import io.cutover.traffic.Operation.EditTitle;
import io.cutover.traffic.Operation.Flag;
import io.cutover.traffic.Operation.NewComment;
import io.cutover.traffic.Operation.NewPost;
import io.cutover.traffic.WorldState.Comment;
import io.cutover.traffic.WorldState.Post;
import io.cutover.traffic.WorldState.Thing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The SQL of each write, as open-discussions' channels/api.py makes it during the migration:
 * the Reddit backend first, committed on its own (a Reddit write cannot be rolled back), the vote
 * appended to the export as the export job would, then the channels_* mirror and the
 * discussions_* tables in one transaction. A lost dual write commits the mirror without the new
 * tables; a damaged one writes the new tables with the damaged values. Every row written gets
 * updated_on = now() (the same instant for the mirror and the new tables: one transaction);
 * created_on and vote dates are the instant Reddit recorded.
 */
final class WorldWriter implements AutoCloseable {
    private static final DateTimeFormatter EXPORT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Connection reddit;
    private final Connection app;
    private final FileChannel export;
    private final CommentTreeRebuild trees;
    private final SequenceFloor redditSequences;
    private final SequenceFloor appSequences;

    /** {@code reddit} and {@code export} are null in phase new-only: the old writes are cut. */
    WorldWriter(Connection reddit, Connection app, Path voteExport) throws SQLException, IOException {
        this.reddit = reddit;
        this.app = app;
        this.export = voteExport == null ? null : FileChannel.open(voteExport, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (reddit != null) reddit.setAutoCommit(false);
        app.setAutoCommit(false);
        this.redditSequences = reddit == null ? null : new SequenceFloor(reddit);
        this.appSequences = new SequenceFloor(app);
        this.trees = new CommentTreeRebuild(app, appSequences);
    }

    // ---- the Reddit backend and the vote export ---------------------------------------------

    /** Reddit's part of the write, committed, and the vote it records appended to the export. */
    void writeReddit(Operation op, Instant at, Instant voteAt) throws SQLException, IOException {
        if (op instanceof NewPost p) {
            Post post = p.post();
            thing("reddit_thing_link", post.id, at);
            data("link", post.id, "title", p.title(), "str", false);
            data("link", post.id, "url", p.redditUrl(), "str", false);
            if (p.text() != null && !p.text().isEmpty()) data("link", post.id, "selftext", p.text(), "str", false);
            data("link", post.id, "is_self", post.type.equals("link") ? "f" : "t", "bool", false);
            data("link", post.id, "author_id", Long.toString(post.author.accountId()), "num", false);
            data("link", post.id, "sr_id", Long.toString(post.channel.subredditId()), "num", false);
            data("link", post.id, "num_comments", "0", "num", false);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            thing("reddit_thing_comment", comment.id, at);
            data("comment", comment.id, "body", c.text(), "str", false);
            data("comment", comment.id, "link_id", Long.toString(comment.post.id), "num", false);
            if (comment.parent != null) data("comment", comment.id, "parent_id", Long.toString(comment.parent.id), "num", false);
            data("comment", comment.id, "author_id", Long.toString(comment.author.accountId()), "num", false);
            data("comment", comment.id, "sr_id", Long.toString(comment.post.channel.subredditId()), "num", false);
            data("link", comment.post.id, "num_comments", Integer.toString(c.numComments()), "num", true);
        } else if (op instanceof EditText t) {
            String type = type(t.thing());
            data(type, t.thing().id, t.thing().isPost() ? "selftext" : "body", t.text(), "str", true);
            data(type, t.thing().id, "editted", RedditPickle.encodeDatetime(at), "pickle", true);
        } else if (op instanceof EditTitle t) {
            data("link", t.post().id, "title", t.title(), "str", true);
            data("link", t.post().id, "editted", RedditPickle.encodeDatetime(at), "pickle", true);
        } else if (op instanceof Flag f) {
            update(reddit, "UPDATE reddit_thing_" + type(f.thing()) + " SET " + (f.removal() ? "spam" : "deleted")
                    + " = true WHERE thing_id = ?", f.thing().id);
        } else if (op instanceof CastVote v) {
            try (PreparedStatement ps = reddit.prepareStatement("UPDATE reddit_thing_" + type(v.thing())
                    + " SET ups = ?, downs = ? WHERE thing_id = ?")) {
                ps.setInt(1, v.ups());
                ps.setInt(2, v.downs());
                ps.setLong(3, v.thing().id);
                one(ps, "reddit_thing_" + type(v.thing()), v.thing().id);
            }
        }
        reddit.commit();
        appendVote(op, voteAt);
    }

    private void appendVote(Operation op, Instant voteAt) throws IOException {
        String line = null;
        if (op instanceof NewPost p) {
            line = line(p.post(), p.post().author.name(), 1, voteAt);
        } else if (op instanceof NewComment c) {
            line = line(c.comment(), c.comment().author.name(), 1, voteAt);
        } else if (op instanceof CastVote v) {
            line = line(v.thing(), v.voter().name(), v.direction(), voteAt);
        }
        if (line == null) return;
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) export.write(bytes);
    }

    private static String line(Thing t, String voter, int direction, Instant date) {
        return voter + "," + t.fullname() + "," + direction + "," + EXPORT_DATE.format(date) + "\n";
    }

    /**
     * The instant of the vote a write records, in Cassandra's milliseconds and after every earlier
     * action on the same (voter, thing): the export is a change log whose latest line wins, so two
     * must never tie. Null for a write that records no vote. Called once per write, in order.
     */
    static Instant voteInstant(Operation op, Instant at) {
        WorldState.Vote vote = null;
        if (op instanceof CastVote v) vote = v.vote();
        else if (op instanceof NewPost p) vote = p.post().votes.get(p.post().author);
        else if (op instanceof NewComment c) vote = c.comment().votes.get(c.comment().author);
        if (vote == null) return null;
        vote.lastMillis = Math.max(at.toEpochMilli(), vote.lastMillis + 1);
        return Instant.ofEpochMilli(vote.lastMillis);
    }

    // ---- the app database: the mirror and the new tables in one transaction -------------------

    void writeApp(Operation op, Fate fate, Instant at, Instant voteAt) throws SQLException {
        if (fate != Fate.NEW_ONLY) writeMirror(op, at);
        if (fate != Fate.LOST) writeNew(op, fate == Fate.DAMAGED, at, voteAt);
        app.commit();
    }

    private void writeMirror(Operation op, Instant at) throws SQLException {
        if (op instanceof NewPost p) {
            Post post = p.post();
            insert("INSERT INTO channels_post (id, created_on, updated_on, channel_id, author_id, post_id, post_type, title,"
                    + " text, preview_text, url, score, num_comments, edited, removed, deleted, exclude_from_frontpage_emails)"
                    + " VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, false, false, false, false)",
                    post.mirrorId, time(at), post.channel.oldId(), post.author.authId(), post.id, post.type, p.title(), p.text(),
                    p.preview(), p.url());
            appSequences.raise("channels_post", "id", post.mirrorId);
            if (p.article() != null) {
                insert("INSERT INTO channels_article (id, created_on, updated_on, post_id, author_id, content, cover_image)"
                        + " VALUES (?, now(), now(), ?, ?, CAST(? AS jsonb), NULL)", p.articleId(), post.mirrorId,
                        post.author.authId(), p.article());
                appSequences.raise("channels_article", "id", p.articleId());
            }
            if (p.url() != null) {
                insert("INSERT INTO channels_linkmeta (id, created_on, updated_on, url, thumbnail) VALUES (?, now(), now(), ?, NULL)"
                        + " ON CONFLICT (url) DO NOTHING", p.linkMetaId(), p.url());
                appSequences.raise("channels_linkmeta", "id", p.linkMetaId());
            }
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            // The mirror keeps the Reddit parent with its prefix lost: the post's Reddit id for a top-level comment.
            insert("INSERT INTO channels_comment (id, created_on, updated_on, post_id, author_id, comment_id, parent_id, text,"
                    + " score, edited, removed, deleted) VALUES (?, ?, now(), ?, ?, ?, ?, ?, 1, false, false, false)",
                    c.mirrorId(), time(at), comment.post.mirrorId, comment.author.authId(), comment.id,
                    comment.parent == null ? comment.post.id : comment.parent.id, c.text());
            appSequences.raise("channels_comment", "id", c.mirrorId());
            set("channels_post", "post_id", comment.post.id, "num_comments = ?", c.numComments());
        } else if (op instanceof EditText t) {
            set(mirror(t.thing()), mirrorKey(t.thing()), t.thing().id, "text = ?, edited = true", t.text());
        } else if (op instanceof EditTitle t) {
            set("channels_post", "post_id", t.post().id, "title = ?, edited = true", t.title());
        } else if (op instanceof Flag f) {
            set(mirror(f.thing()), mirrorKey(f.thing()), f.thing().id, (f.removal() ? "removed" : "deleted") + " = true");
        } else if (op instanceof CastVote v) {
            // the mirror's score is Reddit's ups, synced by the write
            set(mirror(v.thing()), mirrorKey(v.thing()), v.thing().id, "score = ?", v.ups());
        }
    }

    private void writeNew(Operation op, boolean damaged, Instant at, Instant voteAt) throws SQLException {
        writeNewRows(op, damaged, at, voteAt);
        // The comment trees follow the comments in the same transaction: a new post's roots, a new
        // comment's nodes, a comment's new score (the best-first tree orders by it).
        if (op instanceof NewPost p) trees.post(p.post().id);
        else if (op instanceof NewComment c) trees.post(c.comment().post.id);
        else if (op instanceof CastVote v && v.thing() instanceof Comment comment) trees.post(comment.post.id);
    }

    private void writeNewRows(Operation op, boolean damaged, Instant at, Instant voteAt) throws SQLException {
        if (op instanceof NewPost p) {
            Post post = p.post();
            insert("INSERT INTO discussions_post (id, created_on, updated_on, channel_id, author_id, post_type, title, text, url,"
                    + " plain_text, score, num_comments, edited, removed, deleted, reports_ignored)"
                    + " VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, 1, 0, false, false, false, false)",
                    post.id, time(at), post.channel.newId(), post.author.authId(), post.type.equals("self") ? "text" : post.type,
                    damaged ? p.damagedTitle() : p.title(), p.text(), p.url(), p.plainText());
            appSequences.raise("discussions_post", "id", post.id);
            vote("discussions_postvote", "post_id", p.voteId(), post.id, post.author.authId(), 1, voteAt);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            insert("INSERT INTO discussions_comment (id, created_on, updated_on, post_id, parent_id, author_id, text, score,"
                    + " edited, removed, deleted, reports_ignored) VALUES (?, ?, now(), ?, ?, ?, ?, 1, false, false, false, false)",
                    comment.id, time(at), comment.post.id, comment.parent == null ? null : comment.parent.id,
                    comment.author.authId(), damaged ? c.damagedText() : c.text());
            appSequences.raise("discussions_comment", "id", comment.id);
            set("discussions_post", "id", comment.post.id, "num_comments = ?", c.numComments());
            vote("discussions_commentvote", "comment_id", c.voteId(), comment.id, comment.author.authId(), 1, voteAt);
        } else if (op instanceof EditText t) {
            String text = damaged ? t.damagedText() : t.text();
            if (t.thing().isPost()) {
                set("discussions_post", "id", t.thing().id, "text = ?, plain_text = ?, edited = true", text, OperationPlanner.plain(text));
            } else {
                set("discussions_comment", "id", t.thing().id, "text = ?, edited = true", text);
            }
        } else if (op instanceof EditTitle t) {
            set("discussions_post", "id", t.post().id, "title = ?, edited = true", damaged ? t.damagedTitle() : t.title());
        } else if (op instanceof Flag f) {
            set(fresh(f.thing()), "id", f.thing().id, (f.removal() ? "removed" : "deleted") + " = true");
        } else if (op instanceof CastVote v) {
            Thing t = v.thing();
            String table = t.isPost() ? "discussions_postvote" : "discussions_commentvote";
            String thingColumn = t.isPost() ? "post_id" : "comment_id";
            Instant when = voteAt;
            if (v.previous() == 0) {
                vote(table, thingColumn, v.voteId(), t.id, v.voter().authId(), damaged ? -v.direction() : v.direction(), when);
            } else if (v.direction() == 0) {
                // an un-vote leaves no row: the new tables hold votes, not Reddit's cleared ones
                exactlyOne("DELETE FROM " + table + " WHERE " + thingColumn + " = ? AND voter_id = ?", t.id, v.voter().authId());
            } else {
                exactlyOne("UPDATE " + table + " SET direction = ?, updated_on = ? WHERE " + thingColumn + " = ? AND voter_id = ?",
                        v.direction(), time(when), t.id, v.voter().authId());
            }
            set(fresh(t), "id", t.id, "score = ?", v.ups());
        }
    }

    private void vote(String table, String thingColumn, long id, long thingId, int voter, int direction, Instant when)
            throws SQLException {
        insert("INSERT INTO " + table + " (id, created_on, updated_on, " + thingColumn + ", voter_id, direction)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, time(when), time(when), thingId, voter, (short) direction);
        appSequences.raise(table, "id", id);
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static String type(Thing t) {
        return t.isPost() ? "link" : "comment";
    }

    private static String mirror(Thing t) {
        return t.isPost() ? "channels_post" : "channels_comment";
    }

    private static String mirrorKey(Thing t) {
        return t.isPost() ? "post_id" : "comment_id";
    }

    private static String fresh(Thing t) {
        return t.isPost() ? "discussions_post" : "discussions_comment";
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private void thing(String table, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = reddit.prepareStatement("INSERT INTO " + table
                + " (thing_id, ups, downs, deleted, spam, date) VALUES (?, 1, 0, false, false, ?)")) {
            ps.setLong(1, id);
            ps.setObject(2, time(at));
            ps.executeUpdate();
        }
        redditSequences.raise(table, "thing_id", id);
    }

    /** One key-value row; {@code replace} for a key the thing may hold already. */
    private void data(String type, long id, String key, String value, String kind, boolean replace) throws SQLException {
        try (PreparedStatement ps = reddit.prepareStatement("INSERT INTO reddit_data_" + type + " (thing_id, key, value, kind)"
                + " VALUES (?, ?, ?, ?)" + (replace ? " ON CONFLICT (thing_id, key) DO UPDATE SET value = EXCLUDED.value,"
                + " kind = EXCLUDED.kind" : ""))) {
            ps.setLong(1, id);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.setString(4, kind);
            ps.executeUpdate();
        }
    }

    private void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            one(ps, sql, id);
        }
    }

    /** UPDATE table SET assignments, updated_on = now() WHERE key = id: one row, or the world is not what we loaded. */
    private void set(String table, String keyColumn, long id, String assignments, Object... values) throws SQLException {
        Object[] all = new Object[values.length + 1];
        System.arraycopy(values, 0, all, 0, values.length);
        all[values.length] = id;
        exactlyOne("UPDATE " + table + " SET " + assignments + ", updated_on = now() WHERE " + keyColumn + " = ?", all);
    }

    private void insert(String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = bind(app.prepareStatement(sql), values)) {
            ps.executeUpdate();
        }
    }

    private void exactlyOne(String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = bind(app.prepareStatement(sql), values)) {
            one(ps, sql, values[values.length - 1]);
        }
    }

    private static void one(PreparedStatement ps, String what, Object key) throws SQLException {
        int n = ps.executeUpdate();
        if (n != 1) throw new SQLException(what + " changed " + n + " rows for " + key + ", expected 1");
    }

    private static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) ps.setNull(i + 1, java.sql.Types.NULL);
            else ps.setObject(i + 1, v);
        }
        return ps;
    }

    /** Undoes Reddit's part of a write that failed half way (the front thread's connection). */
    void rollbackReddit() {
        rollback(reddit);
    }

    /** Undoes the app transaction of a write that failed half way (the app thread's connection). */
    void rollbackApp() {
        rollback(app);
    }

    private static void rollback(Connection c) {
        try {
            if (c != null && !c.isClosed()) c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; nothing to undo
        }
    }

    @Override
    public void close() throws IOException {
        if (export != null) export.close();
    }
}
