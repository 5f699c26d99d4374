package io.cutover.demo;

/**
 * How big a demo world is. Means are per thing; the actual counts are heavy-tailed around them.
 */
public enum Scale {
    /** For tests: ~50 posts. */
    TINY(4, 30, 50, 6, 60, 6, 2),
    /** The quickstart: ~20k posts, ~200k comments, ~1M votes. */
    SMALL(200, 5_000, 20_000, 10, 3_000, 20, 3),
    /** Benchmarks: ~1M posts, ~10M comments, ~20M votes. */
    LARGE(2_000, 100_000, 1_000_000, 10, 5_000, 8, 1.2);

    final int channels;
    final int users;
    final int posts;
    final double meanCommentsPerPost;
    final int maxCommentsPerPost;
    final double meanVotesPerPost;
    final double meanVotesPerComment;

    Scale(int channels, int users, int posts, double meanCommentsPerPost, int maxCommentsPerPost,
          double meanVotesPerPost, double meanVotesPerComment) {
        this.channels = channels;
        this.users = users;
        this.posts = posts;
        this.meanCommentsPerPost = meanCommentsPerPost;
        this.maxCommentsPerPost = maxCommentsPerPost;
        this.meanVotesPerPost = meanVotesPerPost;
        this.meanVotesPerComment = meanVotesPerComment;
    }

    /** A rough total of rows loaded, for progress and ETA. */
    long expectedRows() {
        double comments = posts * meanCommentsPerPost;
        double votes = posts * meanVotesPerPost + comments * meanVotesPerComment;
        // link: thing + ~9 data + 2 app rows (+ extras) + 3 tree roots; comment: thing + ~5.5 data + 2 app rows
        // + 3 tree nodes; votes: 1 row each table
        return Math.round(posts * 15.5 + comments * 11.7 + votes * 1.0 + users * 4 + channels * 8);
    }
}
