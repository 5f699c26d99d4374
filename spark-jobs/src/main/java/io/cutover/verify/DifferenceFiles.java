package io.cutover.verify;

import io.cutover.storage.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Where a run's differences go: Parquet under {@code differences/entity=…/source=…/}, one
 * directory per comparison and per check, every one of the same shape ({@link #SHAPE}), so a
 * reader (a notebook, a recheck, the ground-truth check) takes them as one partitioned table.
 */
record DifferenceFiles(Location root) {
    /** The columns of every difference row. */
    static final StructType SHAPE = new StructType().add("category", "string").add("key", "string")
            .add("column", "string").add("old_value", "string").add("new_value", "string");

    /** The source of the cross-table checks' directories. */
    static final String CHECKS = "checks";

    /** The differences an earlier report wrote (a recheck reads its keys). */
    static DifferenceFiles of(Location report) {
        return new DifferenceFiles(report.resolve("differences"));
    }

    Location of(ComparisonPlan plan) {
        return of(plan.entity(), plan.source());
    }

    Location of(String entity, String source) {
        return root.resolve("entity=" + entity).resolve("source=" + source);
    }

    /** Every directory written, whatever wrote it (comparisons, checks, comment trees). */
    List<Location> all() throws IOException {
        List<Location> all = new ArrayList<>();
        for (Location entity : root.directories()) all.addAll(entity.directories());
        return all;
    }
}
