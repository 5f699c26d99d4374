package io.cutover.mapping;

import java.util.List;

/**
 * A column rule's {@code backfill:} option: which source gives the new column when the backfill
 * builds rows, where the truth-first default is not what is meant ({@code from}: a source of the
 * entity whose own rule for the column gives it), and the new columns no source holds that take
 * this rule's value in a backfill ({@code also}: a vote's {@code created_on}, which the export does
 * not keep, takes the export's date). On a target whose rows exist already (a table one of the
 * entity's own sources reads: the migration adds columns in place), {@code in_place} marks a
 * column the backfill fills into those rows where it is still NULL, and {@code value} says what
 * it writes there when no source holds it ({@code run_start}: the instant the migration's first
 * backfill run started, one for every row; implies {@code in_place}). Verify does not read it.
 */
public record BackfillRule(String from, List<String> also, boolean inPlace, String value, FilePosition location) {
    /** The values {@code value:} may name. */
    public static final List<String> VALUES = List.of("run_start");

    public BackfillRule {
        also = List.copyOf(also);
    }
}
