package io.cutover.repair;

import java.util.Map;
import java.util.Optional;

/**
 * Builds the whole new row for a key the new table lacks, from what the old sources hold now, as
 * the backfill builds it: column name to value (as text PostgreSQL casts to the column's type).
 * Empty when the old sources no longer hold the row. Repair inserts it with
 * {@code ON CONFLICT DO NOTHING}, so a row the app wrote in between wins.
 */
public interface NewRowSource {

    /** The row for {@code key} (the report's key object) of {@code entity}, built from the old sources now. */
    Optional<Map<String, String>> row(String entity, Map<String, String> key);

    /** Whether this source builds rows at all: until the backfill's row builder exists, none does. */
    default boolean available() {
        return true;
    }

    /** No row builder: every missing row is listed as needing it, nothing is inserted. */
    NewRowSource NONE = new NewRowSource() {
        @Override
        public Optional<Map<String, String>> row(String entity, Map<String, String> key) {
            return Optional.empty();
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
