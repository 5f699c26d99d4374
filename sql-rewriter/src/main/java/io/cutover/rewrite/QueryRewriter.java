package io.cutover.rewrite;

import java.util.List;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Ports one parsed query: first resolves every name against the old schema
 * ({@link NameResolver}, like Trino's analyzer filling its Analysis, or SQLGlot's qualify
 * before its optimizer rules), then lets each portability rule read the resolved query and
 * record edits and findings. One instance per query.
 */
final class QueryRewriter {
    private final SchemaChange schema;
    private final RewriteCollector out;
    private QueryAnalysis analysis;

    QueryRewriter(SchemaChange schema, String maskedText) {
        this.schema = schema;
        this.out = new RewriteCollector(maskedText);
    }

    /**
     * The rules, in the order their reports about one fact are made (a dropped column is said to
     * be dropped before anything else about it; an enum literal is renamed before an id literal
     * is decoded). New instances per query: some remember what they said.
     */
    private static List<PortabilityRule> rules() {
        return List.of(new UnresolvedNames(), new DroppedColumns(), new ColumnRenames(), new TableReplacements(),
                new SurrogateIds(), new NullDefaults(), new ColumnMeanings(), new IdsAsText(),
                new EnumValues(), new IdLiterals(), new SurrogateLiterals(), new TemplateValues(),
                new TopLevelComments(), new IdKinds(), new IdPatterns(),
                new StarExpansion(), new LimitOrder(), new JoinConditions());
    }

    /**
     * Resolves the query, then applies the rules. If resolution fails half-way, the rules still
     * run over what it found before the failure is passed on.
     */
    void rewrite(Select select) {
        NameResolver resolver = new NameResolver(schema);
        try {
            resolver.resolve(select);
        } finally {
            analysis = resolver.analysis();
            List<PortabilityRule> rules = rules();
            for (Fact fact : analysis.facts()) {
                out.near(fact.near());
                for (PortabilityRule rule : rules) fact.accept(rule, out);
            }
        }
    }

    List<Finding> findings() {
        return out.findings();
    }

    /** The edits in text order; overlapping ones are dropped with a finding. */
    List<Edit> edits() {
        out.near(analysis == null ? null : analysis.end());
        return out.edits();
    }
}
