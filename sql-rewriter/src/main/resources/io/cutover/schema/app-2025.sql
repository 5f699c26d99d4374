-- The 2025 design (domain.md, "The 2025 alternative: archive in place"), applied on top of
-- app.sql and app-keys.sql: no discussions_* tables; the channels_* tables stay, keyed by their
-- serial id, and gain the Reddit ids as base36 text (lowercase), the archive instant and the
-- post's plain text, plus one django-treebeard comment tree (MP_Node, steplen 4, alphabet
-- 0-9A-Za-z, node_order_by = ['-score', 'created'], one root per post with no comment).
-- parent_reddit_id is the parent *comment*'s base36 id, NULL for a top-level comment;
-- parent_id keeps its old meaning.
ALTER TABLE channels_channel
    ADD COLUMN reddit_id varchar(20) UNIQUE NULL,
    ADD COLUMN archived_on timestamptz NULL;
ALTER TABLE channels_post
    ADD COLUMN reddit_id varchar(20) UNIQUE,
    ADD COLUMN archived_on timestamptz NULL,
    ADD COLUMN cached_plain_text text NULL;
ALTER TABLE channels_comment
    ADD COLUMN reddit_id varchar(20) UNIQUE,
    ADD COLUMN parent_reddit_id varchar(20) NULL,
    ADD COLUMN archived_on timestamptz NULL;
CREATE TABLE channels_commenttreenode (
    id serial PRIMARY KEY,
    path varchar(255) UNIQUE NOT NULL,
    depth int NOT NULL,
    numchild int NOT NULL DEFAULT 0,
    score int NOT NULL DEFAULT 0,
    created timestamptz NULL,
    comment_id int UNIQUE NULL REFERENCES channels_comment(id),
    post_id int NOT NULL REFERENCES channels_post(id)
);
