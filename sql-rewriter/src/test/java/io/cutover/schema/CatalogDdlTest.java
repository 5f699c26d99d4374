package io.cutover.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog follows DDL as PostgreSQL would: columns added and dropped, keys from every place they are declared. */
class CatalogDdlTest {
    @TempDir
    Path dir;

    @Test
    void the2025DesignAddsItsColumnsAndTreeToTheAppSchema() {
        Catalog c = Catalog.of("app.sql", "app-2025.sql");
        Catalog.TableDef channel = c.table("channels_channel").orElseThrow();
        assertEquals(new Catalog.ColumnDef("reddit_id", "varchar (20)", false), channel.column("reddit_id").orElseThrow());
        assertEquals(new Catalog.ColumnDef("archived_on", "timestamptz", false), channel.column("archived_on").orElseThrow());
        assertEquals(List.of("reddit_id", "archived_on"), tail(channel, 2));
        assertEquals(List.of("reddit_id", "archived_on", "cached_plain_text"), tail(c.table("channels_post").orElseThrow(), 3));
        assertEquals(List.of("reddit_id", "parent_reddit_id", "archived_on"), tail(c.table("channels_comment").orElseThrow(), 3));
        for (String t : List.of("channels_channel", "channels_post", "channels_comment")) {
            assertTrue(c.table(t).orElseThrow().unique().containsAll(Set.of("id", "reddit_id")), t);
        }

        Catalog.TableDef tree = c.table("channels_commenttreenode").orElseThrow();
        assertEquals(List.of("id", "path", "depth", "numchild", "score", "created", "comment_id", "post_id"), List.copyOf(tree.columns().keySet()));
        assertEquals(new Catalog.ColumnDef("id", "integer", true), tree.column("id").orElseThrow(), "serial is an integer that is never NULL");
        assertEquals(new Catalog.ColumnDef("path", "varchar (255)", true), tree.column("path").orElseThrow());
        assertEquals(new Catalog.ColumnDef("comment_id", "integer", false), tree.column("comment_id").orElseThrow());
        assertEquals(new Catalog.ColumnDef("post_id", "integer", true), tree.column("post_id").orElseThrow());
        assertEquals(List.of(List.of("id"), List.of("path"), List.of("comment_id")), tree.keys());

        DeclaredKeys keys = DeclaredKeys.of(List.of("app.sql", "app-2025.sql"));
        assertTrue(keys.isUnique("channels_post", List.of("reddit_id")));
        assertTrue(keys.isUnique("channels_post", List.of("post_id")), "app-keys.sql still counts");
        assertFalse(keys.isUnique("channels_comment", List.of("parent_reddit_id")));
    }

    @Test
    void alterTableAddsAndDropsColumnsAndKeysAsPostgresWould() throws Exception {
        Path ddl = write("evolve.sql", """
                CREATE TABLE public.thing (id bigint NOT NULL, name text, colour text, CONSTRAINT thing_pk PRIMARY KEY (id));
                ALTER TABLE ONLY public.thing
                    ADD COLUMN IF NOT EXISTS name varchar(10),
                    ADD COLUMN amount int4 NOT NULL DEFAULT 0,
                    DROP COLUMN IF EXISTS weight,
                    DROP COLUMN colour;
                ALTER TABLE thing ADD CONSTRAINT thing_name_size UNIQUE (name, amount);
                ALTER TABLE thing ADD COLUMN code varchar(5) UNIQUE;
                CREATE UNIQUE INDEX thing_lower_name ON thing (lower(name));
                CREATE UNIQUE INDEX thing_size_when_named ON thing (amount) WHERE name IS NOT NULL;
                CREATE UNIQUE INDEX IF NOT EXISTS thing_code_name ON thing USING btree (code, name DESC);
                ALTER TABLE thing DROP COLUMN code;
                ALTER TABLE thing RENAME COLUMN amount TO bulk;
                ALTER TABLE thing ALTER COLUMN name SET NOT NULL, ALTER COLUMN bulk TYPE bigint;
                ALTER TABLE thing ALTER COLUMN bulk SET DEFAULT 1;
                ALTER TABLE thing ADD CONSTRAINT thing_bulk_positive CHECK (bulk >= 0), ADD FOREIGN KEY (id) REFERENCES thing (id);
                ALTER TABLE thing OWNER TO cutover;
                CREATE INDEX thing_name ON thing (name);
                """);
        Catalog.TableDef t = Catalog.of(ddl.toString()).table("thing").orElseThrow();
        assertEquals(List.of("id", "name", "bulk"), List.copyOf(t.columns().keySet()));
        assertEquals(new Catalog.ColumnDef("name", "text", true), t.column("name").orElseThrow(), "IF NOT EXISTS kept the first name");
        assertEquals(new Catalog.ColumnDef("bulk", "bigint", true), t.column("bulk").orElseThrow());
        assertEquals(List.of(List.of("id"), List.of("name", "bulk")), t.keys(), "code's keys went with it; partial and expression indexes are none");
        DeclaredKeys keys = DeclaredKeys.of(List.of(ddl.toString()));
        assertTrue(keys.isUnique("thing", List.of("bulk", "name")));
        assertFalse(keys.isUnique("thing", List.of("name")));
    }

    @Test
    void aDjangoMigrationAsSqlmigratePrintsItIsFollowed() throws Exception {
        Path ddl = write("0030.sql", """
                BEGIN;
                --
                -- Add field reddit_id to channel
                --
                ALTER TABLE "channels_channel" ADD COLUMN "reddit_id" varchar(20) NULL UNIQUE;
                CREATE INDEX "channels_channel_reddit_id_like" ON "channels_channel" ("reddit_id" varchar_pattern_ops);
                CREATE TABLE "channels_note" ("id" serial NOT NULL PRIMARY KEY, "channel_id" integer NOT NULL);
                ALTER TABLE "channels_note" ADD CONSTRAINT "channels_note_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "channels_channel" ("id") DEFERRABLE INITIALLY DEFERRED;
                SET CONSTRAINTS ALL IMMEDIATE;
                COMMIT;
                """);
        Catalog c = Catalog.of("app.sql", ddl.toString());
        assertEquals(new Catalog.ColumnDef("reddit_id", "varchar (20)", false), c.table("channels_channel").orElseThrow().column("reddit_id").orElseThrow());
        assertEquals(List.of(List.of("id")), c.table("channels_note").orElseThrow().keys());
    }

    @Test
    void aStatementThatDoesNotFitIsAnErrorAtItsLine() throws Exception {
        SchemaException dropped = refused("drop.sql", """
                -- a comment line
                ALTER TABLE channels_post
                    ADD COLUMN reddit_id varchar(20);

                ALTER TABLE channels_post DROP COLUMN nope;
                """);
        assertEquals(5, dropped.line());
        assertTrue(dropped.getMessage().startsWith(dir.resolve("drop.sql") + ":5: no column channels_post.nope"), dropped.getMessage());

        assertEquals(1, refused("garbled.sql", "ALTER TABLE channels_post ADD COLUMN;\n").line());
        assertTrue(refused("garbled.sql", "ALTER TABLE channels_post ADD COLUMN;\n").problem().startsWith("cannot parse"));
        assertTrue(refused("twice.sql", "ALTER TABLE channels_post ADD COLUMN title text;\n").problem().contains("already exists"));
        assertTrue(refused("table.sql", "ALTER TABLE channels_postt ADD COLUMN x text;\n").problem().contains("no table channels_postt"));
        assertTrue(refused("data.sql", "INSERT INTO channels_post (id) VALUES (1);\n").problem().contains("not a statement"));
        assertTrue(refused("constraint.sql", "ALTER TABLE channels_post DROP CONSTRAINT channels_post_pkey;\n").problem().contains("not followed"));
        assertTrue(refused("key.sql", "ALTER TABLE channels_post ADD UNIQUE (nope);\n").problem().contains("no column channels_post.nope"));
    }

    @Test
    void aMissingFileOrShippedScriptIsNamed() {
        SchemaException file = assertThrows(SchemaException.class, () -> Catalog.of(dir.resolve("absent.sql").toString()));
        assertEquals(dir.resolve("absent.sql").toString(), file.script());
        assertTrue(file.getMessage().contains("no such file"), file.getMessage());
        SchemaException shipped = assertThrows(SchemaException.class, () -> Catalog.of("absent.sql"));
        assertEquals("absent.sql", shipped.script());
    }

    @Test
    void aScriptIsNamedAsAFileWhenItHoldsAPath() {
        assertTrue(SchemaScript.namesFile("./app-2025.sql"));
        assertTrue(SchemaScript.namesFile("/etc/cutover/app.sql"));
        assertTrue(SchemaScript.namesFile("ddl/app.sql"));
        assertFalse(SchemaScript.namesFile("app-2025.sql"));
    }

    @Test
    void statementsKeepTheLineTheyStartOn() {
        SchemaScript s = SchemaScript.parse("s.sql", "-- head\nCREATE TABLE a (x int);\n\n  CREATE TABLE b (\n  y int\n);\nSELECT 1");
        assertEquals(List.of(new SchemaScript.Located("CREATE TABLE a (x int)", 2),
                new SchemaScript.Located("CREATE TABLE b (\n  y int\n)", 4), new SchemaScript.Located("SELECT 1", 7)), s.located());
    }

    @Test
    void everyTypeHasOneSpelling() {
        assertEquals("integer", SqlTypes.canonical("INT4"));
        assertEquals("integer", SqlTypes.canonical("serial"));
        assertEquals("bigint", SqlTypes.canonical("bigserial"));
        assertEquals("varchar (20)", SqlTypes.canonical("character varying (20)"));
        assertEquals("timestamptz", SqlTypes.canonical("timestamp with time zone"));
        assertEquals("timestamptz (3)", SqlTypes.canonical("timestamp(3) with time zone"));
        assertEquals("timestamptz", SqlTypes.canonical("timestamptz(6)"), "6 is the default precision");
        assertEquals("timestamptz (3)", SqlTypes.fromCatalog("timestamptz", null, 3, null));
        assertEquals("timestamptz", SqlTypes.fromCatalog("timestamptz", null, 6, null));
        assertEquals("numeric (10, 2)", SqlTypes.canonical("decimal (10, 2)"));
        assertEquals("text[]", SqlTypes.canonical("text[]"));
        assertEquals("varchar (20)", SqlTypes.fromCatalog("varchar", 20, null, null));
        assertEquals("numeric (10, 2)", SqlTypes.fromCatalog("numeric", null, 10, 2));
        assertEquals("integer[]", SqlTypes.fromCatalog("_int4", null, null, null));
        assertEquals("timestamptz", SqlTypes.fromCatalog("timestamptz", null, null, null));
    }

    private SchemaException refused(String name, String ddl) throws Exception {
        Path file = write(name, ddl);
        return assertThrows(SchemaException.class, () -> Catalog.of("app.sql", file.toString()));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> tail(Catalog.TableDef t, int n) {
        List<String> names = List.copyOf(t.columns().keySet());
        return names.subList(names.size() - n, names.size());
    }
}
