package io.cutover.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each source's posts, comments and channels brought to one shape with SQL: the Reddit
 * key-value rows pivoted, foreign keys replaced by the natural keys they point to (channel
 * name, username), post types folded (self and article are both "self" posts to Reddit).
 * Column names are the discussions_* names, so a difference names the column a fault touched.
 */
final class CanonicalRows {
    private CanonicalRows() {}

    static final String REDDIT_POSTS = """
            WITH d AS (SELECT thing_id,
                max(value) FILTER (WHERE key = 'title') AS title, max(value) FILTER (WHERE key = 'url') AS url,
                max(value) FILTER (WHERE key = 'selftext') AS selftext, max(value) FILTER (WHERE key = 'is_self') AS is_self,
                max(value) FILTER (WHERE key = 'author_id') AS author_id, max(value) FILTER (WHERE key = 'sr_id') AS sr_id,
                max(value) FILTER (WHERE key = 'num_comments') AS num_comments,
                max(kind) FILTER (WHERE key = 'editted') AS editted_kind
              FROM reddit_data_link GROUP BY thing_id),
            sr AS (SELECT thing_id, max(value) FILTER (WHERE key = 'name') AS name FROM reddit_data_subreddit GROUP BY thing_id),
            acct AS (SELECT thing_id, max(value) FILTER (WHERE key = 'name') AS name FROM reddit_data_account GROUP BY thing_id)
            SELECT t.thing_id AS id, sr.name AS channel_id, acct.name AS author_id,
                   CASE d.is_self WHEN 'f' THEN 'link' ELSE 'self' END AS post_type, d.title,
                   CASE WHEN d.is_self = 'f' THEN NULL ELSE coalesce(d.selftext, '') END AS text,
                   CASE WHEN d.is_self = 'f' THEN d.url END AS url,
                   t.ups AS score, d.num_comments::bigint AS num_comments, coalesce(d.editted_kind = 'pickle', false) AS edited,
                   t.spam AS removed, t.deleted, t.date AS created_on
            FROM reddit_thing_link t JOIN d USING (thing_id)
            LEFT JOIN sr ON sr.thing_id = d.sr_id::bigint LEFT JOIN acct ON acct.thing_id = d.author_id::bigint""";

    static final String NEW_POSTS = """
            SELECT p.id, c.name AS channel_id, u.username AS author_id,
                   CASE p.post_type WHEN 'link' THEN 'link' ELSE 'self' END AS post_type, p.title,
                   CASE WHEN p.post_type = 'link' THEN p.text ELSE coalesce(p.text, '') END AS text, p.url,
                   p.score::bigint AS score, p.num_comments::bigint AS num_comments, p.edited, p.removed, p.deleted, p.created_on
            FROM discussions_post p JOIN discussions_channel c ON c.id = p.channel_id LEFT JOIN auth_user u ON u.id = p.author_id""";

    /** The mirror's score is Reddit's ups when synced and NULL when not: left out here, checked on its own. */
    static final String OLD_POSTS = """
            SELECT p.post_id AS id, c.name AS channel_id, u.username AS author_id,
                   CASE p.post_type WHEN 'link' THEN 'link' ELSE 'self' END AS post_type, p.title,
                   CASE WHEN p.post_type = 'link' THEN p.text ELSE coalesce(p.text, '') END AS text, p.url,
                   p.num_comments, p.edited, p.removed, p.deleted, p.created_on
            FROM channels_post p JOIN channels_channel c ON c.id = p.channel_id LEFT JOIN auth_user u ON u.id = p.author_id""";

    static final String REDDIT_COMMENTS = """
            WITH d AS (SELECT thing_id,
                max(value) FILTER (WHERE key = 'body') AS body, max(value) FILTER (WHERE key = 'link_id') AS link_id,
                max(value) FILTER (WHERE key = 'parent_id') AS parent_id, max(value) FILTER (WHERE key = 'author_id') AS author_id,
                max(kind) FILTER (WHERE key = 'editted') AS editted_kind
              FROM reddit_data_comment GROUP BY thing_id),
            acct AS (SELECT thing_id, max(value) FILTER (WHERE key = 'name') AS name FROM reddit_data_account GROUP BY thing_id)
            SELECT t.thing_id AS id, d.link_id::bigint AS post_id, d.parent_id::bigint AS parent_id, acct.name AS author_id,
                   d.body AS text, t.ups::bigint AS score, coalesce(d.editted_kind = 'pickle', false) AS edited,
                   t.spam AS removed, t.deleted, t.date AS created_on
            FROM reddit_thing_comment t JOIN d USING (thing_id) LEFT JOIN acct ON acct.thing_id = d.author_id::bigint""";

    static final String NEW_COMMENTS = """
            SELECT c.id, c.post_id, c.parent_id, u.username AS author_id, c.text, c.score::bigint AS score,
                   c.edited, c.removed, c.deleted, c.created_on
            FROM discussions_comment c LEFT JOIN auth_user u ON u.id = c.author_id""";

    /** parent_id stays raw here: the mirror stores the post's Reddit id for a top-level comment. */
    static final String OLD_COMMENTS = """
            SELECT c.comment_id AS id, p.post_id, c.parent_id, u.username AS author_id, c.text,
                   c.edited, c.removed, c.deleted, c.created_on
            FROM channels_comment c JOIN channels_post p ON p.id = c.post_id LEFT JOIN auth_user u ON u.id = c.author_id""";

    static final String REDDIT_CHANNELS = """
            SELECT max(value) FILTER (WHERE key = 'name') AS name,
                   coalesce(max(value) FILTER (WHERE key = 'title'), max(value) FILTER (WHERE key = 'name')) AS title,
                   max(value) FILTER (WHERE key = 'type') AS channel_type,
                   CASE max(value) FILTER (WHERE key = 'link_type') WHEN 'any' THEN 3 WHEN 'link' THEN 1 ELSE 2 END AS link_self_bits,
                   coalesce(max(value) FILTER (WHERE key = 'public_description'), '') AS public_description
            FROM reddit_data_subreddit GROUP BY thing_id""";

    static final String NEW_CHANNELS = """
            SELECT c.name, c.title, c.channel_type, c.allowed_post_types & 3 AS link_self_bits, c.public_description,
                   c.allowed_post_types AS allowed_post_types, m.name AS moderator_group, g.name AS contributor_group
            FROM discussions_channel c LEFT JOIN auth_group m ON m.id = c.moderator_group_id
            LEFT JOIN auth_group g ON g.id = c.contributor_group_id""";

    static final String OLD_CHANNELS = """
            SELECT c.name, coalesce(c.title, c.name) AS title, c.channel_type, c.allowed_post_types & 3 AS link_self_bits,
                   c.allowed_post_types AS allowed_post_types,
                   max(g.name) FILTER (WHERE r.role = 'moderators') AS moderator_group,
                   max(g.name) FILTER (WHERE r.role = 'contributors') AS contributor_group
            FROM channels_channel c LEFT JOIN channels_channelgrouprole r ON r.channel_id = c.id
            LEFT JOIN auth_group g ON g.id = r.group_id GROUP BY c.id""";

    /** Rows by their first column; every other column by name, timestamps as instants. */
    static Map<Object, Map<String, Object>> load(Connection c, String sql) throws SQLException {
        Map<Object, Map<String, Object>> rows = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    Object v = md.getColumnType(i) == Types.TIMESTAMP || md.getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE
                            ? toInstant(rs.getObject(i, OffsetDateTime.class)) : rs.getObject(i);
                    if (v instanceof Integer n) v = n.longValue();
                    if (v instanceof Short n) v = n.longValue();
                    row.put(md.getColumnLabel(i), v);
                }
                Object previous = rows.put(rs.getObject(1), row);
                if (previous != null) throw new AssertionError("duplicate key " + rs.getObject(1) + " in: " + sql);
            }
        }
        return rows;
    }

    private static Object toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** "key" for a row on one side only, "key.column" for a value that differs; columns absent on one side are skipped. */
    static TreeSet<String> differences(Map<Object, Map<String, Object>> a, Map<Object, Map<String, Object>> b) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<Object, Map<String, Object>> e : a.entrySet()) {
            Map<String, Object> other = b.get(e.getKey());
            if (other == null) {
                out.add(e.getKey() + "");
                continue;
            }
            for (Map.Entry<String, Object> col : e.getValue().entrySet()) {
                if (other.containsKey(col.getKey()) && !Objects.equals(col.getValue(), other.get(col.getKey()))) {
                    out.add(e.getKey() + "." + col.getKey());
                }
            }
        }
        for (Object key : b.keySet()) if (!a.containsKey(key)) out.add(key + "");
        return out;
    }
}
