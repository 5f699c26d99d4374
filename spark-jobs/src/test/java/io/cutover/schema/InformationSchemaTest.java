package io.cutover.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog a live database reports is the one its DDL gives: same tables, columns, types, NOT NULL and keys. */
class InformationSchemaTest {
    @TempDir
    Path dir;

    @Test
    void theAppSchemaIn2025ReadsTheSameFromTheDatabaseAsFromItsScripts() throws SQLException {
        try (Connection c = freshDatabase("catalog_2025")) {
            run(c, SchemaScript.load("app.sql"), SchemaScript.load("app-keys.sql"), SchemaScript.load("app-2025.sql"));
            assertSameCatalog(Catalog.of("app.sql", "app-2025.sql"), new InformationSchema(c).read());
        }
    }

    @Test
    void aSchemaEvolvedByAlterTableReadsTheSameBothWays() throws Exception {
        Path ddl = Files.writeString(dir.resolve("evolve.sql"), """
                CREATE TABLE thing (id bigserial PRIMARY KEY, name character varying(40), price numeric(10, 2),
                    tags text[], code char(3), at timestamp(3) with time zone, flag bool, gone int);
                ALTER TABLE ONLY public.thing ADD COLUMN IF NOT EXISTS name text, ADD COLUMN size int4 NOT NULL DEFAULT 0,
                    DROP COLUMN IF EXISTS weight, DROP COLUMN gone;
                ALTER TABLE thing ADD CONSTRAINT thing_name_size UNIQUE (name, size);
                CREATE UNIQUE INDEX thing_code ON thing (code);
                CREATE UNIQUE INDEX thing_lower_name ON thing (lower(name));
                CREATE UNIQUE INDEX thing_size_named ON thing (size) WHERE name IS NOT NULL;
                ALTER TABLE thing ALTER COLUMN flag SET NOT NULL;
                CREATE TABLE other (thing_id bigint NOT NULL REFERENCES thing (id), n smallint);
                """);
        try (Connection c = freshDatabase("catalog_evolve")) {
            run(c, SchemaScript.read(ddl));
            assertSameCatalog(Catalog.of(ddl.toString()), new InformationSchema(c, "public").read());
        }
    }

    private static void assertSameCatalog(Catalog fromDdl, Catalog fromDatabase) {
        assertEquals(fromDdl.tables().keySet(), fromDatabase.tables().keySet());
        for (Catalog.TableDef expected : fromDdl.tables().values()) {
            Catalog.TableDef actual = fromDatabase.table(expected.name()).orElseThrow();
            assertEquals(List.copyOf(expected.columns().values()), List.copyOf(actual.columns().values()), expected.name());
            assertEquals(new HashSet<>(expected.keys()), new HashSet<>(actual.keys()), expected.name() + " keys");
        }
    }

    private static void run(Connection c, SchemaScript... scripts) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (SchemaScript s : scripts) for (String sql : s.statements()) st.execute(sql);
        }
    }

    private static Connection freshDatabase(String name) throws SQLException {
        PostgresServer pg = TestPostgres.server();
        String db = name + "_" + ProcessHandle.current().pid();
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        return pg.connect(db);
    }
}
