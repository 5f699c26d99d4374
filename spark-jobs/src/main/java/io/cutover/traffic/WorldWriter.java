package io.cutover.traffic;

import static io.cutover.demo.schema.Timestamps.micros;

import io.cutover.demo.schema.AppComment;
import io.cutover.demo.schema.AppPost;
import io.cutover.demo.schema.DiscussionsChanges;
import io.cutover.demo.schema.DiscussionsRows;
import io.cutover.demo.schema.MirrorChanges;
import io.cutover.demo.schema.MirrorRows;
import io.cutover.demo.schema.RedditChanges;
import io.cutover.demo.schema.RedditRows;
import io.cutover.demo.schema.RedditThing;
import io.cutover.demo.schema.Rows;
import io.cutover.demo.schema.VoteExport;
import io.cutover.traffic.Operation.CastVote;
import io.cutover.traffic.Operation.EditText;
import io.cutover.traffic.Operation.EditTitle;
import io.cutover.traffic.Operation.Flag;
import io.cutover.traffic.Operation.NewComment;
import io.cutover.traffic.Operation.NewPost;
import io.cutover.traffic.OperationPlanner.Effect;
import io.cutover.traffic.OperationPlanner.Fate;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each write as open-discussions' channels/api.py makes it during the migration: the Reddit
 * backend first, committed on its own (a Reddit write cannot be rolled back), the vote appended
 * to the export as the export job would, then the channels_* mirror and the discussions_* tables
 * in one transaction. A lost dual write commits the mirror without the new tables; a damaged one
 * writes the new tables with the damaged values. The rows are the demo world's own renderers'
 * ({@code io.cutover.demo.schema}), written as statements. Every row written gets updated_on =
 * now() (the same instant for the mirror and the new tables: one transaction); created_on and
 * vote dates are the instant Reddit recorded.
 *
 * <p>During the silo order only the entities in {@link DualWrites} reach the new tables; the others
 * go to the old side only. While the backfill has not reached every row ({@code rowsMayBeAbsent}),
 * an edit of a row the new tables do not hold yet changes 0 rows, as the app's UPDATE would, and
 * a reply to a post they do not hold stays on the old side (the foreign key would refuse it).
 */
final class WorldWriter implements AutoCloseable {
    private final Connection reddit;
    private final Connection app;
    private final FileChannel export;
    private final CommentTreeRebuild trees;
    private final RedditRows redditRows;
    private final RedditChanges redditChanges;
    private final MirrorRows mirrorRows;
    private final MirrorChanges mirrorChanges;
    private final DiscussionsRows newRows;
    private final DiscussionsChanges newChanges;
    private final DualWrites dual;
    private final LiveTables newTables;

    /** {@code reddit} and {@code export} are null in phase new-only: the old writes are cut. */
    WorldWriter(Connection reddit, Connection app, Path voteExport) throws SQLException, IOException {
        this(reddit, app, voteExport, DualWrites.ALL, false);
    }

    /**
     * {@code dual}: the entities the app writes to the new tables too; {@code rowsMayBeAbsent}: the
     * new tables do not hold every old row yet (a world at an earlier stage, a backfill under way).
     */
    WorldWriter(Connection reddit, Connection app, Path voteExport, DualWrites dual, boolean rowsMayBeAbsent)
            throws SQLException, IOException {
        this.dual = dual;
        this.reddit = reddit;
        this.app = app;
        this.export = voteExport == null ? null : FileChannel.open(voteExport, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (reddit != null) reddit.setAutoCommit(false);
        app.setAutoCommit(false);
        LiveTables redditTables = reddit == null ? null : new LiveTables(reddit, new SequenceFloor(reddit));
        this.redditRows = reddit == null ? null : new RedditRows(redditTables);
        this.redditChanges = reddit == null ? null : new RedditChanges(redditTables);
        SequenceFloor appSequences = new SequenceFloor(app);
        LiveTables appTables = new LiveTables(app, appSequences);
        this.mirrorRows = new MirrorRows(appTables);
        this.mirrorChanges = new MirrorChanges(appTables);
        this.newTables = rowsMayBeAbsent ? new LiveTables(app, appSequences, true) : appTables;
        this.newRows = new DiscussionsRows(newTables);
        this.newChanges = new DiscussionsChanges(newTables);
        this.trees = new CommentTreeRebuild(app, appSequences);
    }

    // ---- the Reddit backend and the vote export ---------------------------------------------

    /** Reddit's part of the write, committed, and the vote it records appended to the export. */
    void writeReddit(Operation op, Instant at, Instant voteAt) throws SQLException, IOException {
        try {
            writeRedditRows(op, micros(at));
        } catch (LiveTables.Failed e) {
            throw e.getCause();
        }
        reddit.commit();
        appendVote(op, voteAt);
    }

    private void writeRedditRows(Operation op, long at) {
        if (op instanceof NewPost p) {
            Post post = p.post();
            redditRows.link(RedditThing.created(post.id, at), p.title(), p.redditUrl(), p.text(), !post.type.equals("link"),
                    post.author.accountId(), post.channel.subredditId(), 0);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            redditRows.comment(RedditThing.created(comment.id, at), c.text(), comment.post.id,
                    comment.parent == null ? null : comment.parent.id, comment.author.accountId(), comment.post.channel.subredditId());
            redditChanges.commentCount(comment.post.id, c.numComments());
        } else if (op instanceof EditText t) {
            redditChanges.textEdited(t.thing().isPost(), t.thing().id, t.text(), at);
        } else if (op instanceof EditTitle t) {
            redditChanges.titleEdited(t.post().id, t.title(), at);
        } else if (op instanceof Flag f) {
            redditChanges.flagged(f.thing().isPost(), f.thing().id, f.removal());
        } else if (op instanceof CastVote v) {
            redditChanges.voteCounts(v.thing().isPost(), v.thing().id, v.ups(), v.downs());
        }
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
        return VoteExport.line(voter, t.fullname(), direction, micros(date));
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

    /**
     * The app's transaction; returns the differences of the planned ones that the new side will
     * really show: those of entities dual-written, on rows the new tables hold (or this write adds).
     */
    List<Effect> writeApp(Operation op, Fate fate, List<Effect> planned, Instant at, Instant voteAt) throws SQLException {
        List<Effect> reached;
        try {
            reached = reachable(op, planned);
            if (fate != Fate.NEW_ONLY) writeMirror(op, micros(at));
            if (fate != Fate.LOST) writeNew(op, fate == Fate.DAMAGED, micros(at), voteAt);
        } catch (LiveTables.Failed e) {
            throw e.getCause();
        }
        app.commit();
        return reached;
    }

    /** Edits that found no new row to change: the backfill had not reached it. */
    long absentNewRows() {
        return newTables.absentRows();
    }

    /**
     * A difference a failed write leaves is real only where the new side would have taken the
     * write: the entity is dual-written and its row is there, or is the one the write adds. A row
     * the backfill has not reached yet will be copied from the old side, write included.
     */
    private List<Effect> reachable(Operation op, List<Effect> planned) throws SQLException {
        if (planned.isEmpty()) return planned;
        List<Effect> kept = new ArrayList<>();
        boolean voteKept = false;
        for (Effect e : planned) {
            if (!dual.coversTruthEntity(e.entity())) continue;
            boolean vote = e.entity().endsWith("vote");
            boolean added = switch (e.entity()) {
                case "post", "postvote" -> op instanceof NewPost;
                case "comment" -> op instanceof NewComment c && newPostExists(c.comment().post.id);
                case "commentvote" -> op instanceof NewComment;
                default -> false;
            } || (op instanceof CastVote v && v.previous() == 0 && vote);
            // post score vs its votes: broken only by a vote row the new side holds
            if (OperationPlanner.SCORE_CHECK.equals(e.column()) && !voteKept) continue;
            if (added || (!(op instanceof NewComment && e.entity().equals("comment")) && newRowExists(e.entity(), rowKey(op, e)))) {
                kept.add(e);
                voteKept |= vote;
            }
        }
        return kept;
    }

    /** The new row's key in the table's own values: a truth entry names a vote's voter by name, the table by id. */
    private static Map<String, Object> rowKey(Operation op, Effect e) {
        if (op instanceof CastVote v && e.entity().endsWith("vote")) {
            return Map.of(v.thing().isPost() ? "post_id" : "comment_id", v.thing().id, "voter_id", v.voter().authId());
        }
        return e.key();
    }

    private boolean newRowExists(String entity, Map<String, Object> key) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT 1 FROM discussions_" + entity + " WHERE true");
        for (String column : key.keySet()) sql.append(" AND ").append(column).append(" = ?");
        try (PreparedStatement ps = app.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object v : key.values()) ps.setObject(i++, v);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean newPostExists(long id) throws SQLException {
        return newRowExists("post", Map.of("id", id));
    }

    /** A new post as both app copies take it: Reddit's first up-vote, no comments, updated now. */
    private static AppPost newPost(NewPost p, long at) {
        Post post = p.post();
        return new AppPost(post.id, post.mirrorId, post.channel.oldId(), post.channel.newId(), post.author.authId(), post.type,
                p.title(), p.text(), p.preview(), p.url(), p.plainText(), at, Rows.NOW, 1L, 1, 0, false, false, false, false);
    }

    private static AppComment newComment(NewComment c, long at) {
        Comment comment = c.comment();
        return new AppComment(comment.id, c.mirrorId(), comment.post.id, comment.post.mirrorId,
                comment.parent == null ? null : comment.parent.id, comment.author.authId(), c.text(), at, Rows.NOW, 1L, 1,
                false, false, false);
    }

    private void writeMirror(Operation op, long at) {
        if (op instanceof NewPost p) {
            Post post = p.post();
            mirrorRows.post(newPost(p, at));
            if (p.article() != null) {
                mirrorRows.article(p.articleId(), Rows.NOW, Rows.NOW, post.mirrorId, post.author.authId(), p.article(), null);
            }
            if (p.url() != null) mirrorRows.linkMeta(p.linkMetaId(), Rows.NOW, Rows.NOW, p.url(), null);
        } else if (op instanceof NewComment c) {
            mirrorRows.comment(newComment(c, at));
            mirrorChanges.commentCount(c.comment().post.id, c.numComments());
        } else if (op instanceof EditText t) {
            mirrorChanges.textEdited(t.thing().isPost(), t.thing().id, t.text());
        } else if (op instanceof EditTitle t) {
            mirrorChanges.titleEdited(t.post().id, t.title());
        } else if (op instanceof Flag f) {
            mirrorChanges.flagged(f.thing().isPost(), f.thing().id, f.removal());
        } else if (op instanceof CastVote v) {
            mirrorChanges.scored(v.thing().isPost(), v.thing().id, v.ups());
        }
    }

    /**
     * The new tables' rows; the comment trees follow the comments in the same transaction: a new
     * post's roots, a new comment's nodes, a comment's new score (the best-first tree orders by it).
     */
    private void writeNew(Operation op, boolean damaged, long at, Instant voteAt) throws SQLException {
        boolean posts = dual.covers(DualWrites.Entity.POST), comments = dual.covers(DualWrites.Entity.COMMENT);
        boolean votes = dual.covers(DualWrites.Entity.VOTE);
        if (op instanceof NewPost p) {
            Post post = p.post();
            AppPost row = newPost(p, at);
            if (posts) newRows.post(damaged ? row.withTitle(p.damagedTitle()) : row);
            if (votes) newRows.vote(true, p.voteId(), post.id, post.author.authId(), 1, micros(voteAt));
            if (posts && comments) trees.post(post.id);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            // A comment needs its post in the new tables (a foreign key): one the backfill has not reached stays old.
            boolean postThere = newPostExists(comment.post.id);
            AppComment row = newComment(c, at);
            if (comments && postThere) newRows.comment(damaged ? row.withText(c.damagedText()) : row);
            if (posts) newChanges.commentCount(comment.post.id, c.numComments());
            if (votes) newRows.vote(false, c.voteId(), comment.id, comment.author.authId(), 1, micros(voteAt));
            if (comments && postThere) trees.post(comment.post.id);
        } else if (op instanceof EditText t) {
            if (!covers(t.thing())) return;
            String text = damaged ? t.damagedText() : t.text();
            if (t.thing().isPost()) newChanges.postTextEdited(t.thing().id, text, OperationPlanner.plain(text));
            else newChanges.commentTextEdited(t.thing().id, text);
        } else if (op instanceof EditTitle t) {
            if (posts) newChanges.titleEdited(t.post().id, damaged ? t.damagedTitle() : t.title());
        } else if (op instanceof Flag f) {
            if (covers(f.thing())) newChanges.flagged(f.thing().isPost(), f.thing().id, f.removal());
        } else if (op instanceof CastVote v) {
            Thing t = v.thing();
            int voter = v.voter().authId();
            if (!votes) {
                // the vote stays old; the row it scores is its entity's, written where that entity is
            } else if (v.previous() == 0) {
                newRows.vote(t.isPost(), v.voteId(), t.id, voter, damaged ? -v.direction() : v.direction(), micros(voteAt));
            } else if (v.direction() == 0) {
                newChanges.voteCleared(t.isPost(), t.id, voter);
            } else {
                newChanges.voteChanged(t.isPost(), t.id, voter, v.direction(), micros(voteAt));
            }
            if (covers(t)) newChanges.scored(t.isPost(), t.id, v.ups());
            if (comments && t instanceof Comment comment && newPostExists(comment.post.id)) trees.post(comment.post.id);
        }
    }

    private boolean covers(Thing t) {
        return dual.covers(t.isPost() ? DualWrites.Entity.POST : DualWrites.Entity.COMMENT);
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
