package io.cutover.watch;

import io.cutover.outcome.CutoverException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What to watch: per database the tables (exact names from the mapping, or glob patterns), for
 * how long, and how often to print progress.
 */
public record WatchSpec(List<WatchedDatabase> databases, Duration window, Duration progressEvery) {
    /**
     * Other backends flush their statistics at the end of a transaction at most once a second
     * (PGSTAT_MIN_INTERVAL); a backend that then goes idle flushes what it held back after 10 s
     * (PGSTAT_IDLE_INTERVAL). The last sample waits past both.
     */
    public static final Duration FLUSH_WAIT = Duration.ofSeconds(11);

    public WatchSpec {
        if (databases.isEmpty()) throw CutoverException.configuration("watch-writes: no database to watch");
        if (window.isNegative() || window.isZero()) throw CutoverException.configuration("--for: the window must be longer than 0");
        databases = List.copyOf(databases);
    }

    /** One database: {@code tables} are the mapping's old tables, {@code patterns} globs such as {@code channels_*}. */
    public record WatchedDatabase(String database, Set<String> tables, List<String> patterns) {
        public boolean watches(String table) {
            if (tables.contains(table)) return true;
            for (String p : patterns) if (glob(p, table)) return true;
            return false;
        }
    }

    /** {@code 10m}, {@code 30s}, {@code 1h}, {@code 500ms}: the window of {@code --for}. */
    public static Duration parseDuration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) throw CutoverException.configuration("--for: expected a duration such as 30s, 10m or 1h, got '" + text + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static boolean glob(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return name.matches(re.toString());
    }
}
