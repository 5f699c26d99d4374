package io.cutover.backfill;

import java.time.Duration;

/**
 * What one chunk's transaction did: rows inserted, rows skipped because the key was already
 * present (a dual write of the app, or an earlier run), and how long it took.
 */
public record ChunkResult(int rows, long inserted, long skipped, Duration took) {}
