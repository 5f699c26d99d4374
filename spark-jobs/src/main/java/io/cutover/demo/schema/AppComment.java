package io.cutover.demo.schema;

/**
 * A comment as the app database holds it, in the mirror and in the new tables: {@code id} is
 * Reddit's comment id, {@code postId} the post's Reddit id, {@code mirrorPostId} channels_post's
 * own id; {@code parentId} the parent comment's id, null at top level. {@code mirrorScore} null
 * where the mirror never synced Reddit's ups.
 */
public record AppComment(long id, int mirrorId, long postId, int mirrorPostId, Long parentId, int authorId, String text,
                         long created, long updated, Long mirrorScore, int score, boolean edited, boolean removed,
                         boolean deleted) {
    /** The same comment with another text (a damaged dual write's). */
    public AppComment withText(String other) {
        return new AppComment(id, mirrorId, postId, mirrorPostId, parentId, authorId, other, created, updated, mirrorScore,
                score, edited, removed, deleted);
    }
}
