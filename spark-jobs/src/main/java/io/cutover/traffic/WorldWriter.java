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
import java.sql.SQLException;
import java.time.Instant;

/**
 * Each write as open-discussions' channels/api.py makes it during the migration: the Reddit
 * backend first, committed on its own (a Reddit write cannot be rolled back), the vote appended
 * to the export as the export job would, then the channels_* mirror and the discussions_* tables
 * in one transaction. A lost dual write commits the mirror without the new tables; a damaged one
 * writes the new tables with the damaged values. The rows are the demo world's own renderers'
 * ({@code io.cutover.demo.schema}), written as statements. Every row written gets updated_on =
 * now() (the same instant for the mirror and the new tables: one transaction); created_on and
 * vote dates are the instant Reddit recorded.
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

    /** {@code reddit} and {@code export} are null in phase new-only: the old writes are cut. */
    WorldWriter(Connection reddit, Connection app, Path voteExport) throws SQLException, IOException {
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
        this.newRows = new DiscussionsRows(appTables);
        this.newChanges = new DiscussionsChanges(appTables);
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

    void writeApp(Operation op, Fate fate, Instant at, Instant voteAt) throws SQLException {
        try {
            if (fate != Fate.NEW_ONLY) writeMirror(op, micros(at));
            if (fate != Fate.LOST) writeNew(op, fate == Fate.DAMAGED, micros(at), voteAt);
        } catch (LiveTables.Failed e) {
            throw e.getCause();
        }
        app.commit();
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
        if (op instanceof NewPost p) {
            Post post = p.post();
            AppPost row = newPost(p, at);
            newRows.post(damaged ? row.withTitle(p.damagedTitle()) : row);
            newRows.vote(true, p.voteId(), post.id, post.author.authId(), 1, micros(voteAt));
            trees.post(post.id);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            AppComment row = newComment(c, at);
            newRows.comment(damaged ? row.withText(c.damagedText()) : row);
            newChanges.commentCount(comment.post.id, c.numComments());
            newRows.vote(false, c.voteId(), comment.id, comment.author.authId(), 1, micros(voteAt));
            trees.post(comment.post.id);
        } else if (op instanceof EditText t) {
            String text = damaged ? t.damagedText() : t.text();
            if (t.thing().isPost()) newChanges.postTextEdited(t.thing().id, text, OperationPlanner.plain(text));
            else newChanges.commentTextEdited(t.thing().id, text);
        } else if (op instanceof EditTitle t) {
            newChanges.titleEdited(t.post().id, damaged ? t.damagedTitle() : t.title());
        } else if (op instanceof Flag f) {
            newChanges.flagged(f.thing().isPost(), f.thing().id, f.removal());
        } else if (op instanceof CastVote v) {
            Thing t = v.thing();
            int voter = v.voter().authId();
            if (v.previous() == 0) {
                newRows.vote(t.isPost(), v.voteId(), t.id, voter, damaged ? -v.direction() : v.direction(), micros(voteAt));
            } else if (v.direction() == 0) {
                newChanges.voteCleared(t.isPost(), t.id, voter);
            } else {
                newChanges.voteChanged(t.isPost(), t.id, voter, v.direction(), micros(voteAt));
            }
            newChanges.scored(t.isPost(), t.id, v.ups());
            if (t instanceof Comment comment) trees.post(comment.post.id);
        }
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
