package io.cutover.demo.schema;

/**
 * The new discussions_* tables' rows (domain.md, 3): posts and comments under their Reddit ids,
 * a comment's post and parent as Reddit ids (NULL parent at top level), {@code text} for
 * Reddit's self post type, votes as rows of their own. (The comment trees are CommentTrees'.)
 */
public final class DiscussionsRows {
    public static final Table CHANNEL = Table.of("discussions_channel", "id", "id", "created_on", "updated_on", "name", "title",
            "channel_type", "allowed_post_types", "about", "avatar", "banner", "ga_tracking_id", "membership_is_managed",
            "public_description", "moderator_group_id", "contributor_group_id");
    public static final Table POST = Table.of("discussions_post", "id", "id", "created_on", "updated_on", "channel_id",
            "author_id", "post_type", "title", "text", "url", "plain_text", "score", "num_comments", "edited", "removed",
            "deleted", "reports_ignored");
    public static final Table COMMENT = Table.of("discussions_comment", "id", "id", "created_on", "updated_on", "post_id",
            "parent_id", "author_id", "text", "score", "edited", "removed", "deleted", "reports_ignored");
    public static final Table POST_VOTE = Table.of("discussions_postvote", "id", "id", "created_on", "updated_on", "post_id",
            "voter_id", "direction");
    public static final Table COMMENT_VOTE = Table.of("discussions_commentvote", "id", "id", "created_on", "updated_on",
            "comment_id", "voter_id", "direction");

    private final Rows rows;

    public DiscussionsRows(Rows rows) {
        this.rows = rows;
    }

    /** The vote table of posts or of comments. */
    public static Table votes(boolean post) {
        return post ? POST_VOTE : COMMENT_VOTE;
    }

    /** Its column naming the thing voted on. */
    public static String votedColumn(boolean post) {
        return post ? "post_id" : "comment_id";
    }

    /** The title falls back to the name and the description to "" (both NOT NULL here); no avatar sizes. */
    public void channel(AppChannel c) {
        rows.row(CHANNEL).number(c.newId()).timestamp(c.created()).timestamp(c.updated()).text(c.name())
                .text(c.title() != null ? c.title() : c.name()).text(c.type()).number(c.allowedPostTypes()).json(c.about())
                .text(c.avatar()).text(c.banner()).text(c.gaTrackingId()).bool(c.membershipManaged())
                .text(c.publicDescription() == null ? "" : c.publicDescription()).number(c.moderatorGroup())
                .number(c.contributorGroup() == null ? null : Long.valueOf(c.contributorGroup())).endRow();
    }

    public void post(AppPost p) {
        rows.row(POST).number(p.id()).timestamp(p.created()).timestamp(p.updated()).number(p.newChannelId())
                .number(p.authorId()).text(p.type().equals("self") ? "text" : p.type()).text(p.title()).text(p.text())
                .text(p.url()).text(p.plainText()).number(p.score()).number(p.numComments()).bool(p.edited())
                .bool(p.removed()).bool(p.deleted()).bool(false).endRow();
    }

    public void comment(AppComment c) {
        rows.row(COMMENT).number(c.id()).timestamp(c.created()).timestamp(c.updated()).number(c.postId())
                .number(c.parentId()).number(c.authorId()).text(c.text()).number(c.score()).bool(c.edited())
                .bool(c.removed()).bool(c.deleted()).bool(false).endRow();
    }

    /** A vote on a post or a comment, made (and last changed) at {@code date}. */
    public void vote(boolean post, long id, long thingId, int voter, int direction, long date) {
        rows.row(votes(post)).number(id).timestamp(date).timestamp(date).number(thingId).number(voter).number(direction)
                .endRow();
    }
}
