package io.cutover.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the votes on one thing: the author's own up-vote first, as Reddit records it, then
 * distinct other users (about 82 % up), then the few votes taken back again.
 */
final class VoteDraw {
    /** The stream of KeyedRandom the cleared votes draw from. */
    static final int CLEARED_VOTES = 5;
    /** Reddit keeps an un-vote as direction 0: about this many of a thing's votes were cleared again. */
    private static final int CLEARED_PER_THOUSAND = 4;

    private final long seed;
    private final int users;
    private final Timeline timeline;

    VoteDraw(long seed, int users, Timeline timeline) {
        this.seed = seed;
        this.users = users;
        this.timeline = timeline;
    }

    /** The votes on the thing {@code thingId} (a post's, or a comment's), drawn from {@code r} after what it drew before. */
    Forum.Votes votes(SplittableRandom r, int author, long thingDate, double mean, long thingId, boolean post) {
        int others = KeyedRandom.heavyTailed(r, Math.max(0, mean - 1), users - 1);
        int size = others + 1;
        int[] voters = new int[size];
        byte[] directions = new byte[size];
        long[] dates = new long[size];
        voters[0] = author;
        directions[0] = 1;
        dates[0] = Timeline.millis(thingDate);
        int ups = 1, downs = 0;
        Stride stride = new Stride(users, r);
        int n = 0;
        for (int taken = 0; taken < others; n++) {
            int user = stride.at(n);
            if (user == author) continue;
            int direction = r.nextInt(100) < 82 ? 1 : -1;
            taken++;
            voters[taken] = user;
            directions[taken] = (byte) direction;
            dates[taken] = Timeline.millis(timeline.beforeEnd(thingDate + (long) (-Math.log(1 - r.nextDouble()) * Timeline.DAY)));
            if (direction > 0) ups++; else downs++;
        }
        Cleared cleared = cleared(size, stride, n, author, thingDate, thingId, post);
        return new Forum.Votes(voters, directions, dates, ups, downs, cleared.voters, cleared.dates);
    }

    private record Cleared(int[] voters, long[] dates) {}

    /**
     * Users who voted on the thing and took the vote back: the export holds their direction 0,
     * the new tables no row. Drawn from a stream of their own (the world's other bytes stay as
     * they were) among the users the stride has not reached, so no voter repeats.
     */
    private Cleared cleared(int votes, Stride stride, int next, int author, long thingDate, long thingId, boolean post) {
        SplittableRandom r = KeyedRandom.of(seed, CLEARED_VOTES, thingId * 2 + (post ? 1 : 0));
        int cleared = 0;
        for (int i = 0; i < votes; i++) if (r.nextInt(1000) < CLEARED_PER_THOUSAND) cleared++;
        int[] voters = new int[cleared];
        long[] dates = new long[cleared];
        int k = 0;
        for (int n = next; k < cleared && n < users; n++) {
            int user = stride.at(n);
            if (user == author) continue;
            voters[k] = user;
            dates[k] = Timeline.millis(timeline.beforeEnd(thingDate + (long) (-Math.log(1 - r.nextDouble()) * 3 * Timeline.DAY)));
            k++;
        }
        return new Cleared(Arrays.copyOf(voters, k), Arrays.copyOf(dates, k));
    }
}
