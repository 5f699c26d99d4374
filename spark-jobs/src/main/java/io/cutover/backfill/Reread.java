package io.cutover.backfill;

import java.util.Arrays;

/**
 * A row of a written chunk whose old rows changed after the chunk was read: what the backfill
 * wrote, and the new-shape row the old rows give now ({@code current} null: the old rows now
 * stand for no row, e.g. a vote cleared meanwhile). Both in {@link TargetTable#columns()} order.
 */
public record Reread(Object[] written, Object[] current) {

    public Reread {
        if (written == null) throw new IllegalArgumentException("a re-read row needs the values the backfill wrote");
    }

    public boolean gone() {
        return current == null;
    }

    void requireSameKey(TargetTable target) {
        if (current != null && !Arrays.equals(target.keyOf(written), target.keyOf(current))) {
            throw new IllegalArgumentException("a re-read row changed its key: " + Chunk.show(target.keyOf(written))
                    + " -> " + Chunk.show(target.keyOf(current)));
        }
    }
}
