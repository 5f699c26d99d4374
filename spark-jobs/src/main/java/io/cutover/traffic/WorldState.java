package io.cutover.traffic;

import io.cutover.mapping.Fullname;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the app knows of the world while it writes: users, channels, and a working set of the
 * newest posts with their comments and votes, each as the three copies hold it (they agree,
 * except where the world's faults or this run's failed writes made them differ: those things are
 * {@code excluded}, so no later write hides or changes a known difference). Also the next id of
 * every table, above the largest any copy holds.
 */
final class WorldState {
    record User(int authId, String name, long accountId) {}

    record Channel(int oldId, int newId, long subredditId, String name, long allowedPostTypes) {
        boolean allows(String postType) {
            long bit = switch (postType) {
                case "link" -> 1;
                case "self" -> 2;
                default -> 4;
            };
            return (allowedPostTypes & bit) != 0;
        }
    }

    /** A vote as the export's latest line and the vote table hold it. */
    static final class Vote {
        int direction;
        long lastMillis;

        Vote(int direction, long lastMillis) {
            this.direction = direction;
            this.lastMillis = lastMillis;
        }
    }

    /** A post or a comment: what both share (flags, text, Reddit's counts, votes). */
    abstract static class Thing {
        final long id;
        final User author;
        String text;
        boolean edited, removed, deleted, excluded;
        int ups, downs;
        /** Current votes by voter; insertion-ordered so that picks are the same every run. */
        final Map<User, Vote> votes = new LinkedHashMap<>();
        /** Voters whose vote on this thing the world's faults made differ (an export line repeated). */
        final Set<String> faultyVoters = new HashSet<>();

        Thing(long id, User author) {
            this.id = id;
            this.author = author;
        }

        abstract boolean isPost();

        String entity() {
            return isPost() ? "post" : "comment";
        }

        String voteEntity() {
            return isPost() ? "postvote" : "commentvote";
        }

        String fullname() {
            return new Fullname(isPost() ? Fullname.LINK : Fullname.COMMENT, id).toString();
        }

        Map<String, Object> key() {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("id", id);
            return k;
        }

        Map<String, Object> voteKey(User voter) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put(isPost() ? "post_id" : "comment_id", id);
            k.put("voter_id", voter.name());
            return k;
        }
    }

    static final class Post extends Thing {
        final int mirrorId;
        final Channel channel;
        /** The mirror's post type: link, self or article. */
        final String type;
        String title;
        int numComments;
        final List<Comment> comments = new ArrayList<>();

        Post(long id, int mirrorId, Channel channel, User author, String type) {
            super(id, author);
            this.mirrorId = mirrorId;
            this.channel = channel;
            this.type = type;
        }

        @Override
        boolean isPost() {
            return true;
        }
    }

    static final class Comment extends Thing {
        final Post post;
        final Comment parent;
        final int depth;

        Comment(long id, Post post, Comment parent, User author) {
            super(id, author);
            this.post = post;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }

        @Override
        boolean isPost() {
            return false;
        }
    }

    final List<User> users = new ArrayList<>();
    final Map<Integer, User> usersByAuthId = new HashMap<>();
    final List<Channel> channels = new ArrayList<>();
    final List<Post> posts = new ArrayList<>();
    final List<Comment> comments = new ArrayList<>();

    long nextLinkId, nextCommentId, nextPostVoteId, nextCommentVoteId;
    int nextMirrorPostId, nextMirrorCommentId, nextArticleId, nextLinkMetaId;

    void add(User u) {
        users.add(u);
        usersByAuthId.put(u.authId(), u);
    }
}
