package io.cutover.rewrite;

import java.util.List;
import net.sf.jsqlparser.parser.Token;

/**
 * One query resolved against the old schema: every table, column reference, {@code *},
 * output column and comparison, with what it resolved to and how it is used, in the order the
 * resolver met them (which is the order of the reports). {@code end} is the last position the
 * resolver saw, for reports about the query as a whole.
 */
record QueryAnalysis(List<Fact> facts, Token end) {}
