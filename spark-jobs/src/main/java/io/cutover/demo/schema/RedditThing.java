package io.cutover.demo.schema;

/** The columns every Reddit thing has in its {@code reddit_thing_<type>} row. */
public record RedditThing(long id, int ups, int downs, boolean deleted, boolean spam, long date) {
    /** A thing just made: its author's up-vote only, as Reddit starts a link or a comment. */
    public static RedditThing created(long id, long date) {
        return new RedditThing(id, 1, 0, false, false, date);
    }
}
