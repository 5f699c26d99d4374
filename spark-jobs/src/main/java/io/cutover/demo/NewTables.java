package io.cutover.demo;

import io.cutover.outcome.CutoverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the migration's silo order has reached the new tables: the entities up to this point
 * hold their history (backfilled), the ones after it are created empty with their keys, indexes
 * and identities, for a backfill to fill. The comment trees and the votes come after the comments.
 */
public enum NewTables {
    NONE,
    CHANNELS("discussions_channel"),
    POSTS("discussions_post"),
    COMMENTS("discussions_comment"),
    ALL("discussions_postvote", "discussions_commentvote", "discussions_newcommenttreenode",
            "discussions_oldcommenttreenode", "discussions_bestcommenttreenode");

    /** The tables this stage adds to the ones before it. */
    private final List<String> added;

    NewTables(String... added) {
        this.added = List.of(added);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NewTables parse(String value) {
        for (NewTables s : values()) if (s.id().equals(value)) return s;
        throw CutoverException.configuration("--new-tables must be none, channels, posts, comments or all, got '" + value + "'");
    }

    /** Whether an entity (as a fault or verify names it) holds its rows at this stage. */
    public boolean holdsEntity(String entity) {
        return switch (entity) {
            case "channel" -> ordinal() >= CHANNELS.ordinal();
            case "post" -> ordinal() >= POSTS.ordinal();
            case "comment" -> ordinal() >= COMMENTS.ordinal();
            default -> this == ALL;   // votes, the vote export's view of them, the trees
        };
    }

    /** The new tables left empty at this stage, in the silo order. */
    public List<String> emptyTables() {
        List<String> empty = new ArrayList<>();
        for (NewTables s : values()) if (s.ordinal() > ordinal()) empty.addAll(s.added);
        return empty;
    }
}
