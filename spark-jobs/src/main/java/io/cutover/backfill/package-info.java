/**
 * The guarded writer of {@code cutover backfill}: it loads rows in the new tables' shape into
 * the target database while the application dual-writes, never overwriting a row the
 * application wrote. The row builder (old rows into new rows through the mapping) feeds it.
 *
 * <h2>Entry points</h2>
 * <ol>
 *   <li>{@link io.cutover.backfill.BackfillJob#of} names an entity of the mapping, its target
 *       table and key, and the columns the rows carry; it refuses (exit 2) a table that is not a
 *       target or that any source reads ({@link io.cutover.backfill.WriteTargetGuard}, e.g.
 *       {@code auth_user}) and a renumbered surrogate among the columns (the target's identity
 *       numbers those rows; the conflict key is then the natural one, e.g. a channel's
 *       {@code name}).</li>
 *   <li>{@link io.cutover.backfill.EntityBackfill#open} connects to the target database, checks
 *       that a unique index matches the key and that {@code --pause-while} returns a boolean, and
 *       reads the entity's checkpoint in {@code cutover_backfill}
 *       ({@link io.cutover.backfill.BackfillCheckpoint}): a checkpoint of another mapping digest
 *       ({@link io.cutover.backfill.MappingDigest}) is refused (exit 2), a second concurrent run of
 *       the entity too.</li>
 *   <li>{@link io.cutover.backfill.EntityBackfill#resumePoint} says where the previous run
 *       stopped; the row builder reads the old rows after that key, and
 *       {@link io.cutover.backfill.EntityBackfill#load} takes them as an iterator of
 *       {@code Object[]} (values in the job's column order, strictly ascending by key; text keys in
 *       {@code COLLATE "C"} order) plus a {@link io.cutover.backfill.ConcurrentEdits} that, after
 *       each chunk, returns the chunk's rows whose old rows changed since they were read. It
 *       returns and prints the entity's {@link io.cutover.backfill.BackfillSummary}. Spark rows
 *       (a {@code foreachPartition} or {@code toLocalIterator()} iterator) go in through
 *       {@link io.cutover.backfill.SparkRowValues}.</li>
 * </ol>
 *
 * <h2>The row builder</h2>
 * {@link io.cutover.backfill.BackfillRun} runs {@code cutover backfill}: per entity, in the
 * mapping's order, {@link io.cutover.backfill.ColumnProviders} says which source gives each
 * column (the truth where its rule holds the new value, else the mirror),
 * {@link io.cutover.backfill.NewRows} builds the rows in Spark from the old sides verify prints
 * ({@link io.cutover.verify.OldSideRows}, one held snapshot per live database for the run),
 * references turned back into the target's ids, sorted by key, and
 * {@link io.cutover.backfill.ChangedOldRows} re-reads a chunk whose mirror rows changed since the
 * earliest write the run's snapshots may miss ({@code updated_on} against the oldest snapshot of
 * all sources, or the oldest transaction open when one was taken).
 *
 * <h2>Per chunk</h2>
 * Paced first ({@link io.cutover.backfill.PauseWhile}, {@link io.cutover.backfill.Throttle}),
 * then one transaction with {@code SET LOCAL lock_timeout}: COPY (text) into a session-temporary
 * {@link io.cutover.backfill.StagingTable}, {@code INSERT ... SELECT ... ON CONFLICT (<key>) DO
 * NOTHING}, and the checkpoint moved past the chunk's last key
 * ({@link io.cutover.backfill.ChunkWriter}). Then, in a second short transaction, the re-read rows
 * (asked for once the app's transactions open on the table at the commit have ended) are
 * locked ({@code FOR UPDATE}), read again under the lock, and brought to their current value by
 * {@link io.cutover.backfill.CompareAndSet}, column by column only where the row still holds what
 * the backfill wrote (github/gh-ost#1113); the lock keeps an app write that stores the backfill's
 * value again (a vote and its undo) from slipping between the read and the update, and the
 * checkpoint records that
 * the chunk was re-read. The next chunk's size is tuned toward half a second
 * ({@link io.cutover.backfill.ChunkSizer}). Nothing is ever deleted and re-inserted, and nothing
 * is updated or deleted without that compare-and-set guard (a row whose old rows now stand for no
 * row, a vote cleared meanwhile, is deleted under it). A failure rolls back the chunk only and fails
 * the run (exit 3) naming the entity and the chunk's keys; a restart continues after the last
 * committed chunk, and a finished entity writes 0 rows.
 *
 * <h2>Filled in place</h2>
 * An entity whose target table one of its own sources reads (the 2025 design: the app's
 * {@code channels_*} tables, to which the migration adds columns) is not inserted but filled:
 * {@link io.cutover.backfill.InPlaceColumns} takes the columns the mapping marks
 * ({@code backfill: {in_place: true}}, or {@code {value: run_start}}, the one instant of
 * {@link io.cutover.backfill.RunStart}), refuses (exit 2) one a source reads or a table another
 * entity reads, and the chunk writer sets them by compare-and-set against NULL in the rows that
 * exist ({@link io.cutover.backfill.InPlaceFill}): a row the app filled is skipped, nothing is
 * inserted or deleted. Chunks, checkpoint, re-read and summary are the insert path's.
 *
 * <h2>Recomputed from the target</h2>
 * After the entities, {@link io.cutover.backfill.DerivedStep} walks a target table's keys in
 * chunks (paced, one short transaction each, checkpointed in {@code cutover_backfill} like an
 * entity) for what is recomputed from the target's own rows rather than copied:
 * {@link io.cutover.backfill.TreeStep} (the step {@code trees}: each post's comment trees
 * brought to its comments by {@link io.cutover.tree.CommentTreeSync}) and
 * {@link io.cutover.backfill.AggregateStep} (a total of the mapping's {@code checks:}, e.g.
 * {@code num_comments}, recounted once the rows it counts are loaded, written as a
 * compare-and-set).
 *
 * <h2>Known limits</h2>
 * The re-read waits, after each chunk's commit, for the app transactions that were writing the
 * target table at that moment ({@link io.cutover.backfill.InFlightAppWrites}): an app
 * transaction whose UPDATE found no row before the commit is thereby seen when it commits.
 * One still open after {@code appWritePatience} (10 s by default) is not waited for (the run
 * says so); nor is a change the row builder's re-read cannot see yet (a source read from a
 * lagging replica). A run killed between a chunk's commit and its re-read leaves that chunk
 * unre-read: the checkpoint shows it ({@link io.cutover.backfill.ResumePoint#rereadPending}) and
 * the next run warns. Verify with {@code --settle} finds any such row. The writer needs a
 * session of its own (a direct connection or session pooling, not a transaction pooler): its
 * staging tables and its run lock live in the session.
 */
package io.cutover.backfill;
