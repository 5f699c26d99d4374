package io.cutover.mapping;

import java.util.List;

/**
 * A column rule's {@code backfill:} option: which source gives the new column when the backfill
 * builds rows, where the truth-first default is not what is meant ({@code from}: a source of the
 * entity whose own rule for the column gives it), and the new columns no source holds that take
 * this rule's value in a backfill ({@code also}: a vote's {@code created_on}, which the export does
 * not keep, takes the export's date). Verify does not read it.
 */
public record BackfillRule(String from, List<String> also, FilePosition location) {
    public BackfillRule {
        also = List.copyOf(also);
    }
}
