ALTER TABLE auth_user ADD PRIMARY KEY (id);
ALTER TABLE auth_user ADD CONSTRAINT auth_user_username_key UNIQUE (username);
ALTER TABLE auth_group ADD PRIMARY KEY (id);
ALTER TABLE auth_group ADD CONSTRAINT auth_group_name_key UNIQUE (name);
ALTER TABLE auth_user_groups ADD PRIMARY KEY (id);
ALTER TABLE auth_user_groups ADD CONSTRAINT auth_user_groups_user_group UNIQUE (user_id, group_id);
ALTER TABLE auth_user_groups ADD FOREIGN KEY (user_id) REFERENCES auth_user (id);
ALTER TABLE auth_user_groups ADD FOREIGN KEY (group_id) REFERENCES auth_group (id);

ALTER TABLE channels_channel ADD PRIMARY KEY (id);
ALTER TABLE channels_channel ADD CONSTRAINT channels_channel_name_key UNIQUE (name);
ALTER TABLE channels_post ADD PRIMARY KEY (id);
ALTER TABLE channels_post ADD CONSTRAINT channels_post_post_id_key UNIQUE (post_id);
ALTER TABLE channels_post ADD FOREIGN KEY (channel_id) REFERENCES channels_channel (id);
ALTER TABLE channels_post ADD FOREIGN KEY (author_id) REFERENCES auth_user (id);
ALTER TABLE channels_comment ADD PRIMARY KEY (id);
ALTER TABLE channels_comment ADD CONSTRAINT channels_comment_comment_id_key UNIQUE (comment_id);
ALTER TABLE channels_comment ADD FOREIGN KEY (post_id) REFERENCES channels_post (id);
ALTER TABLE channels_comment ADD FOREIGN KEY (author_id) REFERENCES auth_user (id);
ALTER TABLE channels_article ADD PRIMARY KEY (id);
ALTER TABLE channels_article ADD CONSTRAINT channels_article_post_id_key UNIQUE (post_id);
ALTER TABLE channels_article ADD FOREIGN KEY (post_id) REFERENCES channels_post (id);
ALTER TABLE channels_linkmeta ADD PRIMARY KEY (id);
ALTER TABLE channels_linkmeta ADD CONSTRAINT channels_linkmeta_url_key UNIQUE (url);
ALTER TABLE channels_subscription ADD PRIMARY KEY (id);
ALTER TABLE channels_subscription ADD CONSTRAINT channels_subscription_unique UNIQUE (user_id, post_id, comment_id);
ALTER TABLE channels_channelsubscription ADD PRIMARY KEY (id);
ALTER TABLE channels_channelsubscription ADD CONSTRAINT channels_channelsubscription_unique UNIQUE (channel_id, user_id);
ALTER TABLE channels_channelsubscription ADD FOREIGN KEY (channel_id) REFERENCES channels_channel (id);
ALTER TABLE channels_channelgrouprole ADD PRIMARY KEY (id);
ALTER TABLE channels_channelgrouprole ADD CONSTRAINT channels_channelgrouprole_unique UNIQUE (channel_id, group_id, role);
ALTER TABLE channels_channelgrouprole ADD FOREIGN KEY (channel_id) REFERENCES channels_channel (id);
ALTER TABLE channels_channelgrouprole ADD FOREIGN KEY (group_id) REFERENCES auth_group (id);

ALTER TABLE discussions_channel ADD PRIMARY KEY (id);
ALTER TABLE discussions_channel ADD CONSTRAINT discussions_channel_name_key UNIQUE (name);
ALTER TABLE discussions_channel ADD FOREIGN KEY (moderator_group_id) REFERENCES auth_group (id);
ALTER TABLE discussions_channel ADD FOREIGN KEY (contributor_group_id) REFERENCES auth_group (id);
ALTER TABLE discussions_post ADD PRIMARY KEY (id);
ALTER TABLE discussions_post ADD FOREIGN KEY (channel_id) REFERENCES discussions_channel (id);
ALTER TABLE discussions_post ADD FOREIGN KEY (author_id) REFERENCES auth_user (id);
ALTER TABLE discussions_comment ADD PRIMARY KEY (id);
ALTER TABLE discussions_comment ADD FOREIGN KEY (post_id) REFERENCES discussions_post (id);
ALTER TABLE discussions_comment ADD FOREIGN KEY (author_id) REFERENCES auth_user (id);
ALTER TABLE discussions_postvote ADD PRIMARY KEY (id);
ALTER TABLE discussions_postvote ADD CONSTRAINT discussions_postvote_unique UNIQUE (post_id, voter_id);
ALTER TABLE discussions_postvote ADD FOREIGN KEY (voter_id) REFERENCES auth_user (id);
ALTER TABLE discussions_commentvote ADD PRIMARY KEY (id);
ALTER TABLE discussions_commentvote ADD CONSTRAINT discussions_commentvote_unique UNIQUE (comment_id, voter_id);
ALTER TABLE discussions_commentvote ADD FOREIGN KEY (voter_id) REFERENCES auth_user (id);

-- Indexes the production databases have beyond their keys. Django indexes every foreign key
-- column (the mirror's lookups of a comment's post go through them); the new tables are also
-- indexed by time, which `verify --since` selects a window by. The mirror has no time indexes
-- (Django's TimestampedModel declares none): a window scans it in PostgreSQL.
CREATE INDEX channels_post_channel_id_idx ON channels_post (channel_id);
CREATE INDEX channels_post_author_id_idx ON channels_post (author_id);
CREATE INDEX channels_comment_post_id_idx ON channels_comment (post_id);
CREATE INDEX channels_comment_author_id_idx ON channels_comment (author_id);
CREATE INDEX discussions_post_channel_id_idx ON discussions_post (channel_id);
CREATE INDEX discussions_post_author_id_idx ON discussions_post (author_id);
CREATE INDEX discussions_post_created_on_idx ON discussions_post (created_on);
CREATE INDEX discussions_post_updated_on_idx ON discussions_post (updated_on);
CREATE INDEX discussions_comment_post_id_idx ON discussions_comment (post_id);
CREATE INDEX discussions_comment_author_id_idx ON discussions_comment (author_id);
CREATE INDEX discussions_comment_created_on_idx ON discussions_comment (created_on);
CREATE INDEX discussions_comment_updated_on_idx ON discussions_comment (updated_on);
CREATE INDEX discussions_postvote_created_on_idx ON discussions_postvote (created_on);
CREATE INDEX discussions_postvote_updated_on_idx ON discussions_postvote (updated_on);
CREATE INDEX discussions_commentvote_created_on_idx ON discussions_commentvote (created_on);
CREATE INDEX discussions_commentvote_updated_on_idx ON discussions_commentvote (updated_on);
-- The trees: comment_id is one-to-one with discussions_comment in the app's schema. A backfill
-- that loads the trees before adding constraints can leave duplicates and dangling nodes: the
-- demo world leaves these two constraints out when it injects faults.
ALTER TABLE discussions_newcommenttreenode ADD PRIMARY KEY (id);
ALTER TABLE discussions_newcommenttreenode ADD CONSTRAINT discussions_newcommenttreenode_path_key UNIQUE (path);
ALTER TABLE discussions_newcommenttreenode ADD FOREIGN KEY (post_id) REFERENCES discussions_post (id);
ALTER TABLE discussions_newcommenttreenode ADD CONSTRAINT discussions_newcommenttreenode_comment_id_key UNIQUE (comment_id);
ALTER TABLE discussions_newcommenttreenode ADD CONSTRAINT discussions_newcommenttreenode_comment_id_fk FOREIGN KEY (comment_id) REFERENCES discussions_comment (id);
ALTER TABLE discussions_oldcommenttreenode ADD PRIMARY KEY (id);
ALTER TABLE discussions_oldcommenttreenode ADD CONSTRAINT discussions_oldcommenttreenode_path_key UNIQUE (path);
ALTER TABLE discussions_oldcommenttreenode ADD FOREIGN KEY (post_id) REFERENCES discussions_post (id);
ALTER TABLE discussions_oldcommenttreenode ADD CONSTRAINT discussions_oldcommenttreenode_comment_id_key UNIQUE (comment_id);
ALTER TABLE discussions_oldcommenttreenode ADD CONSTRAINT discussions_oldcommenttreenode_comment_id_fk FOREIGN KEY (comment_id) REFERENCES discussions_comment (id);
ALTER TABLE discussions_bestcommenttreenode ADD PRIMARY KEY (id);
ALTER TABLE discussions_bestcommenttreenode ADD CONSTRAINT discussions_bestcommenttreenode_path_key UNIQUE (path);
ALTER TABLE discussions_bestcommenttreenode ADD FOREIGN KEY (post_id) REFERENCES discussions_post (id);
ALTER TABLE discussions_bestcommenttreenode ADD CONSTRAINT discussions_bestcommenttreenode_comment_id_key UNIQUE (comment_id);
ALTER TABLE discussions_bestcommenttreenode ADD CONSTRAINT discussions_bestcommenttreenode_comment_id_fk FOREIGN KEY (comment_id) REFERENCES discussions_comment (id);
