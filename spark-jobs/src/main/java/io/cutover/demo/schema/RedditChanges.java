package io.cutover.demo.schema;

/**
 * What a live write changes in the Reddit backend: data keys replaced in place, the flags and
 * the vote counts of a thing's row. Reddit's writes are committed on their own: it cannot roll back.
 */
public final class RedditChanges {
    private final Changes changes;

    public RedditChanges(Changes changes) {
        this.changes = changes;
    }

    private static String type(boolean post) {
        return post ? RedditRows.LINK : RedditRows.COMMENT;
    }

    private void replace(String type, long id, String key, String value, String kind) {
        changes.rowReplacing(RedditRows.data(type), "thing_id", "key").number(id).text(key).text(value).text(kind).endRow();
    }

    /** The link's stored comment counter after a new comment. */
    public void commentCount(long linkId, int numComments) {
        replace(RedditRows.LINK, linkId, "num_comments", Integer.toString(numComments), "num");
    }

    /** A self post's text or a comment's body, edited at {@code editedAt}. */
    public void textEdited(boolean post, long id, String text, long editedAt) {
        replace(type(post), id, post ? "selftext" : "body", text, "str");
        replace(type(post), id, RedditRows.EDITED, RedditRows.editTime(editedAt), "pickle");
    }

    public void titleEdited(long linkId, String title, long editedAt) {
        replace(RedditRows.LINK, linkId, "title", title, "str");
        replace(RedditRows.LINK, linkId, RedditRows.EDITED, RedditRows.editTime(editedAt), "pickle");
    }

    /** A moderator's removal (Reddit's spam) or the author's deletion. */
    public void flagged(boolean post, long id, boolean removal) {
        changes.exactlyOne("UPDATE reddit_thing_" + type(post) + " SET " + (removal ? "spam" : "deleted")
                + " = true WHERE thing_id = ?", id);
    }

    /** The thing's vote counts after a vote. */
    public void voteCounts(boolean post, long id, int ups, int downs) {
        changes.exactlyOne("UPDATE reddit_thing_" + type(post) + " SET ups = ?, downs = ? WHERE thing_id = ?", ups, downs, id);
    }
}
