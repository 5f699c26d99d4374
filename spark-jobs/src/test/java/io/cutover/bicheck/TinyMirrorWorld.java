package io.cutover.bicheck;

import io.cutover.mapping.PlainText;
import io.cutover.schema.SchemaScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small zero-fault world in the app database for bi-check's tests until the lead's demo
 * world is merged: channels_* rows and the discussions_* rows the migration makes of them,
 * derived by the rules of domain.md (new channel ids, Reddit ids as post and comment ids,
 * NULL parents for top-level comments, self -> text, pivoted group roles, plain_text).
 */
final class TinyMirrorWorld {
    private final Random random = new Random(42);
    private final Instant start = Instant.parse("2020-01-06T09:00:00Z");

    void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : SchemaScript.load("app.sql").statements()) st.execute(sql);
            for (String sql : SchemaScript.load("app-keys.sql").statements()) st.execute(sql);
        }
        c.setAutoCommit(false);
        int users = 8;
        for (int u = 1; u <= users; u++) {
            insert(c, "INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)"
                    + " VALUES (?, '', false, ?, '', '', ?, false, ?, ?)", u, "user" + u, "user" + u + "@example.org", u != 3, ts(u * 3L));
        }
        String[] names = {"micromasters", "mmcredentialholders", "data-science", "general"};
        String[] titles = {"MicroMasters", null, "Data Science", "General"};
        String[] types = {"public", "private", "public", "restricted"};
        long[] allowed = {3, 7, 1, 2};
        int group = 1;
        Map<Integer, Integer> newChannelId = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            int oldId = 10 + i, newId = 1 + i;
            newChannelId.put(oldId, newId);
            int moderators = group++, contributors = group++;
            insert(c, "INSERT INTO auth_group (id, name) VALUES (?, ?)", moderators, names[i] + "_moderators");
            insert(c, "INSERT INTO auth_group (id, name) VALUES (?, ?)", contributors, names[i] + "_contributors");
            String about = "{\"description\": \"" + (i == 2 ? "all about data" : "channel " + names[i]) + "\"}";
            insert(c, "INSERT INTO channels_channel (id, created_on, updated_on, name, title, channel_type, allowed_post_types, about,"
                    + " membership_is_managed, moderator_notifications) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, false, true)",
                    oldId, ts(i), ts(i), names[i], titles[i], types[i], allowed[i], about);
            insert(c, "INSERT INTO discussions_channel (id, created_on, updated_on, name, title, channel_type, allowed_post_types, about,"
                    + " membership_is_managed, public_description, moderator_group_id, contributor_group_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, false, '', ?, ?)",
                    newId, ts(i), ts(i), names[i], titles[i] == null ? names[i] : titles[i], types[i], allowed[i], about,
                    moderators, i == 3 ? null : contributors);
            insert(c, "INSERT INTO channels_channelgrouprole (id, created_on, updated_on, channel_id, group_id, role) VALUES (?, ?, ?, ?, ?, 'moderators')",
                    100 + 2 * i, ts(i), ts(i), oldId, moderators);
            if (i != 3) {
                insert(c, "INSERT INTO channels_channelgrouprole (id, created_on, updated_on, channel_id, group_id, role) VALUES (?, ?, ?, ?, ?, 'contributors')",
                        101 + 2 * i, ts(i), ts(i), oldId, contributors);
            }
            for (int u = 1; u <= users; u++) {
                if ((u + i) % 3 == 0) insert(c, "INSERT INTO auth_user_groups (id, user_id, group_id) VALUES (?, ?, ?)", (long) (u * 100 + moderators), u, moderators);
                if ((u + i) % 2 == 0) insert(c, "INSERT INTO auth_user_groups (id, user_id, group_id) VALUES (?, ?, ?)", (long) (u * 100 + contributors), u, contributors);
                if ((u * 7 + i) % 3 != 1) {
                    insert(c, "INSERT INTO channels_channelsubscription (id, created_on, updated_on, channel_id, user_id) VALUES (?, ?, ?, ?, ?)",
                            i * 100 + u, ts(10 + u * 2 + i), ts(10 + u * 2 + i), oldId, u);
                }
            }
        }
        // posts: Django serials 1.., Reddit ids overlapping the comment ids' range on purpose
        record Post(int id, long redditId, int channel, String type) {}
        List<Post> posts = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            int channel = 10 + random.nextInt(names.length);
            String type = i % 4 == 0 ? "article" : i % 3 == 0 ? "self" : "link";
            long reddit = 40 + i * 3L;
            Post p = new Post(i, reddit, channel, type);
            posts.add(p);
            int ups = 1 + random.nextInt(30);
            Integer oldScore = i % 5 == 0 ? null : ups; // not synced from Reddit yet
            String text = type.equals("self") ? "**Hello** [python](http://x) number " + i : null;
            String preview = type.equals("link") ? (i % 2 == 0 ? "about python " : "about java ") + i : null;
            String url = type.equals("link") ? "https://example.org/" + (i % 6) : null;
            String content = "[{\"type\": \"paragraph\", \"text\": \"article " + i + "\"}]";
            String plain = switch (type) {
                case "link" -> preview;
                case "self" -> PlainText.fromMarkdown(text);
                default -> PlainText.fromArticle(content);
            };
            boolean deleted = i == 7, removed = i == 11, edited = i % 6 == 1;
            Timestamp created = ts(20 + i * 4L + random.nextInt(3));
            int numComments = 0; // updated below
            insert(c, "INSERT INTO channels_post (id, created_on, updated_on, channel_id, author_id, post_id, post_type, title, text, preview_text, url,"
                    + " score, num_comments, edited, removed, deleted, exclude_from_frontpage_emails) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,false)",
                    i, created, created, channel, 1 + i % users, reddit, type, "Post " + i, text, preview, url, oldScore == null ? null : (long) oldScore,
                    (long) numComments, edited, removed, deleted);
            insert(c, "INSERT INTO discussions_post (id, created_on, updated_on, channel_id, author_id, post_type, title, text, url, plain_text, score,"
                    + " num_comments, edited, removed, deleted, reports_ignored) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,false)",
                    reddit, created, created, newChannelId.get(channel), 1 + i % users, type.equals("self") ? "text" : type, "Post " + i, text, url,
                    plain, ups, numComments, edited, removed, deleted);
            if (type.equals("article")) {
                insert(c, "INSERT INTO channels_article (id, created_on, updated_on, post_id, author_id, content, cover_image) VALUES (?,?,?,?,?,?::jsonb,?)",
                        i, created, created, i, 1 + i % users, content, i % 8 == 0 ? "cover.png" : null);
            }
        }
        for (int k = 0; k < 6; k++) {
            insert(c, "INSERT INTO channels_linkmeta (id, created_on, updated_on, url, thumbnail) VALUES (?,?,?,?,?)",
                    k + 1, ts(1), ts(1), "https://example.org/" + k, k % 2 == 0 ? "thumb" + k : null);
        }
        // comments: top-level ones hold the post's Reddit id in the old parent_id, NULL in the new
        record Comment(int id, long redditId, Post post) {}
        List<Comment> comments = new ArrayList<>();
        Map<Integer, Integer> perPost = new HashMap<>();
        for (int i = 1; i <= 40; i++) {
            Post drawn = posts.get(random.nextInt(posts.size()));
            Post post = drawn.id() % 5 == 2 ? posts.get(0) : drawn; // some posts stay unanswered
            List<Comment> siblings = comments.stream().filter(x -> x.post() == post).toList();
            Comment parent = siblings.isEmpty() || random.nextInt(3) == 0 ? null : siblings.get(random.nextInt(siblings.size()));
            long reddit = 30 + i * 2L;
            Comment cm = new Comment(1000 + i, reddit, post);
            comments.add(cm);
            perPost.merge(post.id(), 1, Integer::sum);
            Integer ups = i % 7 == 0 ? null : random.nextInt(12);
            Timestamp created = ts(20 + post.id() * 4L + 1 + i % 5);
            boolean deleted = i % 13 == 0, removed = i % 17 == 0, edited = i % 9 == 0;
            insert(c, "INSERT INTO channels_comment (id, created_on, updated_on, post_id, author_id, comment_id, parent_id, text, score, edited, removed, deleted)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", cm.id(), created, created, post.id(), 1 + i % users, reddit,
                    parent == null ? post.redditId() : parent.redditId(), "comment " + i, ups == null ? null : (long) (int) ups, edited, removed, deleted);
            insert(c, "INSERT INTO discussions_comment (id, created_on, updated_on, post_id, parent_id, author_id, text, score, edited, removed, deleted, reports_ignored)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,false)", reddit, created, created, post.redditId(), parent == null ? null : parent.redditId(),
                    1 + i % users, "comment " + i, ups == null ? 3 : ups, edited, removed, deleted);
        }
        for (Post p : posts) {
            int n = perPost.getOrDefault(p.id(), 0);
            insert(c, "UPDATE channels_post SET num_comments = ? WHERE id = ?", (long) n, p.id());
            insert(c, "UPDATE discussions_post SET num_comments = ? WHERE id = ?", n, p.redditId());
        }
        int sub = 1;
        for (int u = 1; u <= users; u++) {
            for (Post p : posts) {
                if ((u + p.id()) % 5 == 0) {
                    insert(c, "INSERT INTO channels_subscription (id, created_on, updated_on, user_id, post_id, comment_id) VALUES (?,?,?,?,?,NULL)",
                            sub++, ts(50), ts(50), u, p.redditId());
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private Timestamp ts(long days) {
        return Timestamp.from(start.plus(days, ChronoUnit.DAYS).plus(days * 37, ChronoUnit.MINUTES));
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) ps.setNull(i + 1, Types.NULL);
                else ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
