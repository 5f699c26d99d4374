package io.cutover.demo;

/**
 * How each source numbers the things of a world, from their index: Reddit, the mirror and the new
 * tables each keep their own ids (domain.md lists where they meet and where they do not).
 */
final class WorldIds {
    private WorldIds() {}

    static long accountId(int user) { return 7 + user + user / 50; }
    static int userId(int user) { return user + 1; }
    static long subredditId(int channel) { return 1 + channel + channel / 7; }
    static int oldChannelId(int channel) { return channel + 1; }
    /** Link and comment ids come from separate sequences and overlap on purpose. */
    static long linkId(int post) { return 23 + post + post / 97; }
    static long commentId(long comment) { return 11 + comment + comment / 113; }
    static int mirrorPostId(int post) { return post + 1; }
    static int mirrorCommentId(long comment) { return (int) (comment + 1); }
    static int moderatorGroupId(int channel) { return 2 * channel + 1; }
    static int contributorGroupId(int channel) { return 2 * channel + 2; }
}
