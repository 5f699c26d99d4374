package io.cutover.tree;

/**
 * Where a call's time went, for the {@code -Dcutover.tree.profile} line of the backfill's tree step:
 * the posts and comments locked and read, the nodes locked and read, the wanted nodes built and
 * compared with those held, and the writes. Nanoseconds, summed over the calls since the last
 * {@link #take}.
 */
public final class SyncProfile {
    /** The phases of one call, in their order. */
    public enum Phase { COMMENTS, NODES, BUILD, WRITE }

    private final long[] nanos = new long[Phase.values().length];
    private long mark = System.nanoTime();

    /** Starts timing the next phase (the time since the last call belongs to the phase before). */
    void start() {
        mark = System.nanoTime();
    }

    /** Ends {@code phase}: the time since the last mark is its own, and the next phase starts now. */
    void end(Phase phase) {
        long now = System.nanoTime();
        nanos[phase.ordinal()] += now - mark;
        mark = now;
    }

    /** The milliseconds of each phase since the last take, as "comments 12 ms, nodes 3 ms, ...", and starts again from zero. */
    public String take() {
        StringBuilder b = new StringBuilder();
        for (Phase p : Phase.values()) {
            if (b.length() > 0) b.append(", ");
            b.append(p.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(nanos[p.ordinal()] / 1_000_000).append(" ms");
            nanos[p.ordinal()] = 0;
        }
        return b.toString();
    }
}
