package io.cutover.demo.schema;

/** What a live write changes in the channels_* mirror: its rows found by their Reddit ids. */
public final class MirrorChanges {
    private final Changes changes;

    public MirrorChanges(Changes changes) {
        this.changes = changes;
    }

    private void update(boolean post, long redditId, String assignments, Object... values) {
        changes.updateAppRow(post ? MirrorRows.POST.name() : MirrorRows.COMMENT.name(), post ? "post_id" : "comment_id",
                redditId, assignments, values);
    }

    public void commentCount(long postId, int numComments) {
        update(true, postId, "num_comments = ?", numComments);
    }

    public void textEdited(boolean post, long id, String text) {
        update(post, id, "text = ?, edited = true", text);
    }

    public void titleEdited(long postId, String title) {
        update(true, postId, "title = ?, edited = true", title);
    }

    /** A moderator's removal or the author's deletion. */
    public void flagged(boolean post, long id, boolean removal) {
        update(post, id, (removal ? "removed" : "deleted") + " = true");
    }

    /** The mirror's score is Reddit's ups, synced by the write. */
    public void scored(boolean post, long id, int ups) {
        update(post, id, "score = ?", ups);
    }
}
