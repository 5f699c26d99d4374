package io.cutover.repair;

import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.report.VerifyReportWriter;
import io.cutover.storage.Location;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A verify report as repair takes it: a directory holding summary.json and differences/, made
 * with this very mapping (its digest in summary.json) against these very new tables. Anything
 * else is bad input (exit 2), named. A report's live differences need not be settled: repair
 * reads every reported key again before it plans ({@link FreshDifferences}), so a write that was
 * in flight shows as resolved, and the plan says so ({@link #rereadNote()}).
 */
public record RepairReport(Location dir, VerifyReport summary, String mappingDigest) {

    /** Opens and checks {@code dir} for a repair of {@code target} under {@code mapping}. */
    public static RepairReport open(Location dir, Mapping mapping, SourceLocation target) {
        List<String> missing = new ArrayList<>();
        if (!dir.isDirectoryQuietly()) {
            throw CutoverException.configuration("repair: " + dir + " is not a directory (expected a verify report: summary.json and differences/)");
        }
        if (!dir.resolve("summary.json").isFileQuietly()) missing.add("summary.json");
        if (!dir.resolve("differences").isDirectoryQuietly()) missing.add("differences/");
        if (!missing.isEmpty()) {
            throw CutoverException.configuration("repair: " + dir + " is not a verify report: it has no " + String.join(" and no ", missing)
                    + " (run cutover verify --out " + dir + " first)");
        }
        VerifyReport summary = VerifyReportWriter.read(dir);
        String digest = VerifyReportWriter.mappingDigest(dir);
        if (digest == null) {
            throw CutoverException.configuration("repair: the report " + dir + " does not record the digest of the mapping it was made"
                    + " with (it predates repair); run cutover verify again and repair from the new report");
        }
        String ours = VerifyReportWriter.mappingDigest(mapping);
        if (!digest.equals(ours)) {
            throw CutoverException.configuration("repair: the report " + dir + " was made with another mapping ('" + summary.mapping()
                    + "', " + digest + "); this repair uses '" + mapping.name() + "' (" + ours + "). A report's keys and columns"
                    + " only mean something under its own mapping: verify again with this one");
        }
        if (!summary.target().equals(target.toString())) {
            throw CutoverException.configuration("repair: the report " + dir + " compared the new tables in " + summary.target()
                    + ", not in " + target + "; repair the tables the report looked at (--target), or verify these first");
        }
        return new RepairReport(dir, summary, digest);
    }

    /** How the report's live differences were treated, for the summary. */
    public String rereadNote() {
        boolean live = summary.target().startsWith("database ") || summary.sources().values().stream().anyMatch(s -> s.startsWith("database "));
        if (!live) return "the report read no live database; its keys were read again all the same";
        if (summary.persistentDifferences() != null) return "the report was settled; its keys were read again all the same";
        return "the report read live databases without --settle: rather than refusing, repair read every reported key again"
                + " (one snapshot per database) and planned only what still differs; writes that were in flight count as resolved";
    }
}
