package io.cutover.verify;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * What {@code --pushdown} decides, and why: first for one live database, from where its server
 * runs, then, for {@code auto} on a server of this machine, for each comparison from the shape of
 * its segment pass. The one place where the choice is made.
 *
 * <p>Measured (bench-verify, small world, PostgreSQL 15 on the same two cores as Spark, seconds
 * per comparison, on / off; docs/verify-internals.md): where both sides' segments are computed in
 * PostgreSQL and no column is left per row, the segment pass wins even on loopback (post vs
 * reddit 1.1 / 3.4, comment vs reddit 2.7 / 4.3, user vs mirror 0.4 / 0.8): only a few numbers per
 * bucket cross. Where a side is hashed in Spark (the vote export: 8.4 / 5.2) or columns are
 * compared per row outside the segments (comment vs mirror, the mirror's unsynced scores: 6.1 /
 * 4.2), it loses: PostgreSQL's hashing takes the very cores Spark needs for the rest. So:
 * <ul>
 *   <li>{@code on}: segments and digests in PostgreSQL wherever the mapping and the database allow;
 *   <li>{@code off}: whole rows read and hashed in Spark;
 *   <li>{@code auto}, server on another host: as {@code on} (it has cores of its own, and only keys
 *       and hashes cross the network);
 *   <li>{@code auto}, server on this machine: per comparison ({@link #forComparison}), as
 *       {@code on} when both its sides are computed in PostgreSQL and nothing is left per row,
 *       else as {@code off}.
 * </ul>
 * {@code perComparison}: the database's decision is only a default, each comparison decides.
 */
record PushdownDecision(boolean inPostgres, String reason, boolean perComparison) {

    PushdownDecision(boolean inPostgres, String reason) {
        this(inPostgres, reason, false);
    }

    static PushdownDecision of(Pushdown mode, SourceLocation.Database db) {
        return switch (mode) {
            case ON -> new PushdownDecision(true, "on: digests computed in PostgreSQL at " + db.server().host()
                    + " where the mapping and the database allow");
            case OFF -> new PushdownDecision(false, "off: digests computed in Spark from whole rows");
            case AUTO -> auto(db.server().host());
        };
    }

    private static PushdownDecision auto(String host) {
        String local = local(host);
        if (local != null) {
            return new PushdownDecision(false, "auto: PostgreSQL at " + host + " runs on this machine (" + local
                    + "), on the cores Spark hashes with; per comparison: segments computed there where both sides are and "
                    + "no column is left per row, else read whole and hashed in Spark", true);
        }
        return new PushdownDecision(true, "auto: PostgreSQL at " + host + " runs on another host; digests computed there, "
                + "only keys and hashes cross the network (--pushdown off to read whole rows)");
    }

    /** How the host is this machine (a loopback or one of its own addresses), or null when it is another. */
    static String local(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress()) return "a loopback address";
                if (address.isAnyLocalAddress()) return "the wildcard address";
                if (NetworkInterface.getByInetAddress(address) != null) return "an address of this machine";
            }
            return null;
        } catch (UnknownHostException | SocketException e) {
            // A name that does not resolve here cannot be reached either: the first read will say so.
            return null;
        }
    }

    /**
     * What {@code auto} decides for one comparison on a server of this machine. {@code whyNot}: why
     * the comparison's segments are not all computed in PostgreSQL (a side hashed in Spark, no
     * segment pass), null when they are; {@code perRow}: the columns its segments leave to the
     * per-row comparison.
     */
    static PushdownDecision forComparison(String whyNot, java.util.List<String> perRow) {
        if (whyNot != null) {
            return new PushdownDecision(false, "auto chose Spark: " + whyNot);
        }
        if (!perRow.isEmpty()) {
            return new PushdownDecision(false, "auto chose Spark: " + String.join(", ", perRow)
                    + " would be compared per row outside the segments");
        }
        return new PushdownDecision(true, "auto chose segments: both sides computed in PostgreSQL, no column left per row");
    }
}
