package io.cutover.demo;

import static io.cutover.demo.WorldIds.accountId;
import static io.cutover.demo.WorldIds.commentId;
import static io.cutover.demo.WorldIds.contributorGroupId;
import static io.cutover.demo.WorldIds.moderatorGroupId;
import static io.cutover.demo.WorldIds.oldChannelId;
import static io.cutover.demo.WorldIds.subredditId;
import static io.cutover.demo.WorldIds.userId;

import io.cutover.demo.schema.AppChannel;
import io.cutover.demo.schema.ArchiveRows;
import io.cutover.demo.schema.AppComment;
import io.cutover.demo.schema.AppPost;
import io.cutover.demo.schema.AuthRows;
import io.cutover.demo.schema.DiscussionsRows;
import io.cutover.demo.schema.MirrorRows;
import io.cutover.demo.schema.RedditRows;
import io.cutover.demo.schema.RedditThing;
import io.cutover.demo.schema.Rows;
import io.cutover.demo.schema.VoteExport;
import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the drawn forum out as after a correct migration: each thing into the Reddit backend,
 * the channels_* mirror and the discussions_* tables (with its comment trees) under their own ids
 * and encodings, and its votes into the vote export. Numbers the rows that only a table's own
 * sequence numbers (memberships, subscriptions, votes, ...) in the order they are written.
 *
 * <p>In the 2025 design there are no new tables: the mirror gains its added columns (filled for
 * the entities the stage has reached, at one archive instant), its scores are frozen at Reddit's
 * ups (votes are not migrated), and one comment tree table sorted by {@code -score, created}.
 */
final class WorldRenderer {
    private final RedditRows reddit;
    private final AuthRows auth;
    private final MirrorRows mirror;
    private final DiscussionsRows discussions;
    private final CommentTrees trees;
    private final Writer voteExport;
    private final String[] usernames;

    private long nextPostVoteId = 1, nextCommentVoteId = 1;
    private int nextRelId = 1, nextSubscriptionId = 1, nextGroupRoleId = 1, nextChannelSubscriptionId = 1;
    private int nextUserGroupId = 1, nextArticleId = 1, nextLinkMetaId = 1;
    private long clearedVotes, voteLines;
    /** The 2025 design's rows, or null in a world of the 2020 design. */
    private final ArchiveRows archive;
    private final NewTables stage;
    private final long archivedOn;
    private long nextNodeId = 1;

    /** The 2025 design's tree: treebeard's node_order_by = ['-score', 'created']. */
    static final List<CommentTrees.SortKey> ARCHIVE_ORDER = List.of(CommentTrees.SortKey.of("-score"), CommentTrees.SortKey.of("created"));

    WorldRenderer(Rows rows, CommentTrees trees, Writer voteExport, int users) throws IOException {
        this(rows, trees, voteExport, users, Design.D2020, NewTables.ALL, 0);
    }

    /** {@code archivedOn}: the 2025 migration's one instant (microseconds), unused in the 2020 design. */
    WorldRenderer(Rows rows, CommentTrees trees, Writer voteExport, int users, Design design, NewTables stage, long archivedOn)
            throws IOException {
        this.archive = design == Design.D2025 ? new ArchiveRows(rows) : null;
        this.stage = stage;
        this.archivedOn = archivedOn;
        this.reddit = new RedditRows(rows);
        this.auth = new AuthRows(rows);
        this.mirror = new MirrorRows(rows);
        this.discussions = new DiscussionsRows(rows);
        this.trees = trees;
        this.voteExport = voteExport;
        this.usernames = new String[users];
        voteExport.write(VoteExport.HEADER);
    }

    /** Lines of the export that clear a vote (direction 0). */
    long clearedVotes() {
        return clearedVotes;
    }

    /** Lines of the export that cast a vote (the votes the world holds). */
    long voteLines() {
        return voteLines;
    }

    void user(Forum.User u) {
        int i = u.index();
        usernames[i] = u.name();
        reddit.account(new RedditThing(accountId(i), 0, 0, false, false, u.joined()), u.name(), u.email());
        auth.user(userId(i), u.password(), u.lastLogin(), i == 0, u.name(), u.firstName(), u.lastName(),
                u.email() != null ? u.email() : "", i < 3, u.active(), u.joined());
    }

    void channel(Forum.Channel c) {
        int j = c.index();
        reddit.subreddit(new RedditThing(subredditId(j), 0, 0, false, false, c.created()), c.name(),
                c.titleKnown() ? c.title() : null, c.type(), redditLinkType(c), c.publicDescription());
        AppChannel app = new AppChannel(oldChannelId(j), c.newId(), c.created(), c.updated(), c.name(),
                c.titleKnown() ? c.title() : null, c.type(), allowedPostTypes(c), c.about(), c.avatar(), c.banner(),
                c.gaTrackingId(), c.managed(), c.notifications(), c.publicDescription(), moderatorGroupId(j),
                c.hasContributors() ? contributorGroupId(j) : null);
        if (archive != null) {
            boolean filled = stage.holdsEntity("channel");
            archive.channel(app, filled ? subredditId(j) : null, filled ? archivedOn : null);
        } else {
            mirror.channel(app);
            discussions.channel(app);
        }
        group(j, moderatorGroupId(j), c.name() + "_moderators", "moderators", c.created());
        if (c.hasContributors()) group(j, contributorGroupId(j), c.name() + "_contributors", "contributors", c.created());
        for (Forum.Membership m : c.members()) {
            int rel = nextRelId++;
            reddit.membership(rel, subredditId(j), accountId(m.user()), m.role(), m.date(),
                    m.role().equals("moderator") ? "+all" : null);
            switch (m.role()) {
                case "moderator" -> auth.userGroup(nextUserGroupId++, userId(m.user()), moderatorGroupId(j));
                case "contributor" -> auth.userGroup(nextUserGroupId++, userId(m.user()), contributorGroupId(j));
                default -> mirror.channelSubscription(nextChannelSubscriptionId++, m.date(), oldChannelId(j), userId(m.user()));
            }
        }
    }

    /** Reddit's link_type: any, link or self. */
    private static String redditLinkType(Forum.Channel c) {
        return c.linkType() == 'a' ? "any" : c.linkType() == 'l' ? "link" : "self";
    }

    /** The app's bit flags: link 1, self (text) 2, article 4. */
    private static long allowedPostTypes(Forum.Channel c) {
        return (c.linkType() != 's' ? 1 : 0) | (c.linkType() != 'l' ? 2 : 0) | (c.articles() ? 4 : 0);
    }

    private void group(int channel, int groupId, String name, String role, long created) {
        auth.group(groupId, name);
        mirror.groupRole(nextGroupRoleId++, created, oldChannelId(channel), groupId, role);
    }

    /** A post, then its thread (each comment with its votes, then the trees), then the post's votes. */
    void post(Forum.Post p, Forum.Channel channel) throws IOException {
        long id = p.id();
        Forum.Votes votes = p.votes();
        reddit.link(new RedditThing(id, votes.ups(), votes.downs(), p.deleted(), p.spam(), p.date()), p.title(),
                p.type().equals("link") ? p.url() : p.permalink(), p.text(), !p.type().equals("link"), accountId(p.author()),
                subredditId(p.channel()), p.numComments());
        editMark(RedditRows.LINK, id, p.edit());
        if (p.mediaObject()) reddit.noMediaObject(id);

        int mirrorId = WorldIds.mirrorPostId(p.index());
        long updated = p.edit().updated(p.date());
        AppPost app = new AppPost(id, mirrorId, oldChannelId(p.channel()), channel.newId(), userId(p.author()), p.type(),
                p.title(), p.text(), p.preview(), p.url(), p.plainText(), p.date(), updated,
                p.scoreSynced() || archive != null ? Long.valueOf(votes.ups()) : null, votes.ups(), p.numComments(), p.edit().edited(), p.spam(),
                p.deleted(), p.excludeFromEmails());
        if (archive != null) {
            boolean filled = stage.holdsEntity("post");
            archive.post(app, filled, filled ? archivedOn : null);
        } else {
            mirror.post(app);
            discussions.post(app);
        }
        if (p.article() != null) {
            mirror.article(nextArticleId++, p.date(), updated, mirrorId, userId(p.author()), p.article(), p.coverImage());
        }
        if (p.url() != null) mirror.linkMeta(nextLinkMetaId++, p.date(), p.date(), p.url(), p.thumbnail());
        if (p.subscribes()) mirror.subscription(nextSubscriptionId++, p.date(), userId(p.author()), id, null);
        for (Forum.Comment c : p.comments()) comment(c, p, mirrorId);
        tree(p);
        votes(votes, Fullname.LINK, id, true);
    }

    private void comment(Forum.Comment c, Forum.Post post, int mirrorPostId) throws IOException {
        long id = c.id();
        Long parentId = c.parent() < 0 ? null : commentId(post.comments().get(c.parent()).index());
        Forum.Votes votes = c.votes();
        reddit.comment(new RedditThing(id, votes.ups(), votes.downs(), c.deleted(), c.spam(), c.date()), c.body(), post.id(),
                parentId, accountId(c.author()), subredditId(post.channel()));
        editMark(RedditRows.COMMENT, id, c.edit());
        AppComment app = new AppComment(id, WorldIds.mirrorCommentId(c.index()), post.id(), mirrorPostId, parentId,
                userId(c.author()), c.body(), c.date(), c.edit().updated(c.date()),
                c.scoreSynced() || archive != null ? Long.valueOf(votes.ups()) : null, votes.ups(), c.edit().edited(), c.spam(), c.deleted());
        if (archive != null) {
            boolean filled = stage.holdsEntity("comment");
            archive.comment(app, filled, filled ? archivedOn : null);
        } else {
            mirror.comment(app);
            discussions.comment(app);
        }
        if (c.subscribes()) mirror.subscription(nextSubscriptionId++, c.date(), userId(c.author()), post.id(), id);
        votes(votes, Fullname.COMMENT, id, false);
    }

    private void editMark(String type, long id, Forum.Edit edit) {
        if (edit.edited()) reddit.edited(type, id, edit.at());
        else if (edit.marksNever()) reddit.neverEdited(type, id);
    }

    /** The post's three comment trees, its roots at the step after the post before. */
    private void tree(Forum.Post p) {
        int n = p.comments().size();
        long[] ids = new long[n];
        int[] parent = new int[n];
        long[] dates = new long[n];
        int[] scores = new int[n];
        for (int i = 0; i < n; i++) {
            Forum.Comment c = p.comments().get(i);
            ids[i] = c.id();
            parent[i] = c.parent();
            dates[i] = c.date();
            scores[i] = c.votes().ups();
        }
        if (archive == null) {
            trees.post(p.index(), p.id(), ids, parent, dates, scores);
            return;
        }
        if (!stage.holdsEntity("tree")) return;
        // The node names the mirror's own ids: channels_comment.id and channels_post.id.
        long[] mirrorIds = new long[n];
        for (int i = 0; i < n; i++) mirrorIds[i] = WorldIds.mirrorCommentId(p.comments().get(i).index());
        CommentTrees.build(ARCHIVE_ORDER, CommentTrees.step(p.index() + 1L), WorldIds.mirrorPostId(p.index()), mirrorIds, parent,
                dates, scores, (path, depth, numchild, created, score, post, comment) ->
                        archive.node(nextNodeId++, path, depth, numchild, created, score, post, comment));
    }

    /** The votes' rows in the new tables and their lines in the export, the cleared ones in the export only. */
    private void votes(Forum.Votes v, int type, long thingId, boolean post) throws IOException {
        String fullname = Base36.fullname(type, thingId);
        for (int i = 0; i < v.voters().length; i++) {
            if (archive == null) {
                discussions.vote(post, post ? nextPostVoteId++ : nextCommentVoteId++, thingId, userId(v.voters()[i]),
                        v.directions()[i], v.dates()[i]);
            }
            voteExport.write(VoteExport.line(usernames[v.voters()[i]], fullname, v.directions()[i], v.dates()[i]));
            voteLines++;
        }
        for (int i = 0; i < v.clearedVoters().length; i++) {
            voteExport.write(VoteExport.line(usernames[v.clearedVoters()[i]], fullname, 0, v.clearedDates()[i]));
            clearedVotes++;
        }
    }
}
