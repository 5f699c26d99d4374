package io.cutover.demo.schema;

import io.cutover.mapping.Base36;

/**
 * The 2025 design's rows (domain.md, "The 2025 alternative: archive in place"): the channels_*
 * mirror's own columns, then the ones its migration adds (app-2025.sql) — the Reddit ids as
 * lowercase base36 text, the parent comment's one (NULL at top level: parent_id keeps its old
 * meaning), the post's plain text, the archive instant — and the one comment tree table, whose
 * nodes name the mirror's own comment and post ids.
 */
public final class ArchiveRows {
    public static final Table CHANNEL = MirrorRows.CHANNEL.plus("reddit_id", "archived_on");
    public static final Table POST = MirrorRows.POST.plus("reddit_id", "archived_on", "cached_plain_text");
    public static final Table COMMENT = MirrorRows.COMMENT.plus("reddit_id", "parent_reddit_id", "archived_on");
    public static final Table TREE = Table.of("channels_commenttreenode", "id", "id", "path", "depth", "numchild", "score",
            "created", "comment_id", "post_id");

    private final Rows rows;

    public ArchiveRows(Rows rows) {
        this.rows = rows;
    }

    /** The Reddit id as the 2025 columns hold it; null stays null (a column not filled yet). */
    public static String redditId(Long id) {
        return id == null ? null : Base36.encode(id);
    }

    /**
     * {@code archivedOn} null, with the Reddit ids null, for a row the migration has not reached
     * (its added columns are still NULL).
     */
    public void channel(AppChannel c, Long subredditId, Long archivedOn) {
        archived(MirrorRows.channelValues(rows.row(CHANNEL), c).text(redditId(subredditId)), archivedOn).endRow();
    }

    /** {@code plainText} null where the migration has not reached the post. */
    public void post(AppPost p, boolean filled, Long archivedOn) {
        archived(MirrorRows.postValues(rows.row(POST), p).text(filled ? redditId(p.id()) : null), archivedOn)
                .text(filled ? p.plainText() : null).endRow();
    }

    public void comment(AppComment c, boolean filled, Long archivedOn) {
        archived(MirrorRows.commentValues(rows.row(COMMENT), c).text(filled ? redditId(c.id()) : null)
                .text(filled ? redditId(c.parentId()) : null), archivedOn).endRow();
    }

    /**
     * One node of the tree: a root (no comment) holds score 0 and no time, as the table's defaults
     * give it; {@code commentId} and {@code postId} are channels_comment.id and channels_post.id.
     */
    public void node(long id, String path, int depth, int numchild, Long created, Integer score, long postId, Long commentId) {
        Row r = rows.row(TREE).number(id).text(path).number(depth).number(numchild).number(score == null ? 0 : score);
        if (created == null) r.nul(); else r.timestamp(created);
        r.number(commentId).number(postId).endRow();
    }

    private static Row archived(Row row, Long archivedOn) {
        return archivedOn == null ? row.nul() : row.timestamp(archivedOn);
    }
}
