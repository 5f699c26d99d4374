package io.cutover.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.demo.DemoWorld;
import io.cutover.mapping.Fullname;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the app needs to know before it writes: refuses anything but a demo world on a
 * loopback server (a generator of writes must never reach a real database), then loads users,
 * channels, the newest posts with their comments and votes, and the largest ids. Things the
 * world's injected faults or an earlier run's failed writes touch are excluded from the
 * traffic, so that its truth, theirs and the ground truth never overlap. While the new tables
 * may lack rows (an earlier stage of the silo order), the working set comes from the mirror, with
 * the new tables' values where they hold the row.
 */
final class WorldLoader {
    /** The newest posts the traffic works on (with all their comments): enough activity, a bounded load. */
    static final int WORKING_POSTS = 2_000;
    private static final Pattern POST_NOTE = Pattern.compile("of post (\\d+)");

    private WorldLoader() {}

    /** {@code earlier}: the truth an earlier run left in this world (its things are left alone too). */
    static WorldState load(PostgresServer server, TrafficSpec spec, List<TruthEntry> earlier) {
        return load(server, spec, earlier, false);
    }

    /** {@code fromMirror}: the new tables may lack rows, so the things to write come from the mirror. */
    static WorldState load(PostgresServer server, TrafficSpec spec, List<TruthEntry> earlier, boolean fromMirror) {
        requireWorld(server, spec);
        WorldState w = new WorldState();
        Exclusions faults = Exclusions.of(spec.world().resolve("ground-truth.json"));
        faults.add(earlier);
        try (Connection reddit = server.connect(spec.redditDatabase()); Connection app = server.connect(spec.appDatabase())) {
            reddit.setReadOnly(true);
            app.setReadOnly(true);
            loadUsers(w, reddit, app);
            loadChannels(w, reddit, app, fromMirror);
            loadPosts(w, reddit, app, faults, fromMirror ? spec.voteExport() : null);
            loadIds(w, reddit, app);
        } catch (SQLException e) {
            throw CutoverException.failure("cannot read the demo world in " + spec.redditDatabase() + "/" + spec.appDatabase()
                    + ": " + PostgresServer.describe(e), e);
        }
        if (w.users.isEmpty() || w.channels.isEmpty()) {
            throw CutoverException.configuration("--world " + spec.world() + ": the world in " + spec.appDatabase()
                    + " has no users or channels to write for");
        }
        return w;
    }

    /** A demo world on a loopback server, or a usage error naming what is wrong. */
    static void requireWorld(PostgresServer server, TrafficSpec spec) {
        requireLoopback(server);
        requireDemoWorld(server, spec);
    }

    private static void requireLoopback(PostgresServer server) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(server.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw CutoverException.configuration("--pg-url: traffic writes only to a server on this machine (loopback),"
                    + " not to " + server.host() + ":" + server.port());
        }
    }

    private static void requireDemoWorld(PostgresServer server, TrafficSpec spec) {
        if (!Files.isDirectory(spec.world())) {
            throw CutoverException.configuration("--world " + spec.world() + ": no such directory (the --out of cutover demo)");
        }
        if (!Files.isRegularFile(spec.voteExport())) {
            throw CutoverException.configuration("--world " + spec.world() + ": no votes-export.csv; not a world cutover demo made");
        }
        Path worldJson = spec.world().resolve("world.json");
        if (Files.isRegularFile(worldJson)) {
            try {
                JsonNode world = new ObjectMapper().readTree(worldJson.toFile());
                check(world, "redditDatabase", spec.redditDatabase(), "--reddit-db", worldJson);
                check(world, "appDatabase", spec.appDatabase(), "--app-db", worldJson);
            } catch (IOException e) {
                throw CutoverException.configuration("--world: cannot read " + worldJson + ": " + e.getMessage());
            }
        }
        try (Connection admin = server.connect("postgres")) {
            for (String[] db : new String[][] {{"--reddit-db", spec.redditDatabase()}, {"--app-db", spec.appDatabase()}}) {
                if (!DemoWorld.isDemoDatabase(admin, db[1])) {
                    throw CutoverException.configuration(db[0] + " " + db[1] + ": not a database cutover demo created on "
                            + server + " (it has no demo marker); traffic writes only to demo worlds");
                }
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot check the databases on " + server + ": " + PostgresServer.describe(e), e);
        }
    }

    private static void check(JsonNode world, String field, String given, String option, Path file) {
        String made = world.path(field).asText(null);
        if (made != null && !made.equals(given)) {
            throw CutoverException.configuration(option + " " + given + ": the world in " + file.getParent()
                    + " was made in database " + made + " (" + file.getFileName() + ")");
        }
    }

    private static void loadUsers(WorldState w, Connection reddit, Connection app) throws SQLException {
        Map<String, Long> accounts = new HashMap<>();
        query(reddit, "SELECT value, thing_id FROM reddit_data_account WHERE key = 'name'", rs -> accounts.put(rs.getString(1), rs.getLong(2)));
        query(app, "SELECT id, username FROM auth_user ORDER BY id", rs -> {
            Long account = accounts.get(rs.getString(2));
            if (account != null) w.add(new WorldState.User(rs.getInt(1), rs.getString(2), account));
        });
    }

    private static void loadChannels(WorldState w, Connection reddit, Connection app, boolean fromMirror) throws SQLException {
        Map<String, Long> subreddits = new HashMap<>();
        query(reddit, "SELECT value, thing_id FROM reddit_data_subreddit WHERE key = 'name'", rs -> subreddits.put(rs.getString(1), rs.getLong(2)));
        // a channel the new tables lack yet has new id 0: no post in it reaches them (SiloStage)
        query(app, fromMirror ? "SELECT o.id, coalesce(n.id, 0), o.name, o.allowed_post_types FROM channels_channel o"
                + " LEFT JOIN discussions_channel n USING (name) ORDER BY o.id"
                : "SELECT o.id, n.id, o.name, o.allowed_post_types FROM channels_channel o JOIN discussions_channel n USING (name)"
                + " ORDER BY o.id", rs -> {
            Long sr = subreddits.get(rs.getString(3));
            if (sr != null) w.channels.add(new WorldState.Channel(rs.getInt(1), rs.getInt(2), sr, rs.getString(3), rs.getLong(4)));
        });
    }

    private static final String MIRROR_POSTS = "SELECT o.post_id, o.id, o.channel_id, coalesce(n.author_id, o.author_id),"
            + " o.post_type, coalesce(n.title, o.title), CASE WHEN n.id IS NULL THEN o.text ELSE n.text END,"
            + " coalesce(n.edited, o.edited, false), coalesce(n.removed, o.removed, false), coalesce(n.deleted, o.deleted, false),"
            + " coalesce(n.num_comments, o.num_comments, 0) FROM channels_post o LEFT JOIN discussions_post n ON n.id = o.post_id"
            + " ORDER BY o.post_id DESC LIMIT " + WORKING_POSTS;
    /** The mirror's parent_id of a top-level comment is its post's id (a trap of the old schema). */
    private static final String MIRROR_COMMENTS = "SELECT o.comment_id, p.post_id,"
            + " CASE WHEN n.id IS NOT NULL THEN n.parent_id WHEN o.parent_id = p.post_id THEN NULL ELSE o.parent_id END,"
            + " coalesce(n.author_id, o.author_id), CASE WHEN n.id IS NULL THEN o.text ELSE n.text END,"
            + " coalesce(n.edited, o.edited, false), coalesce(n.removed, o.removed, false), coalesce(n.deleted, o.deleted, false)"
            + " FROM channels_comment o JOIN channels_post p ON p.id = o.post_id LEFT JOIN discussions_comment n ON n.id = o.comment_id"
            + " WHERE p.post_id = ANY(?) ORDER BY o.comment_id";

    /** {@code export}: where the votes come from while the new tables may lack rows (null: the new vote tables). */
    private static void loadPosts(WorldState w, Connection reddit, Connection app, Exclusions faults, Path export)
            throws SQLException {
        boolean fromMirror = export != null;
        Map<Integer, WorldState.Channel> channels = new HashMap<>();
        for (WorldState.Channel c : w.channels) channels.put(c.oldId(), c);
        Map<Long, WorldState.Post> posts = new HashMap<>();
        query(app, fromMirror ? MIRROR_POSTS : "SELECT n.id, o.id, o.channel_id, n.author_id, o.post_type, n.title, n.text,"
                + " n.edited, n.removed, n.deleted, n.num_comments FROM discussions_post n JOIN channels_post o ON o.post_id = n.id"
                + " ORDER BY n.id DESC LIMIT " + WORKING_POSTS, rs -> {
            WorldState.Channel channel = channels.get(rs.getInt(3));
            WorldState.User author = w.usersByAuthId.get(rs.getInt(4));
            if (channel == null || author == null) return;
            WorldState.Post p = new WorldState.Post(rs.getLong(1), rs.getInt(2), channel, author, rs.getString(5));
            p.title = rs.getString(6);
            p.text = rs.getString(7);
            p.edited = rs.getBoolean(8);
            p.removed = rs.getBoolean(9);
            p.deleted = rs.getBoolean(10);
            p.numComments = rs.getInt(11);
            p.excluded = faults.posts.contains(p.id);
            posts.put(p.id, p);
        });
        List<Long> postIds = new ArrayList<>(posts.keySet());
        postIds.sort(null);
        Map<Long, WorldState.Comment> comments = new HashMap<>();
        byIds(app, fromMirror ? MIRROR_COMMENTS : "SELECT id, post_id, parent_id, author_id, text, edited, removed, deleted"
                + " FROM discussions_comment WHERE post_id = ANY(?) ORDER BY id", postIds, rs -> {
            WorldState.Post post = posts.get(rs.getLong(2));
            WorldState.User author = w.usersByAuthId.get(rs.getInt(4));
            Long parentId = rs.getObject(3) == null ? null : rs.getLong(3);
            WorldState.Comment parent = parentId == null ? null : comments.get(parentId);
            if (author == null || parentId != null && parent == null) {
                return;   // a reply whose parent this working set lacks (a fault removed it): left alone
            }
            WorldState.Comment c = new WorldState.Comment(rs.getLong(1), post, parent, author);
            c.text = rs.getString(5);
            c.edited = rs.getBoolean(6);
            c.removed = rs.getBoolean(7);
            c.deleted = rs.getBoolean(8);
            c.excluded = faults.comments.contains(c.id);
            comments.put(c.id, c);
            post.comments.add(c);
        });
        // Reddit's counters, and the things the mirror or Reddit lacks (a fault), which are left alone.
        counts(reddit, "reddit_thing_link", posts);
        counts(reddit, "reddit_thing_comment", comments);
        if (fromMirror) {
            ExportedVotes.read(export, w, posts, comments);
        } else {
            votes(app, "SELECT post_id, voter_id, direction, floor(extract(epoch FROM updated_on) * 1000)::bigint FROM discussions_postvote"
                    + " WHERE post_id = ANY(?) ORDER BY id", w, posts);
            votes(app, "SELECT comment_id, voter_id, direction, floor(extract(epoch FROM updated_on) * 1000)::bigint FROM discussions_commentvote"
                    + " WHERE comment_id = ANY(?) ORDER BY id", w, comments);
        }
        faultyVoters(posts, faults);
        faultyVoters(comments, faults);
        postIds.forEach(id -> w.posts.add(posts.get(id)));
        List<Long> commentIds = new ArrayList<>(comments.keySet());
        commentIds.sort(null);
        commentIds.forEach(id -> w.comments.add(comments.get(id)));
    }

    /** ups and downs from Reddit; a thing Reddit lacks is excluded. */
    private static void counts(Connection reddit, String table, Map<Long, ? extends WorldState.Thing> things) throws SQLException {
        Set<Long> seen = new HashSet<>();
        List<Long> ids = new ArrayList<>(things.keySet());
        byIds(reddit, "SELECT thing_id, ups, downs FROM " + table + " WHERE thing_id = ANY(?)", ids, rs -> {
            WorldState.Thing t = things.get(rs.getLong(1));
            t.ups = rs.getInt(2);
            t.downs = rs.getInt(3);
            seen.add(t.id);
        });
        for (WorldState.Thing t : things.values()) if (!seen.contains(t.id)) t.excluded = true;
    }

    private static void votes(Connection app, String sql, WorldState w, Map<Long, ? extends WorldState.Thing> things)
            throws SQLException {
        List<Long> ids = new ArrayList<>(things.keySet());
        ids.sort(null);
        byIds(app, sql, ids, rs -> {
            WorldState.Thing t = things.get(rs.getLong(1));
            WorldState.User voter = w.usersByAuthId.get(rs.getInt(2));
            if (voter == null) return;
            t.votes.put(voter, new WorldState.Vote(rs.getInt(3), rs.getLong(4)));
        });
    }

    private static void faultyVoters(Map<Long, ? extends WorldState.Thing> things, Exclusions faults) {
        for (WorldState.Thing t : things.values()) {
            Set<String> voters = faults.votes.get(t.fullname());
            if (voters != null) t.faultyVoters.addAll(voters);
        }
    }

    private static void loadIds(WorldState w, Connection reddit, Connection app) throws SQLException {
        w.nextLinkId = 1 + Math.max(max(reddit, "SELECT max(thing_id) FROM reddit_thing_link"),
                Math.max(max(app, "SELECT max(id) FROM discussions_post"), max(app, "SELECT max(post_id) FROM channels_post")));
        w.nextCommentId = 1 + Math.max(max(reddit, "SELECT max(thing_id) FROM reddit_thing_comment"),
                Math.max(max(app, "SELECT max(id) FROM discussions_comment"), max(app, "SELECT max(comment_id) FROM channels_comment")));
        w.nextPostVoteId = 1 + max(app, "SELECT max(id) FROM discussions_postvote");
        w.nextCommentVoteId = 1 + max(app, "SELECT max(id) FROM discussions_commentvote");
        w.nextMirrorPostId = (int) (1 + max(app, "SELECT max(id) FROM channels_post"));
        w.nextMirrorCommentId = (int) (1 + max(app, "SELECT max(id) FROM channels_comment"));
        w.nextArticleId = (int) (1 + max(app, "SELECT max(id) FROM channels_article"));
        w.nextLinkMetaId = (int) (1 + max(app, "SELECT max(id) FROM channels_linkmeta"));
    }

    private static long max(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) reader.read(rs);
        }
    }

    private static void byIds(Connection c, String sql, List<Long> ids, RowReader reader) throws SQLException {
        Array array = c.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) reader.read(rs);
            }
        } finally {
            array.free();
        }
    }

    /** What the world's ground truth damaged: posts, comments, and (thing fullname -> voters) of repeated export lines. */
    private record Exclusions(Set<Long> posts, Set<Long> comments, Map<String, Set<String>> votes) {
        static Exclusions of(Path groundTruth) {
            Exclusions x = new Exclusions(new HashSet<>(), new HashSet<>(), new HashMap<>());
            if (!Files.isRegularFile(groundTruth)) return x;
            try {
                for (JsonNode f : new ObjectMapper().readTree(groundTruth.toFile()).path("faults")) {
                    JsonNode key = f.path("key");
                    switch (f.path("entity").asText()) {
                        case "post" -> x.posts.add(key.path("id").asLong());
                        case "comment" -> x.comments.add(key.has("id") ? key.path("id").asLong() : key.path("comment_id").asLong());
                        case "vote" -> x.votes.computeIfAbsent(Fullname.parse(key.path("thing").asText()).toString(),
                                k -> new HashSet<>()).add(key.path("voter").asText());
                        default -> { }
                    }
                    for (JsonNode note : f.path("affects")) {
                        Matcher m = POST_NOTE.matcher(note.asText());
                        if (m.find()) x.posts.add(Long.parseLong(m.group(1)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw CutoverException.configuration("--world: cannot read " + groundTruth + ": " + e.getMessage());
            }
            return x;
        }

        void add(List<TruthEntry> truth) {
            for (TruthEntry e : truth) {
                Object id = e.key().get("id");
                switch (e.entity()) {
                    case "post" -> posts.add(((Number) id).longValue());
                    case "comment" -> comments.add(((Number) id).longValue());
                    case "postvote", "commentvote" -> {
                        boolean post = e.entity().equals("postvote");
                        long thing = ((Number) e.key().get(post ? "post_id" : "comment_id")).longValue();
                        votes.computeIfAbsent(new Fullname(post ? Fullname.LINK : Fullname.COMMENT, thing).toString(),
                                k -> new HashSet<>()).add(String.valueOf(e.key().get("voter_id")));
                    }
                    default -> { }
                }
            }
        }
    }
}
