package io.cutover.demo;

import io.cutover.mapping.Base36;
import io.cutover.mapping.PlainText;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the posts in order, each with its whole comment thread and every vote on them: a post
 * is drawn complete before any row of it is written (its counters come from its thread and votes),
 * and the whole world is never held. Comments are numbered across the world, post after post.
 */
final class PostDraw {
    // Streams of KeyedRandom: one per kind of entity (the comment details draw from COMMENT + 10).
    private static final int POST = 3, COMMENT = 4;
    private static final long DAY = Timeline.DAY;
    private static final int MAX_DEPTH = 15;
    private static final String[] LINK_HOSTS = {"ocw.mit.edu", "news.mit.edu", "arxiv.org", "github.com",
            "en.wikipedia.org", "www.youtube.com", "medium.com", "www.nature.com"};

    private final Scale scale;
    private final long seed;
    private final Timeline timeline;
    private final List<Forum.Channel> channels;
    private final VoteDraw votes;
    /** Siblings' times drawn against their ids: a sort by time is then no sort by id. */
    private final boolean unorderedIds;
    private long nextCommentIndex;

    PostDraw(Scale scale, long seed, Timeline timeline, List<Forum.Channel> channels) {
        this(scale, seed, timeline, channels, false);
    }

    PostDraw(Scale scale, long seed, Timeline timeline, List<Forum.Channel> channels, boolean unorderedIds) {
        this.unorderedIds = unorderedIds;
        this.scale = scale;
        this.seed = seed;
        this.timeline = timeline;
        this.channels = channels;
        this.votes = new VoteDraw(seed, scale.users, timeline);
    }

    /** The k-th post; posts are drawn in order (their comments' numbers follow from the ones before). */
    Forum.Post post(int k) {
        SplittableRandom r = KeyedRandom.of(seed, POST, k);
        int channel = KeyedRandom.skewed(r, scale.channels, 2.5);
        int author = KeyedRandom.skewed(r, scale.users, 2.0);
        long id = WorldIds.linkId(k);
        long span = Timeline.SPAN_MICROS;
        long date = timeline.start() + k * (span / scale.posts) + r.nextLong(Math.max(1, span / scale.posts));
        String type = postType(r, channels.get(channel));
        String title = TextMaker.title(r);
        String permalink = "/r/" + channels.get(channel).name() + "/comments/" + Base36.encode(id) + "/" + slug(title) + "/";

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
        long editedAt = timeline.beforeEnd(date + r.nextLong(30 * DAY));
        Forum.Edit edit = new Forum.Edit(edited, editedAt, r.nextInt(2) == 0);
        boolean spam = r.nextInt(33) == 0;
        boolean deleted = r.nextInt(25) == 0;
        int frontpage = r.nextInt(10);
        Boolean excludeFromEmails = frontpage < 3 ? null : frontpage < 9 ? Boolean.FALSE : Boolean.TRUE;
        boolean scoreSynced = r.nextInt(33) != 0;
        boolean mediaObject = type.equals("link") && r.nextInt(5) == 0;
        boolean subscribes = r.nextInt(10) < 6;

        List<Forum.Comment> thread = thread(r, date);
        Forum.Votes postVotes = votes.votes(r, author, date, scale.meanVotesPerPost, id, true);
        String cover = article != null && r.nextBoolean() ? "article/" + Base36.encode(id) + "/cover.jpg" : null;
        String thumbnail = url != null && r.nextBoolean() ? "https://img.example.org/" + Base36.encode(id) + ".png" : null;
        return new Forum.Post(k, id, channel, author, date, type, title, permalink, url, text, preview, plain, article, edit,
                spam, deleted, excludeFromEmails, scoreSynced, mediaObject, subscribes, cover, thumbnail,
                thread.size() + storedCountDrift(k), thread, postVotes);
    }

    private static String postType(SplittableRandom r, Forum.Channel channel) {
        int t = r.nextInt(20);
        return switch (channel.linkType()) {
            case 'l' -> "link";
            case 's' -> channel.articles() && t < 3 ? "article" : "self";
            default -> t < 9 ? "link" : (t < 18 || !channel.articles()) ? "self" : "article";
        };
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

    /** One post's comments: first the thread's shape (parents, depths, times), then each comment. */
    private List<Forum.Comment> thread(SplittableRandom r, long postDate) {
        int count = KeyedRandom.heavyTailed(r, scale.meanCommentsPerPost, scale.maxCommentsPerPost);
        long first = nextCommentIndex;
        nextCommentIndex += count;
        int[] parent = new int[count];
        int[] depth = new int[count];
        long[] dates = new long[count];
        long time = postDate;
        for (int i = 0; i < count; i++) {
            SplittableRandom c = KeyedRandom.of(seed, COMMENT, first + i);
            time += 1 + (long) (-Math.log(1 - c.nextDouble()) * 2 * Timeline.HOUR);
            // A thread still going at the end of the as-of day has its last comments just before it.
            dates[i] = Math.min(time, timeline.end() - (count - i));
            int choice = c.nextInt(100);
            int p = -1;
            if (i > 0 && choice >= 35) {
                p = choice < 70 ? i - 1 : c.nextInt(i);
                if (depth[p] >= MAX_DEPTH) p = -1;
            }
            parent[i] = p;
            depth[i] = p < 0 ? 0 : depth[p] + 1;
        }
        if (unorderedIds) reverseSiblingTimes(parent, dates);
        List<Forum.Comment> comments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) comments.add(comment(first + i, parent[i], dates[i]));
        return comments;
    }

    /**
     * Among each node's children the times go to the ids in reverse: the first comment by id gets
     * the last time. The times stay the thread's own (no new draw), so the world's other values
     * keep their draws.
     */
    private static void reverseSiblingTimes(int[] parent, long[] dates) {
        int n = parent.length;
        List<List<Integer>> children = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) children.add(new ArrayList<>());
        for (int i = 0; i < n; i++) children.get(parent[i] < 0 ? n : parent[i]).add(i);
        for (List<Integer> siblings : children) {
            for (int a = 0, b = siblings.size() - 1; a < b; a++, b--) {
                long t = dates[siblings.get(a)];
                dates[siblings.get(a)] = dates[siblings.get(b)];
                dates[siblings.get(b)] = t;
            }
        }
    }

    private Forum.Comment comment(long index, int parent, long date) {
        SplittableRandom r = KeyedRandom.of(seed, COMMENT + 10, index);
        long id = WorldIds.commentId(index);
        int author = KeyedRandom.skewed(r, scale.users, 2.0);
        String body = TextMaker.markdown(r, 2);
        boolean edited = r.nextInt(20) == 0;
        long editedAt = timeline.beforeEnd(date + r.nextLong(DAY));
        Forum.Edit edit = new Forum.Edit(edited, editedAt, r.nextInt(2) == 0);
        boolean spam = r.nextInt(50) == 0;
        boolean deleted = r.nextInt(33) == 0;
        boolean scoreSynced = r.nextInt(33) != 0;
        Forum.Votes commentVotes = votes.votes(r, author, date, scale.meanVotesPerComment, id, false);
        boolean subscribes = r.nextInt(5) == 0;
        return new Forum.Comment(index, id, parent, date, author, body, edit, spam, deleted, scoreSynced, subscribes, commentVotes);
    }
}
