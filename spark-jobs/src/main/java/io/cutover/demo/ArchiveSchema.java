package io.cutover.demo;

import java.util.List;
import java.util.Map;

/**
 * The 2025 design's schema (app-2025.sql on top of app.sql) in the two halves a bulk load needs:
 * the added columns and the tree table without their constraints, created with the tables in the
 * load's own transactions (a COPY then fills every column at once), and the constraints after the
 * load, as app-keys.sql adds the others'. The world's catalog is tested equal to app-2025.sql's.
 */
final class ArchiveSchema {
    private ArchiveSchema() {}

    static final String TREE = "channels_commenttreenode";

    /** Per table, the columns the 2025 migration adds, in app-2025.sql's order. */
    static final Map<String, String> ADDED_COLUMNS = Map.of(
            "channels_channel", "ALTER TABLE channels_channel ADD COLUMN reddit_id varchar(20), ADD COLUMN archived_on timestamptz",
            "channels_post", "ALTER TABLE channels_post ADD COLUMN reddit_id varchar(20), ADD COLUMN archived_on timestamptz,"
                    + " ADD COLUMN cached_plain_text text",
            "channels_comment", "ALTER TABLE channels_comment ADD COLUMN reddit_id varchar(20), ADD COLUMN parent_reddit_id varchar(20),"
                    + " ADD COLUMN archived_on timestamptz");

    static final String CREATE_TREE = "CREATE TABLE " + TREE + " (id serial NOT NULL, path varchar(255) NOT NULL,"
            + " depth int NOT NULL, numchild int NOT NULL DEFAULT 0, score int NOT NULL DEFAULT 0, created timestamptz NULL,"
            + " comment_id int NULL, post_id int NOT NULL)";

    /** The constraints app-2025.sql declares inline, under the names PostgreSQL gives them there. */
    static final List<String> KEYS = List.of(
            "ALTER TABLE channels_channel ADD CONSTRAINT channels_channel_reddit_id_key UNIQUE (reddit_id)",
            "ALTER TABLE channels_post ADD CONSTRAINT channels_post_reddit_id_key UNIQUE (reddit_id)",
            "ALTER TABLE channels_comment ADD CONSTRAINT channels_comment_reddit_id_key UNIQUE (reddit_id)",
            "ALTER TABLE " + TREE + " ADD PRIMARY KEY (id)",
            "ALTER TABLE " + TREE + " ADD CONSTRAINT " + TREE + "_path_key UNIQUE (path)",
            "ALTER TABLE " + TREE + " ADD CONSTRAINT " + TREE + "_comment_id_key UNIQUE (comment_id)",
            "ALTER TABLE " + TREE + " ADD CONSTRAINT " + TREE + "_comment_id_fkey FOREIGN KEY (comment_id) REFERENCES channels_comment (id)",
            "ALTER TABLE " + TREE + " ADD CONSTRAINT " + TREE + "_post_id_fkey FOREIGN KEY (post_id) REFERENCES channels_post (id)");

    static final String SEQUENCE = "SELECT setval(pg_get_serial_sequence('" + TREE + "', 'id'), coalesce(max(id), 1),"
            + " max(id) IS NOT NULL) FROM " + TREE;

    /** Whether a statement of app.sql, app-keys.sql or app-sequences.sql belongs to the 2020 design's new tables only. */
    static boolean newTablesOf2020(String statement) {
        return statement.contains("discussions_");
    }
}
