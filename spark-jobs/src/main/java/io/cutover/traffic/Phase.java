package io.cutover.traffic;

import io.cutover.outcome.CutoverException;
import java.util.Locale;

/** Which writes the app makes: both worlds during the migration, or only the new tables once the old writes are cut. */
public enum Phase {
    /** Reddit first (it cannot roll back), then the channels_* mirror and discussions_* in one transaction. */
    DUAL,
    /** After the cut: discussions_* (and for votes the vote tables) only; Reddit, the mirror and the export get nothing. */
    NEW_ONLY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code dual} or {@code new-only}; anything else is a usage error naming {@code --phase}. */
    public static Phase parse(String text) {
        for (Phase p : values()) {
            if (p.id().equalsIgnoreCase(text == null ? "" : text.strip())) return p;
        }
        throw CutoverException.configuration("--phase: unknown phase '" + text + "' (dual or new-only)");
    }
}
