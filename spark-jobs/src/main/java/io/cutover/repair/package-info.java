/**
 * {@code cutover repair REPORT}: a verify report turned into reviewed, guarded fixes. The keys
 * the report names are read again now through verify's recheck path, a plan is made per
 * category from that fresh result (never from the report's text), and written as
 * {@code repair.sql} for review. {@code --execute} applies it in short transactions where every
 * update and delete compares the row with what the repair saw in it, so a row the application
 * wrote since is left alone and reported: entity by entity in the mapping's order, the recounts
 * after the row fixes, then the comment trees of the posts the report's tree differences touch,
 * rebuilt from their comments ({@link io.cutover.tree.CommentTreeSync}). Missing rows are built
 * by the backfill's row builder ({@link io.cutover.backfill.NewRows}) from the old sides of just
 * those keys. The keys are then verified again. Only the mapping's
 * target tables that no source reads are written ({@link io.cutover.backfill.WriteTargetGuard});
 * what repair cannot decide is listed for a person, with why.
 */
package io.cutover.repair;
