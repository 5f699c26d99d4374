package io.cutover.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import io.cutover.mapping.PlainText;
import io.cutover.mapping.RedditPickle;
import io.cutover.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes one consistent world, as after a correct migration, into the table streams and the
 * vote export: the Reddit backend, the channels_* mirror and the discussions_* tables hold the
 * same things under their own ids and encodings (domain.md lists every trap reproduced here).
 */
final class WorldGenerator {
    // Streams of KeyedRandom: one per kind of entity.
    private static final int USER = 1, CHANNEL = 2, POST = 3, COMMENT = 4, CLEARED_VOTES = 5;
    /** Reddit keeps an un-vote as direction 0: about this many of a thing's votes were cleared again. */
    private static final int CLEARED_PER_THOUSAND = 4;

    /** Four years of posts, ending on the as-of day; channels and users come before. */
    static final long SPAN_MICROS = 4L * 365 * 86_400 * 1_000_000;
    private static final long DAY = 86_400L * 1_000_000;
    private static final long HOUR = 3_600L * 1_000_000;
    private static final int MAX_DEPTH = 15;

    private static final String[] TOPICS = ("datascience supplychain finance economics physics python statistics "
            + "probability climate policy energy circuits robotics biology chemistry writing design "
            + "entrepreneurship healthcare education linearalgebra calculus algorithms networks security").split(" ");
    private static final String[] LINK_HOSTS = {"ocw.mit.edu", "news.mit.edu", "arxiv.org", "github.com",
            "en.wikipedia.org", "www.youtube.com", "medium.com", "www.nature.com"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scale scale;
    private final long seed;
    /** The first post's earliest time, and the end of the as-of day (exclusive): nothing happens after it. */
    private final long baseMicros, endMicros;
    private final Map<String, CopyStream> streams;
    private final Writer voteExport;
    private final Progress progress;
    private final CommentTrees trees;

    private final String[] usernames;
    private final String[] channelNames;
    private final int[] newChannelIds;
    private final char[] channelLinkType;      // a(ny), l(ink), s(elf)
    private final boolean[] channelArticles;

    private long nextCommentIndex;
    private long nextPostVoteId = 1, nextCommentVoteId = 1;
    private int nextRelId = 1, nextSubscriptionId = 1, nextGroupRoleId = 1, nextChannelSubscriptionId = 1;
    private int nextUserGroupId = 1, nextArticleId = 1, nextLinkMetaId = 1;
    private long rowsReported;
    private long clearedVotes;

    WorldGenerator(Scale scale, long seed, LocalDate asOf, Map<String, CopyStream> streams, Writer voteExport, Progress progress) {
        this.scale = scale;
        this.seed = seed;
        this.endMicros = asOf.plusDays(1).toEpochDay() * DAY;
        this.baseMicros = endMicros - SPAN_MICROS;
        this.streams = streams;
        this.voteExport = voteExport;
        this.progress = progress;
        this.trees = new CommentTrees(streams);
        this.usernames = new String[scale.users];
        this.channelNames = new String[scale.channels];
        this.newChannelIds = new int[scale.channels];
        this.channelLinkType = new char[scale.channels];
        this.channelArticles = new boolean[scale.channels];
    }

    // ---- ids: each source numbers things its own way ---------------------------------------

    static long accountId(int user) { return 7 + user + user / 50; }
    static int userId(int user) { return user + 1; }
    static long subredditId(int channel) { return 1 + channel + channel / 7; }
    static int oldChannelId(int channel) { return channel + 1; }
    /** Link and comment ids come from separate sequences and overlap on purpose. */
    static long linkId(int post) { return 23 + post + post / 97; }
    static long commentId(long comment) { return 11 + comment + comment / 113; }
    static int moderatorGroupId(int channel) { return 2 * channel + 1; }
    static int contributorGroupId(int channel) { return 2 * channel + 2; }

    void generate() throws IOException {
        voteExport.write("voter,thing,direction,date\n");
        for (int i = 0; i < scale.users; i++) user(i);
        nameChannels();
        for (int j = 0; j < scale.channels; j++) channel(j);
        for (int k = 0; k < scale.posts; k++) {
            post(k);
            if ((k & 63) == 0) reportRows();
        }
        reportRows();
    }

    /** Lines of the export that clear a vote (direction 0). */
    long clearedVotes() {
        return clearedVotes;
    }

    private void reportRows() {
        long total = 0;
        for (CopyStream s : streams.values()) total += s.rows();
        progress.add(total - rowsReported);
        rowsReported = total;
    }

    private CopyStream s(String table) {
        return streams.get(table);
    }

    private void thing(String table, long id, int ups, int downs, boolean deleted, boolean spam, long date) {
        s(table).number(id).number(ups).number(downs).bool(deleted).bool(spam).timestamp(date).endRow();
    }

    private void data(String table, long thingId, String key, String value, String kind) {
        s(table).number(thingId).text(key).text(value).text(kind).endRow();
    }

    // ---- users ------------------------------------------------------------------------------

    private void user(int i) {
        SplittableRandom r = KeyedRandom.of(seed, USER, i);
        String first = TextMaker.capitalize(TextMaker.WORDS_ASCII[r.nextInt(TextMaker.WORDS_ASCII.length)]);
        String name = first.toLowerCase() + "_" + Base36.encode(i);
        usernames[i] = name;
        long joined = baseMicros - 400 * DAY + (long) i * (390 * DAY / Math.max(1, scale.users)) + r.nextLong(HOUR);
        boolean hasEmail = r.nextInt(20) != 0;
        long acct = accountId(i);
        thing("reddit_thing_account", acct, 0, 0, false, false, joined);
        data("reddit_data_account", acct, "name", name, "str");
        data("reddit_data_account", acct, "email", hasEmail ? name + "@example.org" : null,
                hasEmail ? "str" : "none");
        CopyStream u = s("auth_user").number(userId(i)).text("!" + Long.toHexString(KeyedRandom.mix(seed * 31 + i)));
        if (r.nextInt(3) == 0) u.nul(); else u.timestamp(joined + r.nextLong(30 * DAY));
        u.bool(i == 0).text(name).text(first).text(r.nextInt(4) == 0 ? "" : "Learner")
         .text(hasEmail ? name + "@example.org" : "").bool(i < 3).bool(r.nextInt(100) != 0).timestamp(joined).endRow();
    }

    // ---- channels -----------------------------------------------------------------------------

    private void nameChannels() {
        for (int j = 0; j < scale.channels; j++) {
            channelNames[j] = j == 0 ? "micromasters" : j == 1 ? "mmcredentialholders"
                    : TOPICS[(j - 2) % TOPICS.length] + ((j - 2) >= TOPICS.length ? "_" + ((j - 2) / TOPICS.length) : "");
        }
        // discussions_channel numbers channels anew (alphabetically here): old ids do not survive.
        Integer[] order = new Integer[scale.channels];
        for (int j = 0; j < order.length; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> channelNames[a].compareTo(channelNames[b]));
        for (int rank = 0; rank < order.length; rank++) newChannelIds[order[rank]] = rank + 1;
    }

    private void channel(int j) {
        SplittableRandom r = KeyedRandom.of(seed, CHANNEL, j);
        String name = channelNames[j];
        int t = r.nextInt(10);
        String type = t < 7 ? "public" : t < 9 ? "restricted" : "private";
        int lt = r.nextInt(10);
        char linkType = j < 2 ? 'a' : lt < 6 ? 'a' : lt < 8 ? 'l' : 's';
        boolean articles = linkType != 'l' && r.nextBoolean();
        channelLinkType[j] = linkType;
        channelArticles[j] = articles;
        long allowed = (linkType != 's' ? 1 : 0) | (linkType != 'l' ? 2 : 0) | (articles ? 4 : 0);
        boolean titleKnown = r.nextInt(20) != 0;
        String title = TextMaker.capitalize(name) + " " + TextMaker.title(r);
        if (title.length() > 100) title = title.substring(0, 100).strip();
        String publicDescription = r.nextInt(10) < 4 ? null : TextMaker.sentence(r);
        String about = r.nextBoolean() ? null : aboutJson(TextMaker.sentence(r));
        String avatar = r.nextInt(10) < 6 ? "channel_avatar/" + name + ".png" : null;
        String banner = r.nextInt(10) < 3 ? "channel_banner/" + name + ".jpg" : null;
        String ga = r.nextInt(5) == 0 ? "UA-" + (10_000_000 + r.nextInt(89_999_999)) + "-1" : null;
        boolean managed = r.nextInt(10) == 0;
        boolean notifications = r.nextBoolean();
        long created = baseMicros - 30 * DAY - (long) (scale.channels - j) * (300 * DAY / scale.channels) - r.nextLong(DAY);
        long updated = created + r.nextLong(200 * DAY);
        boolean hasContributors = r.nextInt(10) != 0;

        long sr = subredditId(j);
        thing("reddit_thing_subreddit", sr, 0, 0, false, false, created);
        data("reddit_data_subreddit", sr, "name", name, "str");
        if (titleKnown) data("reddit_data_subreddit", sr, "title", title, "str");
        data("reddit_data_subreddit", sr, "type", type, "str");
        data("reddit_data_subreddit", sr, "link_type", linkType == 'a' ? "any" : linkType == 'l' ? "link" : "self", "str");
        if (publicDescription != null) data("reddit_data_subreddit", sr, "public_description", publicDescription, "str");
        data("reddit_data_subreddit", sr, "lang", "en", "str");

        s("channels_channel").number(oldChannelId(j)).timestamp(created).timestamp(updated).text(name)
                .text(titleKnown ? title : null).text(type).number(allowed).text(about).text(avatar)
                .text(avatar == null ? null : avatar.replace(".png", "_small.png"))
                .text(avatar == null ? null : avatar.replace(".png", "_medium.png"))
                .text(banner).text(ga).bool(managed).bool(notifications).endRow();
        s("discussions_channel").number(newChannelIds[j]).timestamp(created).timestamp(updated).text(name)
                .text(titleKnown ? title : name).text(type).number(allowed).text(about).text(avatar).text(banner)
                .text(ga).bool(managed).text(publicDescription == null ? "" : publicDescription)
                .number(moderatorGroupId(j)).number(hasContributors ? Long.valueOf(contributorGroupId(j)) : null).endRow();

        group(j, moderatorGroupId(j), name + "_moderators", "moderators", created);
        if (hasContributors) group(j, contributorGroupId(j), name + "_contributors", "contributors", created);

        Stride members = new Stride(scale.users, r);
        int moderators = 1 + r.nextInt(3);
        int contributors = !hasContributors ? 0
                : type.equals("public") ? r.nextInt(3) : 2 + KeyedRandom.heavyTailed(r, 6, scale.users / 10);
        int subscribers = KeyedRandom.heavyTailed(r, Math.max(3, 3.0 * scale.users / scale.channels), scale.users);
        for (int m = 0; m < moderators; m++) {
            int user = members.at(m);
            membership(j, user, "moderator", created + r.nextLong(DAY), "+all");
            userGroup(user, moderatorGroupId(j));
        }
        Stride others = new Stride(scale.users, r);
        for (int c = 0; c < Math.min(contributors, scale.users); c++) {
            int user = others.at(c);
            membership(j, user, "contributor", created + r.nextLong(100 * DAY), null);
            userGroup(user, contributorGroupId(j));
        }
        Stride readers = new Stride(scale.users, r);
        for (int n = 0; n < subscribers; n++) {
            int user = readers.at(n);
            long when = created + r.nextLong(SPAN_MICROS);
            membership(j, user, "subscriber", when, null);
            s("channels_channelsubscription").number(nextChannelSubscriptionId++).timestamp(when).timestamp(when)
                    .number(oldChannelId(j)).number(userId(user)).endRow();
        }
    }

    private void group(int channel, int groupId, String name, String role, long created) {
        s("auth_group").number(groupId).text(name).endRow();
        s("channels_channelgrouprole").number(nextGroupRoleId++).timestamp(created).timestamp(created)
                .number(oldChannelId(channel)).number(groupId).text(role).endRow();
    }

    private void userGroup(int user, int groupId) {
        s("auth_user_groups").number(nextUserGroupId++).number(userId(user)).number(groupId).endRow();
    }

    private void membership(int channel, int user, String role, long date, String permissions) {
        int rel = nextRelId++;
        s("reddit_rel_srmember").number(rel).number(subredditId(channel)).number(accountId(user)).text(role)
                .timestamp(date).endRow();
        if (permissions != null) data("reddit_data_rel_srmember", rel, "permissions", permissions, "str");
    }

    private static String aboutJson(String text) {
        ArrayNode about = JSON.createArrayNode();
        about.addObject().put("node", "text").put("value", text);
        return write(about);
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- posts, comments, votes ------------------------------------------------------------

    private void post(int k) throws IOException {
        SplittableRandom r = KeyedRandom.of(seed, POST, k);
        int channel = KeyedRandom.skewed(r, scale.channels, 2.5);
        int author = KeyedRandom.skewed(r, scale.users, 2.0);
        long id = linkId(k);
        long date = baseMicros + k * (SPAN_MICROS / scale.posts) + r.nextLong(Math.max(1, SPAN_MICROS / scale.posts));
        String type = postType(r, channel);
        String title = TextMaker.title(r);
        String permalink = "/r/" + channelNames[channel] + "/comments/" + Base36.encode(id) + "/" + slug(title) + "/";

        String url = null, text = null, preview = null, plain, article = null;
        switch (type) {
            case "link" -> {
                url = "https://" + LINK_HOSTS[r.nextInt(LINK_HOSTS.length)] + "/" + TextMaker.WORDS_ASCII[r.nextInt(20)]
                        + "/" + Base36.encode(id) + (r.nextInt(4) == 0 ? "?utm_source=forum&ref=" + k : "");
                preview = r.nextInt(10) < 7 ? TextMaker.preview(r) : null;
                plain = preview;
            }
            case "self" -> {
                text = r.nextInt(12) == 0 ? "" : TextMaker.markdown(r, 6);
                plain = PlainText.fromMarkdown(text);
            }
            default -> {
                article = TextMaker.article(r);
                plain = PlainText.fromArticle(article);
            }
        }
        boolean edited = r.nextInt(10) == 0;
        long editedAt = beforeEnd(date + r.nextLong(30 * DAY));
        int editMark = r.nextInt(2);
        boolean spam = r.nextInt(33) == 0;
        boolean deleted = r.nextInt(25) == 0;
        int frontpage = r.nextInt(10);
        Boolean excludeFromEmails = frontpage < 3 ? null : frontpage < 9 ? Boolean.FALSE : Boolean.TRUE;
        boolean scoreSynced = r.nextInt(33) != 0;
        boolean mediaObject = type.equals("link") && r.nextInt(5) == 0;
        boolean subscribes = r.nextInt(10) < 6;

        // Comments and votes first: the post's counters come from them.
        ThreadShape thread = comments(k, r, date);
        Votes votes = votes(r, author, date, scale.meanVotesPerPost, Fullname.LINK, id, true);

        thing("reddit_thing_link", id, votes.ups, votes.downs, deleted, spam, date);
        data("reddit_data_link", id, "title", title, "str");
        data("reddit_data_link", id, "url", type.equals("link") ? url : permalink, "str");
        if (text != null && !text.isEmpty()) data("reddit_data_link", id, "selftext", text, "str");
        data("reddit_data_link", id, "is_self", type.equals("link") ? "f" : "t", "bool");
        data("reddit_data_link", id, "author_id", Long.toString(accountId(author)), "num");
        data("reddit_data_link", id, "sr_id", Long.toString(subredditId(channel)), "num");
        int numComments = thread.count + storedCountDrift(k);
        data("reddit_data_link", id, "num_comments", Integer.toString(numComments), "num");
        editMark(r, "reddit_data_link", id, edited, editedAt, editMark);
        if (mediaObject) data("reddit_data_link", id, "media_object", null, "none");

        int oldPostId = k + 1;
        long updated = edited ? editedAt : date;
        s("channels_post").number(oldPostId).timestamp(date).timestamp(updated).number(oldChannelId(channel))
                .number(userId(author)).number(id).text(type).text(title).text(text).text(preview).text(url)
                .number(scoreSynced ? Long.valueOf(votes.ups) : null).number(numComments)
                .bool(edited).bool(spam).bool(deleted).bool(excludeFromEmails).endRow();
        s("discussions_post").number(id).timestamp(date).timestamp(updated).number(newChannelIds[channel])
                .number(userId(author)).text(type.equals("self") ? "text" : type).text(title).text(text).text(url)
                .text(plain).number(votes.ups).number(numComments).bool(edited).bool(spam).bool(deleted).bool(false)
                .endRow();
        if (article != null) {
            s("channels_article").number(nextArticleId++).timestamp(date).timestamp(updated).number(oldPostId)
                    .number(userId(author)).text(article)
                    .text(r.nextBoolean() ? "article/" + Base36.encode(id) + "/cover.jpg" : null).endRow();
        }
        if (url != null) {
            s("channels_linkmeta").number(nextLinkMetaId++).timestamp(date).timestamp(date).text(url)
                    .text(r.nextBoolean() ? "https://img.example.org/" + Base36.encode(id) + ".png" : null).endRow();
        }
        if (subscribes) {
            s("channels_subscription").number(nextSubscriptionId++).timestamp(date).timestamp(date)
                    .number(userId(author)).number(id).nul().endRow();
        }
        thread.emit(this, k, oldPostId, id, channel);
        votes.emit(this);
    }

    private String postType(SplittableRandom r, int channel) {
        int t = r.nextInt(20);
        return switch (channelLinkType[channel]) {
            case 'l' -> "link";
            case 's' -> channelArticles[channel] && t < 3 ? "article" : "self";
            default -> t < 9 ? "link" : (t < 18 || !channelArticles[channel]) ? "self" : "article";
        };
    }

    /** Reddit's {@code editted}: absent or False when never edited, else a pickled datetime. */
    private void editMark(SplittableRandom r, String table, long id, boolean edited, long editedAt, int mark) {
        if (edited) {
            data(table, id, "editted", RedditPickle.encodeDatetime(Instant.EPOCH.plusNanos(editedAt * 1000)), "pickle");
        } else if (mark == 0) {
            data(table, id, "editted", "f", "bool");
        }
    }

    private static String slug(String title) {
        StringBuilder b = new StringBuilder();
        for (char c : title.toLowerCase().toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') b.append(c);
            else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') b.append('_');
            if (b.length() >= 50) break;
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '_') b.setLength(b.length() - 1);
        return b.length() == 0 ? "post" : b.toString();
    }

    /**
     * Reddit's stored num_comments drifts from the comments present (it is updated asynchronously
     * and keeps counting comments deleted later): about one post in 37 counts 1 to 3 more. The
     * mirror and the backfill copied the drifted counter, so every world, clean ones too, has
     * check hits that the old data shares. A function of the post's index: no random draw moves.
     */
    static int storedCountDrift(int post) {
        return post % 37 == 5 ? 1 + post % 3 : 0;
    }

    /** One post's comment tree: parents, depths and times, generated before anything is written. */
    private ThreadShape comments(int post, SplittableRandom r, long postDate) {
        int count = KeyedRandom.heavyTailed(r, scale.meanCommentsPerPost, scale.maxCommentsPerPost);
        ThreadShape t = new ThreadShape(nextCommentIndex, count);
        nextCommentIndex += count;
        long time = postDate;
        for (int i = 0; i < count; i++) {
            SplittableRandom c = KeyedRandom.of(seed, COMMENT, t.first + i);
            time += 1 + (long) (-Math.log(1 - c.nextDouble()) * 2 * HOUR);
            // A thread still going at the end of the as-of day has its last comments just before it.
            t.dates[i] = Math.min(time, endMicros - (count - i));
            int choice = c.nextInt(100);
            int parent = -1;
            if (i > 0 && choice >= 35) {
                parent = choice < 70 ? i - 1 : c.nextInt(i);
                if (t.depth[parent] >= MAX_DEPTH) parent = -1;
            }
            t.parent[i] = parent;
            t.depth[i] = parent < 0 ? 0 : t.depth[parent] + 1;
        }
        return t;
    }

    private final class ThreadShape {
        final long first;
        final int count;
        final int[] parent;
        final int[] depth;
        final long[] dates;
        final int[] scores;

        ThreadShape(long first, int count) {
            this.first = first;
            this.count = count;
            this.parent = new int[count];
            this.depth = new int[count];
            this.dates = new long[count];
            this.scores = new int[count];
        }

        void emit(WorldGenerator g, int post, int oldPostId, long linkId, int channel) throws IOException {
            for (int i = 0; i < count; i++) {
                long index = first + i;
                SplittableRandom r = KeyedRandom.of(seed, COMMENT + 10, index);
                long id = commentId(index);
                Long parentId = parent[i] < 0 ? null : commentId(first + parent[i]);
                int author = KeyedRandom.skewed(r, scale.users, 2.0);
                String body = TextMaker.markdown(r, 2);
                boolean edited = r.nextInt(20) == 0;
                long editedAt = beforeEnd(dates[i] + r.nextLong(DAY));
                int editMark = r.nextInt(2);
                boolean spam = r.nextInt(50) == 0;
                boolean deleted = r.nextInt(33) == 0;
                boolean scoreSynced = r.nextInt(33) != 0;
                Votes votes = votes(r, author, dates[i], scale.meanVotesPerComment, Fullname.COMMENT, id, false);
                long updated = edited ? editedAt : dates[i];
                scores[i] = votes.ups;

                thing("reddit_thing_comment", id, votes.ups, votes.downs, deleted, spam, dates[i]);
                data("reddit_data_comment", id, "body", body, "str");
                data("reddit_data_comment", id, "link_id", Long.toString(linkId), "num");
                if (parentId != null) data("reddit_data_comment", id, "parent_id", parentId.toString(), "num");
                data("reddit_data_comment", id, "author_id", Long.toString(accountId(author)), "num");
                data("reddit_data_comment", id, "sr_id", Long.toString(subredditId(channel)), "num");
                editMark(r, "reddit_data_comment", id, edited, editedAt, editMark);

                // The mirror keeps the Reddit parent with its t1_/t3_ prefix lost: the post's id for top-level.
                s("channels_comment").number(index + 1).timestamp(dates[i]).timestamp(updated).number(oldPostId)
                        .number(userId(author)).number(id).number(parentId == null ? linkId : parentId).text(body)
                        .number(scoreSynced ? Long.valueOf(votes.ups) : null).bool(edited).bool(spam).bool(deleted).endRow();
                s("discussions_comment").number(id).timestamp(dates[i]).timestamp(updated).number(linkId)
                        .number(parentId).number(userId(author)).text(body).number(votes.ups).bool(edited).bool(spam)
                        .bool(deleted).bool(false).endRow();
                if (r.nextInt(5) == 0) {
                    s("channels_subscription").number(nextSubscriptionId++).timestamp(dates[i]).timestamp(dates[i])
                            .number(userId(author)).number(linkId).number(id).endRow();
                }
                votes.emit(g);
            }
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) ids[i] = commentId(first + i);
            trees.post(post, linkId, ids, parent, dates, scores);
        }
    }

    // ---- votes ------------------------------------------------------------------------------

    /** The votes on one thing; the author's own up-vote comes first, as Reddit records it. */
    private Votes votes(SplittableRandom r, int author, long thingDate, double mean, int type, long thingId, boolean post) {
        int others = KeyedRandom.heavyTailed(r, Math.max(0, mean - 1), scale.users - 1);
        Votes v = new Votes(type, thingId, post, others + 1);
        v.add(author, 1, millis(thingDate));
        Stride voters = new Stride(scale.users, r);
        int n = 0;
        for (int taken = 0; taken < others; n++) {
            int user = voters.at(n);
            if (user == author) continue;
            int direction = r.nextInt(100) < 82 ? 1 : -1;
            v.add(user, direction, millis(beforeEnd(thingDate + (long) (-Math.log(1 - r.nextDouble()) * DAY))));
            taken++;
        }
        addClearedVotes(v, voters, n, author, thingDate);
        return v;
    }

    /**
     * Users who voted on the thing and took the vote back: the export holds their direction 0,
     * the new tables no row. Drawn from a stream of their own (the world's other bytes stay as
     * they were) among the users the stride has not reached, so no voter repeats.
     */
    private void addClearedVotes(Votes v, Stride voters, int next, int author, long thingDate) {
        SplittableRandom r = KeyedRandom.of(seed, CLEARED_VOTES, v.thingId * 2 + (v.post ? 1 : 0));
        int cleared = 0;
        for (int i = 0; i < v.size; i++) if (r.nextInt(1000) < CLEARED_PER_THOUSAND) cleared++;
        for (int n = next; cleared > 0 && n < scale.users; n++) {
            int user = voters.at(n);
            if (user == author) continue;
            v.clear(user, millis(beforeEnd(thingDate + (long) (-Math.log(1 - r.nextDouble()) * 3 * DAY))));
            cleared--;
        }
    }

    /** A time after the end of the as-of day moves to its last millisecond: the world has no future. */
    private long beforeEnd(long micros) {
        return Math.min(micros, endMicros - 1000);
    }

    /** Cassandra keeps vote times in milliseconds. */
    private static long millis(long micros) {
        return micros - Math.floorMod(micros, 1000L);
    }

    private final class Votes {
        final int type;
        final long thingId;
        final boolean post;
        final int[] voters;
        final byte[] directions;
        final long[] dates;
        int size, ups, downs;
        /** Cleared votes: in the export only. */
        int[] clearedVoters = new int[0];
        long[] clearedDates = new long[0];

        Votes(int type, long thingId, boolean post, int capacity) {
            this.type = type;
            this.thingId = thingId;
            this.post = post;
            this.voters = new int[capacity];
            this.directions = new byte[capacity];
            this.dates = new long[capacity];
        }

        void add(int user, int direction, long date) {
            voters[size] = user;
            directions[size] = (byte) direction;
            dates[size] = date;
            size++;
            if (direction > 0) ups++; else downs++;
        }

        void clear(int user, long date) {
            clearedVoters = Arrays.copyOf(clearedVoters, clearedVoters.length + 1);
            clearedDates = Arrays.copyOf(clearedDates, clearedDates.length + 1);
            clearedVoters[clearedVoters.length - 1] = user;
            clearedDates[clearedDates.length - 1] = date;
        }

        void emit(WorldGenerator g) throws IOException {
            String fullname = Base36.fullname(type, thingId);
            CopyStream table = post ? s("discussions_postvote") : s("discussions_commentvote");
            for (int i = 0; i < size; i++) {
                table.number(post ? nextPostVoteId++ : nextCommentVoteId++).timestamp(dates[i]).timestamp(dates[i])
                        .number(thingId).number(userId(voters[i])).number(directions[i]).endRow();
                voteExport.write(usernames[voters[i]] + "," + fullname + "," + directions[i] + ","
                        + Timestamps.isoMillis(dates[i]) + "\n");
            }
            for (int i = 0; i < clearedVoters.length; i++) {
                voteExport.write(usernames[clearedVoters[i]] + "," + fullname + ",0," + Timestamps.isoMillis(clearedDates[i]) + "\n");
                clearedVotes++;
            }
        }
    }

    /**
     * Distinct users without a set: start + n * step (mod users) with step coprime to users
     * visits every user once, so memberships and votes never repeat a (thing, user) pair.
     */
    static final class Stride {
        private final int n;
        private final long start;
        private final long step;

        Stride(int n, SplittableRandom r) {
            this.n = n;
            this.start = r.nextInt(n);
            long s = 1 + r.nextInt(Math.max(1, n - 1));
            while (gcd(s, n) != 1) s++;
            this.step = s;
        }

        int at(int i) {
            return (int) ((start + (i % n) * step) % n);
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }
}
