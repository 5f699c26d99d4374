package io.cutover.demo;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** The one-screen account of a demo world: what each source holds, how fast it loaded, what was damaged. */
public final class DemoSummary {
    private DemoSummary() {}

    public static void print(DemoReport r, DemoSpec spec, PrintStream out) {
        out.println();
        out.printf("Demo world: %s, seed %d, as of %s%n", r.scale(), r.seed(), r.asOf());
        if (spec.design() == Design.D2025) {
            archive(r, spec, out);
        } else {
            design2020(r, spec, out);
        }
        out.printf("  vote export: %,d votes and %,d cleared votes (direction 0) in %s%n", r.voteExportLines(),
                r.clearedVoteLines(), spec.voteExport());
        out.printf("  loaded %,d rows in %.1f s (%,.0f rows/s with COPY); %.1f s in all%n",
                r.rowsLoaded(), r.loadSeconds(), r.loadRowsPerSecond(), r.totalSeconds());
        if (r.faults().isEmpty()) {
            out.println("  faults: none (the three sources agree exactly)");
        } else {
            Map<String, Integer> byKind = new TreeMap<>();
            for (Fault f : r.faults()) byKind.merge(f.kind(), 1, Integer::sum);
            out.printf("  faults: %d injected (%d kinds); ground truth in %s%n", r.faults().size(), byKind.size(),
                    spec.groundTruth());
        }
        out.printf("  databases: %s and %s%n", r.redditDatabase(), r.appDatabase());
    }

    /** The 2025 design: Reddit and the channels_* tables archived in place, with their tree. */
    private static void archive(DemoReport r, DemoSpec spec, PrintStream out) {
        Map<String, Long> rows = r.rowsPerTable();
        out.printf("  design 2025: channels_* archived in place (mapping %s), added columns filled up to: %s%n",
                Design.D2025.mapping(), spec.newTables().id());
        out.printf("  %-34s %12s %12s%n", "", "Reddit", "channels_*");
        line(out, "channels", rows.get("reddit_thing_subreddit"), rows.get("channels_channel"));
        line(out, "posts", rows.get("reddit_thing_link"), rows.get("channels_post"));
        line(out, "comments", rows.get("reddit_thing_comment"), rows.get("channels_comment"));
        line(out, "users (accounts / auth_user)", rows.get("reddit_thing_account"), rows.get("auth_user"));
        line(out, "comment tree nodes", null, rows.get(ArchiveSchema.TREE));
    }

    private static void line(PrintStream out, String label, Long reddit, Long archived) {
        out.printf("  %-34s %12s %12s%n", label, fmt(reddit), fmt(archived));
    }

    private static void design2020(DemoReport r, DemoSpec spec, PrintStream out) {
        Map<String, Long> rows = r.rowsPerTable();
        if (spec.newTables() != NewTables.ALL) {
            out.printf("  new tables filled up to: %s (empty, with their keys and identities: %s)%n", spec.newTables().id(),
                    String.join(", ", spec.newTables().emptyTables()));
        }
        out.printf("  %-34s %12s %12s %12s%n", "", "Reddit", "channels_*", "discussions_*");
        line(out, "channels", rows.get("reddit_thing_subreddit"), rows.get("channels_channel"), rows.get("discussions_channel"));
        line(out, "posts", rows.get("reddit_thing_link"), rows.get("channels_post"), rows.get("discussions_post"));
        line(out, "comments", rows.get("reddit_thing_comment"), rows.get("channels_comment"), rows.get("discussions_comment"));
        line(out, "users (accounts / auth_user)", rows.get("reddit_thing_account"), rows.get("auth_user"), null);
        line(out, "key-value rows (link+comment)", rows.get("reddit_data_link") + rows.get("reddit_data_comment"), null, null);
        line(out, "votes (post+comment)", null, null, rows.get("discussions_postvote") + rows.get("discussions_commentvote"));
    }

    private static void line(PrintStream out, String label, Long reddit, Long old, Long now) {
        out.printf("  %-34s %12s %12s %12s%n", label, fmt(reddit), fmt(old), fmt(now));
    }

    private static String fmt(Long n) {
        return n == null ? "-" : String.format("%,d", n);
    }
}
