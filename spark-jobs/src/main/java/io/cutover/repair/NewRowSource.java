package io.cutover.repair;

import io.cutover.mapping.EntitySpec;
import java.util.Collection;
import java.util.Map;

/**
 * Builds the whole new row for keys the new table lacks, from what the old sources hold now, as
 * the backfill builds it: column name to value (as text PostgreSQL casts to the column's type; a
 * reference as the natural key of the row it points to, which repair turns into the target's id).
 * Repair inserts it with {@code ON CONFLICT (<key>) DO NOTHING}, so a row the app wrote in between wins.
 */
public interface NewRowSource {

    /**
     * Per key asked for (the report's key object, e.g. {@code {"id":12}}), the row built from the
     * old sources now; a key the old sources no longer hold is absent from the answer.
     */
    Map<String, Map<String, String>> rows(EntitySpec entity, Collection<String> keys);
}
