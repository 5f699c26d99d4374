package io.cutover.demo;

import java.util.List;

/**
 * The forum a demo world holds, as drawn: users, channels with their members, posts with their
 * comment threads, and votes; values only, in no schema's encoding (the renderers of
 * {@code io.cutover.demo.schema} write them out). Things are known by their index in the world;
 * {@link WorldIds} says how each source numbers them. Arrays inside are never changed once drawn.
 */
final class Forum {
    private Forum() {}

    /** {@code email} null when the user gave none; {@code lastLogin} null when never logged in. */
    record User(int index, String name, String firstName, String lastName, String email, long joined, Long lastLogin,
                boolean active, String password) {}

    /** A user's place in a channel: moderator, contributor or subscriber, since {@code date}. */
    record Membership(int user, String role, long date) {}

    /**
     * A channel. {@code linkType}: the posts it takes, 'a'(ny), 'l'(ink) or 's'(elf); {@code title}
     * is shown only where {@code titleKnown}; {@code newId} is discussions_channel's numbering.
     */
    record Channel(int index, int newId, String name, String type, char linkType, boolean articles, boolean titleKnown,
                   String title, String publicDescription, String about, String avatar, String banner, String gaTrackingId,
                   boolean managed, boolean notifications, long created, long updated, boolean hasContributors,
                   List<Membership> members) {}

    /**
     * Whether and when a thing was edited. Reddit marks an edit with its time; a thing never edited
     * has no mark, or (about half) an explicit False: {@code marksNever}.
     */
    record Edit(boolean edited, long at, boolean marksNever) {
        /** updated_on: the edit, else the creation. */
        long updated(long created) {
            return edited ? at : created;
        }
    }

    /**
     * The votes on one thing, the author's own up-vote first, as Reddit records them (in
     * milliseconds); {@code cleared*}: votes taken back, which only the export shows (direction 0).
     */
    record Votes(int[] voters, byte[] directions, long[] dates, int ups, int downs, int[] clearedVoters, long[] clearedDates) {}

    /**
     * A post. {@code type}: link, self or article; {@code url} a link's target, {@code permalink}
     * what Reddit stores as a self post's url; {@code numComments} Reddit's stored counter (it may
     * drift from {@code comments}); {@code spam} is Reddit's word for removed.
     */
    record Post(int index, long id, int channel, int author, long date, String type, String title, String permalink,
                String url, String text, String preview, String plainText, String article, Edit edit, boolean spam,
                boolean deleted, Boolean excludeFromEmails, boolean scoreSynced, boolean mediaObject, boolean subscribes,
                String coverImage, String thumbnail, int numComments, List<Comment> comments, Votes votes) {}

    /**
     * A comment, in its post's thread in id order; {@code parent} the index of its parent in that
     * thread (-1 at top level). {@code scoreSynced}: whether the mirror holds its score.
     */
    record Comment(long index, long id, int parent, long date, int author, String body, Edit edit, boolean spam,
                   boolean deleted, boolean scoreSynced, boolean subscribes, Votes votes) {}
}
