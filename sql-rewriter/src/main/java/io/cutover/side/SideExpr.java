package io.cutover.side;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One compared value of a comparison side, as a tree: what it reads (a column of the side's
 * row, of one raw key-value row, or of a joined lookup) and what it does with it. A
 * {@link SqlDialect} prints it; what runs where (PostgreSQL, Spark, per key-value row) is
 * decided by walking it, never by reading printed text.
 */
public sealed interface SideExpr {

    /** Where a column reference reads from. */
    sealed interface Relation {}

    /** The side's own row (alias {@code o} or {@code n}; a key-value side's pivoted row). */
    record Row() implements Relation {}

    /** One Reddit key-value row ({@code d}), ahead of the pivot: its {@code value} and {@code kind}. */
    record KeyValueRow() implements Relation {}

    /** A joined row: a reference's lookup or a pivoted child table ({@code r1}, {@code pv2}). */
    record Joined(String alias) implements Relation {}

    Row ROW = new Row();
    KeyValueRow KEY_VALUE_ROW = new KeyValueRow();

    record Column(Relation relation, String name) implements SideExpr {
        public static Column ofRow(String name) {
            return new Column(ROW, name);
        }
    }

    /**
     * A mapping literal ({@code text} null: NULL). Numbers and booleans stand bare unless
     * {@code alwaysText}; anything else is a string.
     */
    record Literal(String text, boolean alwaysText) implements SideExpr {
        public static final Literal NULL = new Literal(null, false);

        public boolean bare() {
            return text == null || (!alwaysText && (text.matches("-?\\d+(\\.\\d+)?") || text.equals("true") || text.equals("false")));
        }
    }

    /** A cast to a Spark type name ({@code BIGINT}, {@code STRING}, ...); each dialect names its own type. */
    record Cast(SideExpr value, String sparkType) implements SideExpr {}

    /** An enum value renamed; unlisted values stay. */
    record EnumRemap(SideExpr value, Map<String, String> values) implements SideExpr {}

    /** Flags keep their order: the i-th old flag's bit becomes the i-th new flag's bit. */
    record Flags(SideExpr value, List<Long> oldBits, List<Long> newBits) implements SideExpr {}

    record Coalesce(List<SideExpr> args) implements SideExpr {}

    /**
     * A function registered in Spark ({@code cutover_base36}, {@code cutover_pickle_datetime}):
     * PostgreSQL has no form of it, for {@code whyNotPortable}.
     */
    record Call(String function, List<SideExpr> args, String whyNotPortable) implements SideExpr {}

    /**
     * A Reddit id between its number and its text ({@link IdCode.Kind}); {@code typeNumber} is a
     * fullname's thing type (0 for base36). Each dialect has its own form: the Java that decodes
     * and encodes ids in Spark, the same arithmetic in plain SQL in PostgreSQL.
     */
    record IdCode(Kind kind, SideExpr value, int typeNumber) implements SideExpr {
        /** Each kind with the function Spark registers for it ({@code VerifyFunctions}). */
        public enum Kind {
            /** base36 text to its bigint; NULL for text that is not one (empty, signed, over 12 digits, not alphanumeric). */
            BASE36_DECODE("cutover_base36"),
            /** A fullname of the node's type ({@code t3_abc}) to its id; NULL for any other text. */
            FULLNAME_DECODE("cutover_fullname_id"),
            /** A bigint to its lowercase base36 text; NULL for a negative number. */
            BASE36_ENCODE("cutover_base36_encode"),
            /** A bigint to the fullname of a thing of the node's type; NULL for a negative number. */
            FULLNAME_ENCODE("cutover_fullname");

            private final String sparkFunction;

            Kind(String sparkFunction) {
                this.sparkFunction = sparkFunction;
            }

            public String sparkFunction() {
                return sparkFunction;
            }

            public boolean fullname() {
                return this == FULLNAME_DECODE || this == FULLNAME_ENCODE;
            }
        }
    }

    /**
     * Whether a new value meets the mapping's condition ({@code expect: {not_null: true}}, ...):
     * the condition's {@code description} when it does (what the old side expects), the value as
     * text when it does not. {@code bounds}: between's low and high, or the value every row shares.
     */
    record Expectation(io.cutover.mapping.ExpectCondition.Kind kind, SideExpr value, List<SideExpr> bounds,
                       String description) implements SideExpr {}

    /** The time of the run: when the engine reads the row. */
    record Now() implements SideExpr {}

    /** The value most rows of {@code table} hold in {@code column} (NULL aside; ties to the least). */
    record SharedValue(String table, String column) implements SideExpr {}

    /** A Reddit boolean stored as text: {@code 't'} is true. */
    record TrueText(SideExpr value) implements SideExpr {}

    /** Reddit's {@code edited}: a pickled time when edited, {@code 't'}/{@code 'f'} of kind bool otherwise. */
    record Edited(SideExpr value, SideExpr kind) implements SideExpr {}

    /**
     * A key with no key-value row means the model's default; a row of kind none means NULL.
     * {@code textValued}: the decoded value is the raw text (PostgreSQL wants a text default then).
     */
    record DefaultWhenAbsent(SideExpr kind, String fallback, SideExpr decoded, boolean textValued) implements SideExpr {}

    /** An expression the mapping writes in Spark SQL ({@code sql:}, {@code new_sql:}), parsed once. */
    record Expression(ParsedSql sql) implements SideExpr {}

    /** The direct sub-expressions. */
    default List<SideExpr> children() {
        if (this instanceof Cast c) return List.of(c.value());
        if (this instanceof EnumRemap e) return List.of(e.value());
        if (this instanceof Flags f) return List.of(f.value());
        if (this instanceof Coalesce c) return c.args();
        if (this instanceof Call c) return c.args();
        if (this instanceof TrueText t) return List.of(t.value());
        if (this instanceof IdCode i) return List.of(i.value());
        if (this instanceof Expectation x) {
            List<SideExpr> out = new ArrayList<>(List.of(x.value()));
            out.addAll(x.bounds());
            return out;
        }
        if (this instanceof Edited e) return List.of(e.value(), e.kind());
        if (this instanceof DefaultWhenAbsent d) return List.of(d.kind(), d.decoded());
        return List.of();   // a column, a literal, an expression (its references are its own)
    }

    /** This node and every node below it, parents first. */
    default Stream<SideExpr> nodes() {
        return Stream.concat(Stream.of(this), children().stream().flatMap(SideExpr::nodes));
    }

    /** The side-row columns read: column references and those an expression names ({@code o.x}). */
    default List<String> rowColumns() {
        List<String> out = new ArrayList<>();
        nodes().forEach(n -> {
            if (n instanceof Column c && c.relation() instanceof Row) out.add(c.name());
            if (n instanceof Expression e) out.addAll(e.sql().rowColumns());
        });
        return out;
    }

    /** Reads a joined row (a reference's lookup, a pivoted child table). */
    default boolean readsJoined() {
        return nodes().anyMatch(n -> n instanceof Column c && c.relation() instanceof Joined);
    }

    /** Holds a subquery (a correlated lookup written in an expression). */
    default boolean hasSubquery() {
        return nodes().anyMatch(n -> n instanceof Expression e && !e.sql().subqueries().isEmpty());
    }

    /** Computable from the side's row alone: no joined value, no subquery. */
    default boolean local() {
        return !readsJoined() && !hasSubquery();
    }

    /** The tree with every node replaced by {@code f} of it, children first. */
    default SideExpr map(UnaryOperator<SideExpr> f) {
        SideExpr mapped = this;
        if (this instanceof Cast c) mapped = new Cast(c.value().map(f), c.sparkType());
        else if (this instanceof EnumRemap e) mapped = new EnumRemap(e.value().map(f), e.values());
        else if (this instanceof Flags fl) mapped = new Flags(fl.value().map(f), fl.oldBits(), fl.newBits());
        else if (this instanceof Coalesce c) mapped = new Coalesce(c.args().stream().map(a -> a.map(f)).toList());
        else if (this instanceof Call c) mapped = new Call(c.function(), c.args().stream().map(a -> a.map(f)).toList(), c.whyNotPortable());
        else if (this instanceof TrueText t) mapped = new TrueText(t.value().map(f));
        else if (this instanceof IdCode i) mapped = new IdCode(i.kind(), i.value().map(f), i.typeNumber());
        else if (this instanceof Expectation x) {
            mapped = new Expectation(x.kind(), x.value().map(f), x.bounds().stream().map(b -> b.map(f)).toList(), x.description());
        }
        else if (this instanceof Edited e) mapped = new Edited(e.value().map(f), e.kind().map(f));
        else if (this instanceof DefaultWhenAbsent d) {
            mapped = new DefaultWhenAbsent(d.kind().map(f), d.fallback(), d.decoded().map(f), d.textValued());
        }
        return f.apply(mapped);
    }
}
