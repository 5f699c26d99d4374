package io.cutover.demo;

import io.cutover.progress.Progress;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Generates one consistent world, as after a correct migration, into the table streams and the
 * vote export: draws its users, channels and posts in order ({@link CommunityDraw},
 * {@link PostDraw}) and has each written into the three schemas as it comes ({@link WorldRenderer}),
 * so the world is never held whole. domain.md lists every trap reproduced.
 */
final class WorldGenerator {
    private final Scale scale;
    private final Map<String, CopyStream> streams;
    private final Progress progress;
    private final CommunityDraw community;
    private final Timeline timeline;
    private final long seed;
    private final WorldRenderer renderer;
    private final boolean unorderedCommentIds;
    private long rowsReported;

    WorldGenerator(Scale scale, long seed, LocalDate asOf, Map<String, CopyStream> streams, Writer voteExport, Progress progress)
            throws IOException {
        this(scale, seed, asOf, streams, voteExport, progress, Design.D2020, NewTables.ALL, false);
    }

    /**
     * A world of the design given; in the 2025 one the stage says which entities the migration has
     * filled, and it archived them all at the end of the timeline.
     */
    WorldGenerator(Scale scale, long seed, LocalDate asOf, Map<String, CopyStream> streams, Writer voteExport, Progress progress,
                   Design design, NewTables stage, boolean unorderedCommentIds) throws IOException {
        this.unorderedCommentIds = unorderedCommentIds;
        this.scale = scale;
        this.seed = seed;
        this.streams = streams;
        this.progress = progress;
        this.timeline = Timeline.endingOn(asOf);
        this.community = new CommunityDraw(scale, seed, timeline);
        this.renderer = new WorldRenderer(new CopyTables(streams), new CommentTrees(streams), voteExport, scale.users, design, stage,
                archivedOn(asOf));
    }

    void generate() throws IOException {
        for (int i = 0; i < scale.users; i++) renderer.user(community.user(i));
        List<Forum.Channel> channels = community.channels();
        for (Forum.Channel c : channels) renderer.channel(c);
        PostDraw posts = new PostDraw(scale, seed, timeline, channels, unorderedCommentIds);
        for (int k = 0; k < scale.posts; k++) {
            Forum.Post p = posts.post(k);
            renderer.post(p, channels.get(p.channel()));
            if ((k & 63) == 0) reportRows();
        }
        reportRows();
    }

    /** The 2025 migration's archive instant: the end of the world's timeline (microseconds), after everything in it. */
    static long archivedOn(LocalDate asOf) {
        return Timeline.endingOn(asOf).end();
    }

    /** Lines of the export that clear a vote (direction 0). */
    long clearedVotes() {
        return renderer.clearedVotes();
    }

    /** Lines of the export that cast a vote. */
    long voteLines() {
        return renderer.voteLines();
    }

    private void reportRows() {
        long total = 0;
        for (CopyStream s : streams.values()) total += s.rows();
        progress.add(total - rowsReported);
        rowsReported = total;
    }
}
