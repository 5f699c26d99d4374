-- Reddit's id sequences (r2/lib/db/tdb_sql.py): SQLAlchemy created every integer primary key column
-- as BIGSERIAL, so each thing type has its own sequence (reddit_thing_link_thing_id_seq, ...: link and
-- comment ids overlap) and so does each relation (reddit_rel_srmember_rel_id_seq). The key-value
-- tables' thing_id is part of their primary key, so it got a sequence too, which nothing ever calls
-- (a data row carries its thing's id): a real Reddit dump shows them at setval(..., 1, false), and so
-- do these. Added after the bulk load, then set above the loaded ids, as pg_dump restores them.
CREATE SEQUENCE reddit_thing_link_thing_id_seq;
ALTER TABLE reddit_thing_link ALTER COLUMN thing_id SET DEFAULT nextval('reddit_thing_link_thing_id_seq');
ALTER SEQUENCE reddit_thing_link_thing_id_seq OWNED BY reddit_thing_link.thing_id;
CREATE SEQUENCE reddit_data_link_thing_id_seq;
ALTER TABLE reddit_data_link ALTER COLUMN thing_id SET DEFAULT nextval('reddit_data_link_thing_id_seq');
ALTER SEQUENCE reddit_data_link_thing_id_seq OWNED BY reddit_data_link.thing_id;
CREATE SEQUENCE reddit_thing_comment_thing_id_seq;
ALTER TABLE reddit_thing_comment ALTER COLUMN thing_id SET DEFAULT nextval('reddit_thing_comment_thing_id_seq');
ALTER SEQUENCE reddit_thing_comment_thing_id_seq OWNED BY reddit_thing_comment.thing_id;
CREATE SEQUENCE reddit_data_comment_thing_id_seq;
ALTER TABLE reddit_data_comment ALTER COLUMN thing_id SET DEFAULT nextval('reddit_data_comment_thing_id_seq');
ALTER SEQUENCE reddit_data_comment_thing_id_seq OWNED BY reddit_data_comment.thing_id;
CREATE SEQUENCE reddit_thing_subreddit_thing_id_seq;
ALTER TABLE reddit_thing_subreddit ALTER COLUMN thing_id SET DEFAULT nextval('reddit_thing_subreddit_thing_id_seq');
ALTER SEQUENCE reddit_thing_subreddit_thing_id_seq OWNED BY reddit_thing_subreddit.thing_id;
CREATE SEQUENCE reddit_data_subreddit_thing_id_seq;
ALTER TABLE reddit_data_subreddit ALTER COLUMN thing_id SET DEFAULT nextval('reddit_data_subreddit_thing_id_seq');
ALTER SEQUENCE reddit_data_subreddit_thing_id_seq OWNED BY reddit_data_subreddit.thing_id;
CREATE SEQUENCE reddit_thing_account_thing_id_seq;
ALTER TABLE reddit_thing_account ALTER COLUMN thing_id SET DEFAULT nextval('reddit_thing_account_thing_id_seq');
ALTER SEQUENCE reddit_thing_account_thing_id_seq OWNED BY reddit_thing_account.thing_id;
CREATE SEQUENCE reddit_data_account_thing_id_seq;
ALTER TABLE reddit_data_account ALTER COLUMN thing_id SET DEFAULT nextval('reddit_data_account_thing_id_seq');
ALTER SEQUENCE reddit_data_account_thing_id_seq OWNED BY reddit_data_account.thing_id;
CREATE SEQUENCE reddit_rel_srmember_rel_id_seq;
ALTER TABLE reddit_rel_srmember ALTER COLUMN rel_id SET DEFAULT nextval('reddit_rel_srmember_rel_id_seq');
ALTER SEQUENCE reddit_rel_srmember_rel_id_seq OWNED BY reddit_rel_srmember.rel_id;
CREATE SEQUENCE reddit_data_rel_srmember_thing_id_seq;
ALTER TABLE reddit_data_rel_srmember ALTER COLUMN thing_id SET DEFAULT nextval('reddit_data_rel_srmember_thing_id_seq');
ALTER SEQUENCE reddit_data_rel_srmember_thing_id_seq OWNED BY reddit_data_rel_srmember.thing_id;

-- After the load: the thing and relation sequences at their largest id (the next is one above).
SELECT setval('reddit_thing_link_thing_id_seq', coalesce(max(thing_id), 1), max(thing_id) IS NOT NULL) FROM reddit_thing_link;
SELECT setval('reddit_thing_comment_thing_id_seq', coalesce(max(thing_id), 1), max(thing_id) IS NOT NULL) FROM reddit_thing_comment;
SELECT setval('reddit_thing_subreddit_thing_id_seq', coalesce(max(thing_id), 1), max(thing_id) IS NOT NULL) FROM reddit_thing_subreddit;
SELECT setval('reddit_thing_account_thing_id_seq', coalesce(max(thing_id), 1), max(thing_id) IS NOT NULL) FROM reddit_thing_account;
SELECT setval('reddit_rel_srmember_rel_id_seq', coalesce(max(rel_id), 1), max(rel_id) IS NOT NULL) FROM reddit_rel_srmember;
