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

    /** {@code encode(LINK, 13368)} is {@code t3_abc}; a negative id or a type below 1 is refused. */
    public static String encode(int typeNumber, long id) {
        if (typeNumber < 1) throw new IllegalArgumentException("not a Reddit type number: " + typeNumber);
        return Base36.fullname(typeNumber, id);
    }

    /**
     * The type number a mapping spells as a fullname's prefix ({@code t3}) or by the thing's
     * name ({@code link}); empty for anything else.
     */
    public static java.util.OptionalInt typeNumber(String spelled) {
        if (spelled == null) return java.util.OptionalInt.empty();
        return switch (spelled) {
            case "t1", "comment" -> java.util.OptionalInt.of(COMMENT);
            case "t2", "account" -> java.util.OptionalInt.of(ACCOUNT);
            case "t3", "link" -> java.util.OptionalInt.of(LINK);
            case "t4" -> java.util.OptionalInt.of(4);
            case "t5", "subreddit" -> java.util.OptionalInt.of(SUBREDDIT);
            default -> java.util.OptionalInt.empty();
        };
    }

    public static Fullname parse(String text) {
        if (text == null || text.length() < 4 || text.charAt(0) != 't' || text.indexOf('_') < 2) {
            throw new IllegalArgumentException("not a Reddit fullname: '" + text + "'");
        }
        int underscore = text.indexOf('_');
        // the type in plain decimal digits: no sign, no other script's digits (Integer.parseInt takes both)
        for (int i = 1; i < underscore; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') throw new IllegalArgumentException("not a Reddit fullname: '" + text + "'");
        }
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
