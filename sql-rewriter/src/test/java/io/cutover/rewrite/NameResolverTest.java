package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Name resolution on its own: what each reference resolves to and how it is used, before any rule. */
class NameResolverTest {
    private static SchemaChange schema;

    @BeforeAll
    static void load() {
        schema = SchemaChange.of(Mapping.shipped());
    }

    private static QueryAnalysis analyze(String sql) throws Exception {
        NameResolver resolver = new NameResolver(schema);
        resolver.resolve((Select) CCJSqlParserUtil.parse(sql));
        return resolver.analysis();
    }

    private static <T extends Fact> List<T> facts(QueryAnalysis a, Class<T> kind) {
        return a.facts().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static String describe(Fact.ColumnRef r) {
        return r.column() + " -> " + r.source().name() + ":" + r.origin().oldTable() + "." + r.origin().oldColumn();
    }

    @Test
    void postIdResolvesByItsTableInBothMeanings() throws Exception {
        QueryAnalysis a = analyze("SELECT p.post_id, c.post_id FROM channels_comment c JOIN channels_post p ON p.id = c.post_id");
        assertEquals(List.of("p.post_id -> p:channels_post.post_id", "c.post_id -> c:channels_comment.post_id",
                        "p.id -> p:channels_post.id", "c.post_id -> c:channels_comment.post_id"),
                facts(a, Fact.ColumnRef.class).stream().map(NameResolverTest::describe).toList());
        List<Fact.ColumnRef> refs = facts(a, Fact.ColumnRef.class);
        assertTrue(refs.get(0).usage().shown() && refs.get(1).usage().shown(), "select items are shown");
        assertFalse(refs.get(2).usage().shown(), "a join key is not shown");
        assertTrue(refs.get(2).usage().pinned() && refs.get(3).usage().pinned(), "a join of the same id pins both sides");
        assertEquals(List.of("channels_comment", "channels_post"), facts(a, Fact.TableRef.class).stream().map(Fact.TableRef::name).toList());
    }

    @Test
    void lineageCarriesAnOldColumnThroughCtesAndSubSelects() throws Exception {
        QueryAnalysis a = analyze("WITH x AS (SELECT p.id AS pk FROM channels_post p) SELECT s.k FROM (SELECT x.pk AS k FROM x) s ORDER BY 1");
        Fact.SelectItemRef outer = facts(a, Fact.SelectItemRef.class).get(2);
        assertEquals("k", outer.name());
        assertEquals("channels_post.id", outer.resolved().origin().oldTable() + "." + outer.resolved().origin().oldColumn());
        Fact.OutputRef ordinal = facts(a, Fact.OutputRef.class).get(0);
        assertTrue(ordinal.ordering() && ordinal.output().origin().renumbered(), "ORDER BY 1 orders by the renumbered id");
    }

    @Test
    void unknownAndAmbiguousNamesAreRecordedNotGuessed() throws Exception {
        QueryAnalysis a = analyze("SELECT text, nosuch, q.x FROM channels_post p, channels_comment c");
        assertEquals(List.of("ambiguous-column", "unknown-column", "unknown-table"),
                facts(a, Fact.Unresolved.class).stream().map(Fact.Unresolved::rule).toList());
        assertTrue(facts(a, Fact.ColumnRef.class).isEmpty());
    }

    @Test
    void aStarListsTheSourcesItCovers() throws Exception {
        QueryAnalysis a = analyze("SELECT c.*, p.title FROM channels_comment c JOIN channels_post p ON p.id = c.post_id LIMIT 5");
        Fact.StarRef star = facts(a, Fact.StarRef.class).get(0);
        assertEquals(List.of("c"), star.sources().stream().map(Source::name).toList());
        assertTrue(star.shown());
        Fact.LimitRef limit = facts(a, Fact.LimitRef.class).get(0);
        assertEquals(null, limit.order());
        assertEquals(13, limit.outputs().size(), "12 columns of channels_comment and the title");
    }
}
