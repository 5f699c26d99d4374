package io.cutover.backfill;

import java.util.List;

/**
 * The row builder's side of closing the copy/update race (github/gh-ost#1113): after a chunk
 * committed, the rows of that chunk whose old rows changed since the chunk was read (every app
 * write sets the mirror's {@code updated_on}; Reddit's rows are re-read by key), each with what
 * the backfill wrote and what the old rows give now.
 */
@FunctionalInterface
public interface ConcurrentEdits {

    /** For sources nobody writes to any more (a committed snapshot directory, a backup). */
    ConcurrentEdits NONE = chunk -> List.of();

    List<Reread> changedSince(Chunk written);
}
