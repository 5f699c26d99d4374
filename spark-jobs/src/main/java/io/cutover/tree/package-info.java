/**
 * The new schema's comment trees, recomputed from the comments rather than copied: django-treebeard
 * {@code MP_Node} tables as the mapping's {@code trees:} describes them (which tables, how a
 * comment names its post and parent, {@code steplen}, {@code alphabet}, each table's sort keys).
 * No table is named in code: the same classes build the 2020 design's three
 * {@code discussions_*commenttreenode} tables and the 2025 design's one.
 *
 * <ul>
 *   <li>{@link io.cutover.tree.CommentTreeSync#bring} is the entry point: "bring these posts'
 *       trees to what their comments say now", inside the caller's transaction (the backfill's
 *       tree step, a chunk of posts at a time); {@link io.cutover.tree.CommentTreeSync#bringPost}
 *       does one post in a transaction of its own (repair's tree fixes).</li>
 *   <li>{@link io.cutover.tree.MaterializedPaths} builds one post's tree in one table from a
 *       {@link io.cutover.tree.PostComments}: root, depth, numchild, sibling steps in the table's
 *       order with ties by comment id, every stored sort column. The demo's
 *       {@code io.cutover.demo.CommentTrees} is its reference.</li>
 *   <li>{@link io.cutover.tree.NodeLookup} finds a chunk's nodes the way a table's indexes allow:
 *       by {@code post_id} where an index leads with it, else through the unique {@code comment_id}
 *       and {@code path} indexes and a {@link io.cutover.tree.RootCatalogue} of the posts' roots read
 *       once per run (never a scan per chunk, which made the step slower as the tables filled), else,
 *       where the path index does not sort paths as their steps, by a scan, with the advice of the
 *       index to create.</li>
 *   <li>{@link io.cutover.tree.TreeChanges} counts what a call did; {@link io.cutover.tree.SyncProfile}
 *       where its time went.</li>
 * </ul>
 *
 * <p>Never clobbering the app: the posts are locked {@code FOR UPDATE} (a new comment's foreign
 * key waits), their comments {@code FOR SHARE} (an edit waits), the tree tables in
 * {@code SHARE ROW EXCLUSIVE} mode (readers go on; the app's tree writes, which number new ids
 * and root steps from what is committed, wait for the chunk), their nodes {@code FOR UPDATE};
 * the wanted nodes are compared with those held and only the difference is written: inserts
 * with {@code ON CONFLICT DO NOTHING}, updates and deletes as compare-and-set on every column
 * read. A post without a root takes the step after every first step in use in any tree table,
 * as the app does; a step another writer takes meanwhile moves it on.
 */
package io.cutover.tree;
