package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import java.util.Locale;

/**
 * Whether a live PostgreSQL side's pass-1 digests are computed in PostgreSQL ({@code --pushdown}).
 * {@code ON} wherever the mapping and the database allow it, {@code OFF} never (whole rows are read
 * and hashed in Spark), {@code AUTO} as {@link PushdownDecision} decides per database, and on this
 * machine per comparison, from what can be known before anything is read.
 */
public enum Pushdown {
    AUTO, ON, OFF;

    /** {@code auto}, {@code on} or {@code off}, as the command line spells it. */
    public static Pushdown parse(String text, String option) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CutoverException.configuration(option + " " + text + ": expected auto, on or off");
        }
    }

    /** The spelling of the command line. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
