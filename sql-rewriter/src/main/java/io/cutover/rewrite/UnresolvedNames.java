package io.cutover.rewrite;

/** Names that do not resolve, and constructs not analyzed, are findings, never guesses. */
final class UnresolvedNames implements PortabilityRule {
    @Override
    public void unresolved(Fact.Unresolved f, RewriteCollector out) {
        out.finding(Severity.ERROR, f.node(), f.rule(), f.message());
    }
}
