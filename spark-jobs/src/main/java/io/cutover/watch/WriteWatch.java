package io.cutover.watch;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.watch.StatsSample.TableCounters;
import io.cutover.watch.WatchSpec.WatchedDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Watches tables for writes through PostgreSQL's cumulative statistics, read-only. Counters are
 * summed interval by interval, so a reset mid-window (counters going down, a new stats_reset or
 * postmaster start time) marks the table unknown instead of hiding the writes before it. The
 * last sample is taken {@link WatchSpec#FLUSH_WAIT} after the window, because other backends
 * flush their counters late. Two checks no statistics reset can undo back it up: a changed
 * relfilenode (TRUNCATE, VACUUM FULL, a rewriting ALTER) and rows whose xmin is newer than the
 * window's start (inserts and updates; deletes leave no visible row).
 */
public final class WriteWatch {
    /** Tables larger than this (1 GiB) are not scanned for new xmins: the scan would no longer be cheap. */
    static final long XMIN_SCAN_MAX_PAGES = 131_072;

    private WriteWatch() {}

    public static WatchReport run(PostgresServer server, WatchSpec spec, PrintStream out) {
        long startNanos = System.nanoTime();
        Map<String, StatsSample> first = new LinkedHashMap<>();
        Map<String, StatsSample> previous = new HashMap<>();
        Map<String, Accumulated> sums = new LinkedHashMap<>();
        for (WatchedDatabase db : spec.databases()) {
            StatsSample s = StatsSample.read(server, db);
            first.put(db.database(), s);
            previous.put(db.database(), s);
            for (var e : s.tables().entrySet()) sums.put(db.database() + "." + e.getKey(), new Accumulated());
        }
        int watched = sums.size();
        out.println("watch-writes: watching " + watched + " tables in " + spec.databases().size() + " database(s) for "
                + human(spec.window()) + ", then " + human(WatchSpec.FLUSH_WAIT) + " more for late statistics");
        long windowNanos = spec.window().toNanos();
        long nextProgress = spec.progressEvery().toNanos();
        while (true) {
            long elapsed = System.nanoTime() - startNanos;
            long until = Math.min(windowNanos, nextProgress);
            if (elapsed < until) sleep(until - elapsed);
            elapsed = System.nanoTime() - startNanos;
            boolean end = elapsed >= windowNanos;
            if (end) sleep(WatchSpec.FLUSH_WAIT.toNanos());
            for (WatchedDatabase db : spec.databases()) {
                StatsSample now = StatsSample.read(server, db);
                accumulate(previous.get(db.database()), now, sums);
                previous.put(db.database(), now);
            }
            long seen = sums.values().stream().mapToLong(a -> a.inserted + a.updated + a.deleted).sum();
            long tablesWritten = sums.values().stream().filter(a -> a.inserted + a.updated + a.deleted > 0).count();
            boolean unknown = sums.values().stream().anyMatch(a -> a.unknown != null);
            out.println(String.format("watch-writes: %s / %s, %d tables watched, %,d writes seen so far%s%s",
                    human(Duration.ofNanos(Math.min(elapsed, windowNanos))), human(spec.window()), watched, seen,
                    tablesWritten > 0 ? " in " + tablesWritten + " tables" : "", unknown ? " (counters reset: unknown)" : ""));
            if (end) break;
            nextProgress += spec.progressEvery().toNanos();
        }
        List<TableWrites> verdicts = new ArrayList<>();
        for (WatchedDatabase db : spec.databases()) {
            StatsSample a = first.get(db.database());
            StatsSample b = previous.get(db.database());
            Map<String, Long> newRows = newRowVersions(server, db, a, b);
            TreeSet<String> names = new TreeSet<>(a.tables().keySet());
            names.addAll(b.tables().keySet());
            for (String name : names) {
                String label = db.database() + "." + name;
                TableCounters x = a.tables().get(name);
                TableCounters y = b.tables().get(name);
                Accumulated sum = sums.getOrDefault(label, new Accumulated());
                List<String> events = new ArrayList<>();
                if (x == null) events.add("created during the window");
                else if (y == null) events.add("dropped during the window");
                else if (x.relid() != y.relid()) events.add("dropped and created again during the window");
                else if (x.relfilenode() != y.relfilenode()) {
                    events.add("rewritten (TRUNCATE, VACUUM FULL or a rewriting ALTER TABLE): relfilenode " + x.relfilenode()
                            + " -> " + y.relfilenode());
                }
                Long rows = newRows.get(name);
                if (rows != null && rows > 0) events.add(String.format("%,d rows carry an xmin newer than the window's start", rows));
                verdicts.add(new TableWrites(label, sum.inserted, sum.updated, sum.deleted, List.copyOf(events), sum.unknown));
            }
        }
        WatchReport report = new WatchReport(spec.window(), List.copyOf(verdicts));
        for (TableWrites t : report.written()) out.println("  " + t.describe());
        List<String> names = report.written().stream().map(TableWrites::label).toList();
        out.println(report.quiet()
                ? "watch-writes: quiet: no writes to " + watched + " tables in " + human(spec.window())
                : (report.unknown() ? "watch-writes: UNKNOWN (statistics reset or server restarted during the window): "
                        : "watch-writes: WRITTEN: ") + names.size() + " of " + verdicts.size() + " tables: " + String.join(", ", names));
        return report;
    }

    private static void accumulate(StatsSample earlier, StatsSample now, Map<String, Accumulated> sums) {
        String databaseReset = now.resetSince(earlier);
        for (var e : now.tables().entrySet()) {
            String label = now.database() + "." + e.getKey();
            Accumulated sum = sums.computeIfAbsent(label, k -> new Accumulated());
            TableCounters y = e.getValue();
            TableCounters x = earlier.tables().get(e.getKey());
            if (x == null || x.relid() != y.relid()) {
                sum.add(y.inserted(), y.updated(), y.deleted());
                continue;
            }
            boolean down = y.inserted() < x.inserted() || y.updated() < x.updated() || y.deleted() < x.deleted();
            if (down || databaseReset != null) {
                if (sum.unknown == null) sum.unknown = databaseReset != null ? databaseReset : "its counters went down (pg_stat_reset)";
                // After a reset the counters hold at least the writes since; before it, what the last sample saw.
                sum.add(down ? y.inserted() : y.inserted() - x.inserted(), down ? y.updated() : y.updated() - x.updated(),
                        down ? y.deleted() : y.deleted() - x.deleted());
            } else {
                sum.add(y.inserted() - x.inserted(), y.updated() - x.updated(), y.deleted() - x.deleted());
            }
        }
    }

    /**
     * Rows (inserted or updated) whose xmin lies in [start, end) of the window's transaction ids,
     * compared modulo 2^32 as PostgreSQL compares xids. Tables over {@link #XMIN_SCAN_MAX_PAGES} are skipped.
     */
    private static Map<String, Long> newRowVersions(PostgresServer server, WatchedDatabase db, StatsSample a, StatsSample b) {
        Map<String, Long> rows = new HashMap<>();
        long span = b.nextXid() - a.nextXid();
        if (span <= 0 || span >= (1L << 31)) return rows;
        long start = a.nextXid() & 0xFFFFFFFFL;
        try (Connection c = server.connect(db.database())) {
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                for (var e : b.tables().entrySet()) {
                    if (e.getValue().pages() > XMIN_SCAN_MAX_PAGES || !a.tables().containsKey(e.getKey())) continue;
                    String[] parts = e.getKey().split("\\.", 2);
                    String table = "\"" + parts[0].replace("\"", "\"\"") + "\".\"" + parts[1].replace("\"", "\"\"") + "\"";
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE xmin::text::bigint >= 3 AND"
                            + " ((xmin::text::bigint - " + start + ") % 4294967296 + 4294967296) % 4294967296 < " + span)) {
                        rs.next();
                        rows.put(e.getKey(), rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw CutoverException.failure("watch-writes: cannot scan the tables of database '" + db.database() + "': "
                    + PostgresServer.describe(e), e);
        }
        return rows;
    }

    private static final class Accumulated {
        long inserted, updated, deleted;
        String unknown;

        void add(long i, long u, long d) {
            inserted += i;
            updated += u;
            deleted += d;
        }
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        long s = Math.round(d.toMillis() / 1000.0);
        if (s < 120) return s + "s";
        return s / 60 + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
    }

    private static void sleep(long nanos) {
        try {
            // Rounded up: waking a fraction early would take the window's last sample before its end.
            Thread.sleep(Math.max(0, (nanos + 999_999) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("watch-writes: interrupted", e);
        }
    }
}
