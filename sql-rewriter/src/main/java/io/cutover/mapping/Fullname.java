package io.cutover.mapping;

/**
 * A Reddit fullname such as {@code t3_abc}: the thing's type number and its id.
 * t1 comment, t2 account, t3 link (post), t5 subreddit (channel).
 */
public record Fullname(int typeNumber, long id) {
    public static final int COMMENT = 1;
    public static final int ACCOUNT = 2;
    public static final int LINK = 3;
    public static final int SUBREDDIT = 5;

    public static Fullname parse(String text) {
        if (text == null || text.length() < 4 || text.charAt(0) != 't' || text.indexOf('_') < 2) {
            throw new IllegalArgumentException("not a Reddit fullname: '" + text + "'");
        }
        int underscore = text.indexOf('_');
        int type;
        try {
            type = Integer.parseInt(text.substring(1, underscore));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Reddit fullname: '" + text + "'");
        }
        return new Fullname(type, Base36.decode(text.substring(underscore + 1)));
    }

    @Override
    public String toString() {
        return Base36.fullname(typeNumber, id);
    }
}
