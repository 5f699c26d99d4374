package io.cutover.backfill;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Rows of discussions_comment as a row builder would hand them over. */
final class Rows {
    static final OffsetDateTime T0 = OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    static final List<String> COMMENT_COLUMNS = List.of("id", "created_on", "updated_on", "post_id", "text", "score");
    static final TargetTable COMMENTS = TargetTable.of(TargetDatabase.CATALOG, "discussions_comment", List.of("id"), COMMENT_COLUMNS);

    private Rows() {}

    static Object[] comment(long id, String text) {
        return new Object[] {id, T0, T0, 100L, text, 0};
    }

    /** Comments {@code from..to}, each with text {@code c<id>}. */
    static List<Object[]> comments(long from, long to) {
        List<Object[]> rows = new ArrayList<>();
        for (long id = from; id <= to; id++) rows.add(comment(id, "c" + id));
        return rows;
    }

    static Chunk chunk(List<Object[]> rows) {
        return new Chunk(COMMENTS, rows);
    }
}
