package io.cutover.demo.schema;

/**
 * A post as the app database holds it, in the mirror and in the new tables: {@code id} is Reddit's
 * link id (kept by discussions_post), {@code mirrorId} channels_post's own. {@code type} is the
 * mirror's (link, self, article); {@code mirrorScore} null where the mirror never synced Reddit's
 * ups. {@code removed} is Reddit's spam.
 */
public record AppPost(long id, int mirrorId, int oldChannelId, int newChannelId, int authorId, String type, String title,
                      String text, String preview, String url, String plainText, long created, long updated,
                      Long mirrorScore, int score, int numComments, boolean edited, boolean removed, boolean deleted,
                      Boolean excludeFromEmails) {
    /** The same post with another title (a damaged dual write's). */
    public AppPost withTitle(String other) {
        return new AppPost(id, mirrorId, oldChannelId, newChannelId, authorId, type, other, text, preview, url, plainText,
                created, updated, mirrorScore, score, numComments, edited, removed, deleted, excludeFromEmails);
    }
}
