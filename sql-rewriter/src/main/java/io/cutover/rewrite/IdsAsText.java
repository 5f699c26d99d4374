package io.cutover.rewrite;

/** Ids are integers in the new tables but base36 in URLs: string operations on them do not port. */
final class IdsAsText implements PortabilityRule {
    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (f.dropped()) return;
        ColumnChange o = f.origin();
        if (f.usage().asText() && (!o.literalTypes().isEmpty() || o.identity() != null)) {
            out.finding(Severity.WARNING, f.column(), "id-as-text", "string operation on the id " + o.oldColumn()
                    + ": ids are integers here but base36 in URLs; a text comparison or pattern on them does not port as is");
        }
    }
}
