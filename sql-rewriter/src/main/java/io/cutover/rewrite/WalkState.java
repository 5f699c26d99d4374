package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.Token;

/**
 * Where the name-resolution walk of one query is: the scope in force, how the expression being
 * walked uses its columns, the last position it saw, and the facts found so far.
 */
final class WalkState {
    final List<Fact> facts = new ArrayList<>();
    Scope scope;
    /** Walking an output column of the outermost query block (what the report shows). */
    boolean shown;
    /** Walking an ORDER BY key. */
    boolean ordering;
    /**
     * The last column reference with a position: where a finding goes when its own node has no
     * position in the text.
     */
    Token lastSeen;

    void add(Fact fact) {
        facts.add(fact);
    }
}
