package io.cutover.demo.schema;

/** What a live write changes in the new discussions_* tables: posts, comments and their votes. */
public final class DiscussionsChanges {
    private final Changes changes;

    public DiscussionsChanges(Changes changes) {
        this.changes = changes;
    }

    private void update(boolean post, long id, String assignments, Object... values) {
        changes.updateAppRow(post ? DiscussionsRows.POST.name() : DiscussionsRows.COMMENT.name(), "id", id, assignments, values);
    }

    public void commentCount(long postId, int numComments) {
        update(true, postId, "num_comments = ?", numComments);
    }

    /** A text post's text, with the plain text the new table stores beside it. */
    public void postTextEdited(long id, String text, String plainText) {
        update(true, id, "text = ?, plain_text = ?, edited = true", text, plainText);
    }

    public void commentTextEdited(long id, String text) {
        update(false, id, "text = ?, edited = true", text);
    }

    public void titleEdited(long postId, String title) {
        update(true, postId, "title = ?, edited = true", title);
    }

    public void flagged(boolean post, long id, boolean removal) {
        update(post, id, (removal ? "removed" : "deleted") + " = true");
    }

    public void scored(boolean post, long id, int score) {
        update(post, id, "score = ?", score);
    }

    /** An un-vote leaves no row: the new tables hold votes, not Reddit's cleared ones. */
    public void voteCleared(boolean post, long thingId, int voter) {
        changes.exactlyOne("DELETE FROM " + DiscussionsRows.votes(post).name() + " WHERE " + DiscussionsRows.votedColumn(post)
                + " = ? AND voter_id = ?", thingId, voter);
    }

    /** A re-vote: the row's direction and its time change. */
    public void voteChanged(boolean post, long thingId, int voter, int direction, long date) {
        changes.exactlyOne("UPDATE " + DiscussionsRows.votes(post).name() + " SET direction = ?, updated_on = ? WHERE "
                + DiscussionsRows.votedColumn(post) + " = ? AND voter_id = ?", direction, Timestamps.utc(date), thingId, voter);
    }
}
