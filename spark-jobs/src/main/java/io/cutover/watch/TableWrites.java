package io.cutover.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * What one watched table saw in the window. {@code unknown} holds why its counters cannot be
 * trusted (a reset or restart): such a table is never reported as quiet.
 */
public record TableWrites(String label, long inserted, long updated, long deleted, List<String> events, String unknown) {
    public boolean quiet() {
        return inserted == 0 && updated == 0 && deleted == 0 && events.isEmpty() && unknown == null;
    }

    public long writes() {
        return inserted + updated + deleted;
    }

    public String describe() {
        List<String> parts = new ArrayList<>();
        if (unknown != null) parts.add("UNKNOWN: " + unknown);
        if (writes() > 0 || unknown == null) {
            parts.add(String.format("%,d inserted, %,d updated, %,d deleted%s", inserted, updated, deleted,
                    unknown == null ? "" : " (at least)"));
        }
        parts.addAll(events);
        return label + ": " + String.join("; ", parts);
    }
}
