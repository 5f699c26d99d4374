/**
 * {@code cutover repair REPORT}: a verify report turned into reviewed, guarded fixes. The keys
 * the report names are read again now through verify's recheck path, a plan is made per
 * category from that fresh result (never from the report's text), and written as
 * {@code repair.sql} for review. {@code --execute} applies it in short transactions where every
 * update and delete compares the row with what the repair saw in it, so a row the application
 * wrote since is left alone and reported; the keys are then verified again. Only the mapping's
 * target tables that no source reads are written ({@link io.cutover.backfill.WriteTargetGuard});
 * what repair cannot decide is listed for a person, with why.
 */
package io.cutover.repair;
