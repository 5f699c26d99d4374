package io.cutover.rewrite;

/** LIKE on an id matched its text; the new ids are integers (base36 only in URLs). */
final class IdPatterns implements PortabilityRule {
    @Override
    public void patternMatch(Fact.PatternMatch f, RewriteCollector out) {
        ColumnChange o = f.origin();
        if (!o.literalTypes().isEmpty() || o.identity() != null) {
            out.finding(Severity.ERROR, f.like(), "id-like", "LIKE on the id " + o.oldColumn() + ": ids are integers (base36 in URLs); a text pattern does not port");
        }
    }
}
