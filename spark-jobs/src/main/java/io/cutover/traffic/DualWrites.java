package io.cutover.traffic;

import io.cutover.outcome.CutoverException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The entities whose writes the app already sends to the new tables too: the silo order switches
 * them on one by one (channels, posts, comments, votes). A write to an entity not among them goes
 * to the old side only (Reddit, the mirror, the vote export), as the app made it before its switch.
 */
public record DualWrites(Set<Entity> entities) {

    /** What the app writes, in the silo order. */
    public enum Entity {
        CHANNEL, POST, COMMENT, VOTE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final DualWrites ALL = new DualWrites(EnumSet.allOf(Entity.class));

    public DualWrites {
        entities = Collections.unmodifiableSet(entities.isEmpty() ? EnumSet.noneOf(Entity.class) : EnumSet.copyOf(entities));
    }

    /** "channel,post,comment,vote" or a part of it; "none" for no dual write at all. */
    public static DualWrites parse(String value) {
        Set<Entity> set = EnumSet.noneOf(Entity.class);
        if (value.trim().equals("none")) return new DualWrites(set);
        for (String part : value.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            Entity found = null;
            for (Entity e : Entity.values()) if (e.id().equals(name) || (e.id() + "s").equals(name)) found = e;
            if (found == null) {
                throw CutoverException.configuration("--dual-write: '" + part.trim()
                        + "' is not an entity; name some of channel, post, comment, vote (comma-separated), or none");
            }
            set.add(found);
        }
        return new DualWrites(set);
    }

    public boolean everything() {
        return entities.size() == Entity.values().length;
    }

    public boolean covers(Entity e) {
        return entities.contains(e);
    }

    /** Whether the entity a truth entry names ({@code post}, {@code comment}, {@code postvote}, ...) is dual-written. */
    boolean coversTruthEntity(String entity) {
        return switch (entity) {
            case "channel" -> covers(Entity.CHANNEL);
            case "post" -> covers(Entity.POST);
            case "comment" -> covers(Entity.COMMENT);
            case "postvote", "commentvote" -> covers(Entity.VOTE);
            default -> true;
        };
    }

    public String id() {
        if (entities.isEmpty()) return "none";
        List<String> ids = new ArrayList<>();
        for (Entity e : entities) ids.add(e.id());
        return String.join(",", ids);
    }
}
