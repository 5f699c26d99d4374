package io.cutover.traffic;

import io.cutover.traffic.WorldState.Comment;
import io.cutover.traffic.WorldState.Post;
import io.cutover.traffic.WorldState.Thing;
import io.cutover.traffic.WorldState.User;
import io.cutover.traffic.WorldState.Vote;

/**
 * One write of the app, fully decided when it is planned (ids, texts, counters after it), so
 * the same seed gives the same writes. {@code damaged*} values are what a damaged dual write
 * puts into the new tables instead. Only instants are left to the moment it is made.
 */
sealed interface Operation {
    /** The count key: new_post_link, vote_up, ... */
    String name();

    /** Whether a failed dual write of this kind can arrive wrong (else it is only ever lost). */
    default boolean canBeDamaged() {
        return false;
    }

    /** A new post with its author's up-vote (Reddit's ups start at 1). */
    record NewPost(Post post, String title, String damagedTitle, String text, String url, String redditUrl,
                   String preview, String article, String plainText, long voteId, int articleId, int linkMetaId)
            implements Operation {
        public String name() {
            return "new_post_" + (post.type.equals("self") ? "text" : post.type);
        }

        public boolean canBeDamaged() {
            return true;
        }
    }

    /** A new comment with its author's up-vote; the post's num_comments becomes {@code numComments}. */
    record NewComment(Comment comment, String text, String damagedText, int mirrorId, int numComments, long voteId)
            implements Operation {
        public String name() {
            return comment.parent == null ? "new_comment_top_level" : "new_comment_reply";
        }

        public boolean canBeDamaged() {
            return true;
        }
    }

    /** The text of a text post (its plain text follows) or of a comment, marked edited. */
    record EditText(Thing thing, String text, String damagedText) implements Operation {
        public String name() {
            return "edit_text_" + thing.entity();
        }

        public boolean canBeDamaged() {
            return true;
        }
    }

    record EditTitle(Post post, String title, String damagedTitle) implements Operation {
        public String name() {
            return "edit_title";
        }

        public boolean canBeDamaged() {
            return true;
        }
    }

    /** A moderator's removal (Reddit's spam) or the author's deletion. */
    record Flag(Thing thing, boolean removal) implements Operation {
        public String name() {
            return (removal ? "remove_" : "delete_") + thing.entity();
        }
    }

    /**
     * A vote, an un-vote ({@code direction} 0) or a re-vote of {@code voter} on {@code thing};
     * {@code previous} is the vote before (0: none). {@code ups}/{@code downs}: Reddit's counts after.
     * {@code voteId}: the new vote row's id when one is inserted.
     */
    record CastVote(Thing thing, User voter, Vote vote, int previous, int direction, int ups, int downs, long voteId)
            implements Operation {
        public String name() {
            if (direction == 0) return "unvote";
            if (previous != 0) return "revote";
            return direction > 0 ? "vote_up" : "vote_down";
        }

        public boolean canBeDamaged() {
            return previous == 0 && direction != 0;
        }
    }
}
