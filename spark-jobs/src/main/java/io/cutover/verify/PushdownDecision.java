package io.cutover.verify;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * What {@code --pushdown auto} decides for one live database, and why, from what is known before
 * a row is read: where the server runs. Measured (docs/verify-benchmark.md): with PostgreSQL on
 * the same two cores as Spark, digests computed in PostgreSQL ran at 0.68-0.70x the speed of
 * Spark's on the small world and about 2x slower on the large one, since PostgreSQL hashing takes
 * the very cores Spark would hash on; pushdown pays only where the database has cores of its own
 * or the network is slow (only keys and hashes cross it). So a server on this machine (a loopback
 * or local address) is read whole and hashed in Spark; a server elsewhere computes its digests.
 */
record PushdownDecision(boolean inPostgres, String reason) {

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
                    + "), on the cores Spark hashes with; digests computed in Spark (--pushdown on to compute them there)");
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
}
