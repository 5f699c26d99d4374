package io.cutover.demo.schema;

/**
 * The channels_* mirror's rows (domain.md, 2): Django serial ids of its own, Reddit ids kept in
 * post_id and comment_id, a comment's post as the Django id but its parent as a Reddit id with
 * the prefix lost, the score as Reddit's ups (NULL where never synced).
 */
public final class MirrorRows {
    public static final Table CHANNEL = Table.of("channels_channel", "id", "id", "created_on", "updated_on", "name", "title",
            "channel_type", "allowed_post_types", "about", "avatar", "avatar_small", "avatar_medium", "banner", "ga_tracking_id",
            "membership_is_managed", "moderator_notifications");
    public static final Table GROUP_ROLE = Table.of("channels_channelgrouprole", "id", "id", "created_on", "updated_on",
            "channel_id", "group_id", "role");
    public static final Table CHANNEL_SUBSCRIPTION = Table.of("channels_channelsubscription", "id", "id", "created_on",
            "updated_on", "channel_id", "user_id");
    public static final Table POST = Table.of("channels_post", "id", "id", "created_on", "updated_on", "channel_id", "author_id",
            "post_id", "post_type", "title", "text", "preview_text", "url", "score", "num_comments", "edited", "removed", "deleted",
            "exclude_from_frontpage_emails");
    public static final Table ARTICLE = Table.of("channels_article", "id", "id", "created_on", "updated_on", "post_id",
            "author_id", "content", "cover_image");
    public static final Table LINK_META = Table.of("channels_linkmeta", "id", "id", "created_on", "updated_on", "url", "thumbnail");
    public static final Table SUBSCRIPTION = Table.of("channels_subscription", "id", "id", "created_on", "updated_on", "user_id",
            "post_id", "comment_id");
    public static final Table COMMENT = Table.of("channels_comment", "id", "id", "created_on", "updated_on", "post_id",
            "author_id", "comment_id", "parent_id", "text", "score", "edited", "removed", "deleted");

    private final Rows rows;

    public MirrorRows(Rows rows) {
        this.rows = rows;
    }

    /** The mirror keeps a null title where Reddit has none, and the avatar in three sizes. */
    public void channel(AppChannel c) {
        channelValues(rows.row(CHANNEL), c).endRow();
    }

    /** A channel's values in the mirror's columns, the row left open (the 2025 design adds columns after them). */
    static Row channelValues(Row row, AppChannel c) {
        String avatar = c.avatar();
        return row.number(c.oldId()).timestamp(c.created()).timestamp(c.updated()).text(c.name()).text(c.title())
                .text(c.type()).number(c.allowedPostTypes()).json(c.about()).text(avatar)
                .text(avatar == null ? null : avatar.replace(".png", "_small.png"))
                .text(avatar == null ? null : avatar.replace(".png", "_medium.png"))
                .text(c.banner()).text(c.gaTrackingId()).bool(c.membershipManaged()).bool(c.moderatorNotifications());
    }

    /** A channel's moderators or contributors group, by the channel's old id. */
    public void groupRole(int id, long created, int channel, int group, String role) {
        rows.row(GROUP_ROLE).number(id).timestamp(created).timestamp(created).number(channel).number(group).text(role).endRow();
    }

    public void channelSubscription(int id, long created, int channel, int user) {
        rows.row(CHANNEL_SUBSCRIPTION).number(id).timestamp(created).timestamp(created).number(channel).number(user).endRow();
    }

    public void post(AppPost p) {
        postValues(rows.row(POST), p).endRow();
    }

    /** A post's values in the mirror's columns, the row left open. */
    static Row postValues(Row row, AppPost p) {
        return row.number(p.mirrorId()).timestamp(p.created()).timestamp(p.updated()).number(p.oldChannelId())
                .number(p.authorId()).number(p.id()).text(p.type()).text(p.title()).text(p.text()).text(p.preview())
                .text(p.url()).number(p.mirrorScore()).number(p.numComments()).bool(p.edited()).bool(p.removed())
                .bool(p.deleted()).bool(p.excludeFromEmails());
    }

    /** An article post's content (JSON), by the post's mirror id; {@code coverImage} null when none. */
    public void article(int id, long created, long updated, int mirrorPostId, int authorId, String content, String coverImage) {
        rows.row(ARTICLE).number(id).timestamp(created).timestamp(updated).number(mirrorPostId).number(authorId).json(content)
                .text(coverImage).endRow();
    }

    /** A link's metadata: one row per URL, the first post's; a later post with the URL adds none. */
    public void linkMeta(int id, long created, long updated, String url, String thumbnail) {
        rows.rowUnlessPresent(LINK_META, "url").number(id).timestamp(created).timestamp(updated).text(url).text(thumbnail)
                .endRow();
    }

    /** A user following a post (its Reddit id), or a comment's replies ({@code commentId}, else null). */
    public void subscription(int id, long created, int user, long postId, Long commentId) {
        rows.row(SUBSCRIPTION).number(id).timestamp(created).timestamp(created).number(user).number(postId).number(commentId)
                .endRow();
    }

    /** The parent is a Reddit id with its t1_/t3_ prefix lost: the post's own for a top-level comment. */
    public void comment(AppComment c) {
        commentValues(rows.row(COMMENT), c).endRow();
    }

    /** A comment's values in the mirror's columns, the row left open. */
    static Row commentValues(Row row, AppComment c) {
        return row.number(c.mirrorId()).timestamp(c.created()).timestamp(c.updated()).number(c.mirrorPostId())
                .number(c.authorId()).number(c.id()).number(c.parentId() == null ? c.postId() : c.parentId()).text(c.text())
                .number(c.mirrorScore()).bool(c.edited()).bool(c.removed()).bool(c.deleted());
    }
}
