package io.cutover.demo.schema;

import io.cutover.mapping.RedditPickle;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The Reddit backend's rows of a thing: one {@code reddit_thing_<type>} row and its
 * {@code reddit_data_<type>} key-value rows, each value a string with its kind (domain.md, 1).
 * A key the thing does not have gets no row.
 */
public final class RedditRows {
    public static final String LINK = "link", COMMENT = "comment", SUBREDDIT = "subreddit", ACCOUNT = "account";
    private static final String MEMBER = "rel_srmember";
    public static final Table MEMBERSHIP = Table.of("reddit_rel_srmember", "rel_id", "rel_id", "thing1_id", "thing2_id", "name", "date");
    /** Reddit's {@code editted} (sic): a pickled datetime once edited. */
    public static final String EDITED = "editted";

    private final Rows rows;

    public RedditRows(Rows rows) {
        this.rows = rows;
    }

    private static final Map<String, Table> THINGS = new HashMap<>(), DATA = new HashMap<>();

    static {
        for (String type : new String[] {LINK, COMMENT, SUBREDDIT, ACCOUNT}) {
            THINGS.put(type, Table.of("reddit_thing_" + type, "thing_id", "thing_id", "ups", "downs", "deleted", "spam", "date"));
        }
        // A relation keeps its data the way a thing does.
        for (String type : new String[] {LINK, COMMENT, SUBREDDIT, ACCOUNT, MEMBER}) {
            DATA.put(type, Table.of("reddit_data_" + type, null, "thing_id", "key", "value", "kind"));
        }
    }

    public static Table thing(String type) {
        return THINGS.get(type);
    }

    public static Table data(String type) {
        return DATA.get(type);
    }

    /** The pickled datetime Reddit stores as a thing's edit time. */
    public static String editTime(long epochMicros) {
        return RedditPickle.encodeDatetime(Instant.EPOCH.plusNanos(epochMicros * 1000));
    }

    public void thing(String type, RedditThing t) {
        rows.row(thing(type)).number(t.id()).number(t.ups()).number(t.downs()).bool(t.deleted()).bool(t.spam())
                .timestamp(t.date()).endRow();
    }

    public void data(String type, long thingId, String key, String value, String kind) {
        rows.row(data(type)).number(thingId).text(key).text(value).text(kind).endRow();
    }

    /** A user's account; an account without an email holds the key with kind none. */
    public void account(RedditThing t, String name, String email) {
        thing(ACCOUNT, t);
        data(ACCOUNT, t.id(), "name", name, "str");
        data(ACCOUNT, t.id(), "email", email, email != null ? "str" : "none");
    }

    /** A channel: {@code title} and {@code publicDescription} null when the subreddit has none. */
    public void subreddit(RedditThing t, String name, String title, String type, String linkType, String publicDescription) {
        thing(SUBREDDIT, t);
        data(SUBREDDIT, t.id(), "name", name, "str");
        if (title != null) data(SUBREDDIT, t.id(), "title", title, "str");
        data(SUBREDDIT, t.id(), "type", type, "str");
        data(SUBREDDIT, t.id(), "link_type", linkType, "str");
        if (publicDescription != null) data(SUBREDDIT, t.id(), "public_description", publicDescription, "str");
        data(SUBREDDIT, t.id(), "lang", "en", "str");
    }

    /** An account's role in a subreddit; {@code permissions} (a moderator's) null when none. */
    public void membership(long relId, long subreddit, long account, String role, long date, String permissions) {
        rows.row(MEMBERSHIP).number(relId).number(subreddit).number(account).text(role).timestamp(date).endRow();
        if (permissions != null) data(MEMBER, relId, "permissions", permissions, "str");
    }

    /**
     * A post: {@code url} is the link's target, or a self post's permalink; {@code selftext} is
     * stored only when not empty. The counter is Reddit's own, which may drift from the comments.
     */
    public void link(RedditThing t, String title, String url, String selftext, boolean self, long authorAccount,
                     long subreddit, int numComments) {
        thing(LINK, t);
        data(LINK, t.id(), "title", title, "str");
        data(LINK, t.id(), "url", url, "str");
        if (selftext != null && !selftext.isEmpty()) data(LINK, t.id(), "selftext", selftext, "str");
        data(LINK, t.id(), "is_self", self ? "t" : "f", "bool");
        data(LINK, t.id(), "author_id", Long.toString(authorAccount), "num");
        data(LINK, t.id(), "sr_id", Long.toString(subreddit), "num");
        data(LINK, t.id(), "num_comments", Integer.toString(numComments), "num");
    }

    /** A comment; {@code parent} (the parent comment's id) null at top level, where Reddit stores no key. */
    public void comment(RedditThing t, String body, long link, Long parent, long authorAccount, long subreddit) {
        thing(COMMENT, t);
        data(COMMENT, t.id(), "body", body, "str");
        data(COMMENT, t.id(), "link_id", Long.toString(link), "num");
        if (parent != null) data(COMMENT, t.id(), "parent_id", parent.toString(), "num");
        data(COMMENT, t.id(), "author_id", Long.toString(authorAccount), "num");
        data(COMMENT, t.id(), "sr_id", Long.toString(subreddit), "num");
    }

    /** An edited thing's edit time. */
    public void edited(String type, long id, long editedAt) {
        data(type, id, EDITED, editTime(editedAt), "pickle");
    }

    /** A thing never edited that still holds the key, as False (most have no row). */
    public void neverEdited(String type, long id) {
        data(type, id, EDITED, "f", "bool");
    }

    /** A link post whose media object Reddit never fetched: the key, with no value. */
    public void noMediaObject(long linkId) {
        data(LINK, linkId, "media_object", null, "none");
    }
}
