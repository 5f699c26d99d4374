package io.cutover.demo.schema;

/**
 * The vote export, as the migration plan takes it from Cassandra: one CSV line per vote action
 * (voter, thing fullname, direction, date in milliseconds), an un-vote as direction 0. It is a
 * change log: the latest line of a (voter, thing) says the vote.
 */
public final class VoteExport {
    public static final String HEADER = "voter,thing,direction,date\n";

    private VoteExport() {}

    /** One line, with its newline; {@code epochMicros} is a vote time in whole milliseconds. */
    public static String line(String voter, String fullname, int direction, long epochMicros) {
        return voter + "," + fullname + "," + direction + "," + Timestamps.isoMillis(epochMicros) + "\n";
    }
}
