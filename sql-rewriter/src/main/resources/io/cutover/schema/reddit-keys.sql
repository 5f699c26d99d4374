ALTER TABLE reddit_thing_link ADD PRIMARY KEY (thing_id);
ALTER TABLE reddit_data_link ADD PRIMARY KEY (thing_id, key);
ALTER TABLE reddit_thing_comment ADD PRIMARY KEY (thing_id);
ALTER TABLE reddit_data_comment ADD PRIMARY KEY (thing_id, key);
ALTER TABLE reddit_thing_subreddit ADD PRIMARY KEY (thing_id);
ALTER TABLE reddit_data_subreddit ADD PRIMARY KEY (thing_id, key);
ALTER TABLE reddit_thing_account ADD PRIMARY KEY (thing_id);
ALTER TABLE reddit_data_account ADD PRIMARY KEY (thing_id, key);
ALTER TABLE reddit_rel_srmember ADD PRIMARY KEY (rel_id);
ALTER TABLE reddit_rel_srmember ADD CONSTRAINT reddit_rel_srmember_unique UNIQUE (thing1_id, thing2_id, name);
ALTER TABLE reddit_data_rel_srmember ADD PRIMARY KEY (thing_id, key);

-- tdb_sql.py indexes each thing table by date (and by score columns, which nothing here reads);
-- `verify --since` selects Reddit's rows of a window through it.
CREATE INDEX reddit_thing_link_date_idx ON reddit_thing_link (date);
CREATE INDEX reddit_thing_comment_date_idx ON reddit_thing_comment (date);
CREATE INDEX reddit_thing_subreddit_date_idx ON reddit_thing_subreddit (date);
CREATE INDEX reddit_thing_account_date_idx ON reddit_thing_account (date);
