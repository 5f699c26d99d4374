-- The self-hosted Reddit backend (reddit-archive/reddit, r2/lib/db/tdb_sql.py): a "thing"
-- table and a key-value "data" table per type. Keys and constraints are in reddit-keys.sql,
-- applied after the bulk load.
CREATE TABLE reddit_thing_link (
    thing_id bigint NOT NULL,
    ups integer NOT NULL DEFAULT 0,
    downs integer NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    spam boolean NOT NULL DEFAULT false,
    date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reddit_data_link (
    thing_id bigint NOT NULL,
    key varchar NOT NULL,
    value varchar,
    kind varchar
);
CREATE TABLE reddit_thing_comment (
    thing_id bigint NOT NULL,
    ups integer NOT NULL DEFAULT 0,
    downs integer NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    spam boolean NOT NULL DEFAULT false,
    date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reddit_data_comment (
    thing_id bigint NOT NULL,
    key varchar NOT NULL,
    value varchar,
    kind varchar
);
CREATE TABLE reddit_thing_subreddit (
    thing_id bigint NOT NULL,
    ups integer NOT NULL DEFAULT 0,
    downs integer NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    spam boolean NOT NULL DEFAULT false,
    date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reddit_data_subreddit (
    thing_id bigint NOT NULL,
    key varchar NOT NULL,
    value varchar,
    kind varchar
);
CREATE TABLE reddit_thing_account (
    thing_id bigint NOT NULL,
    ups integer NOT NULL DEFAULT 0,
    downs integer NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    spam boolean NOT NULL DEFAULT false,
    date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reddit_data_account (
    thing_id bigint NOT NULL,
    key varchar NOT NULL,
    value varchar,
    kind varchar
);
CREATE TABLE reddit_rel_srmember (
    rel_id bigint NOT NULL,
    thing1_id bigint NOT NULL,
    thing2_id bigint NOT NULL,
    name varchar NOT NULL,
    date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reddit_data_rel_srmember (
    thing_id bigint NOT NULL,
    key varchar NOT NULL,
    value varchar,
    kind varchar
);
