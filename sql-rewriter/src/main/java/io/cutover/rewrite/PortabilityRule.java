package io.cutover.rewrite;

/**
 * One rule of porting a BI query to the new schema: it reads the facts of a
 * {@link QueryAnalysis} it cares about and adds edits and findings. Rules run in a fixed order
 * over each fact in turn (see {@link QueryRewriter}), which is the order of their reports.
 */
interface PortabilityRule {
    default void unresolved(Fact.Unresolved f, RewriteCollector out) {}

    default void table(Fact.TableRef f, RewriteCollector out) {}

    default void column(Fact.ColumnRef f, RewriteCollector out) {}

    default void star(Fact.StarRef f, RewriteCollector out) {}

    default void selectItem(Fact.SelectItemRef f, RewriteCollector out) {}

    default void outputRef(Fact.OutputRef f, RewriteCollector out) {}

    default void columnComparison(Fact.ColumnComparison f, RewriteCollector out) {}

    default void topLevelTest(Fact.TopLevelTest f, RewriteCollector out) {}

    default void valueComparison(Fact.ValueComparison f, RewriteCollector out) {}

    default void inSubquery(Fact.InSubquery f, RewriteCollector out) {}

    default void patternMatch(Fact.PatternMatch f, RewriteCollector out) {}

    default void rangeTest(Fact.RangeTest f, RewriteCollector out) {}

    default void limit(Fact.LimitRef f, RewriteCollector out) {}

    default void naturalJoin(Fact.NaturalJoin f, RewriteCollector out) {}

    default void usingColumn(Fact.UsingColumn f, RewriteCollector out) {}
}
