-- The open-discussions Django database: auth tables, the old mirror channels_* (being
-- retired) and the new relational discussions_* tables. Keys, foreign keys and indexes are
-- in app-keys.sql, applied after the bulk load.
CREATE TABLE auth_user (
    id integer NOT NULL,
    password varchar(128) NOT NULL,
    last_login timestamptz,
    is_superuser boolean NOT NULL,
    username varchar(150) NOT NULL,
    first_name varchar(150) NOT NULL,
    last_name varchar(150) NOT NULL,
    email varchar(254) NOT NULL,
    is_staff boolean NOT NULL,
    is_active boolean NOT NULL,
    date_joined timestamptz NOT NULL
);
CREATE TABLE auth_group (
    id integer NOT NULL,
    name varchar(150) NOT NULL
);
CREATE TABLE auth_user_groups (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    group_id integer NOT NULL
);

-- ---- the old mirror ------------------------------------------------------------------
CREATE TABLE channels_channel (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    name varchar(100) NOT NULL,
    title varchar(100),
    channel_type varchar(20),
    allowed_post_types bigint NOT NULL,
    about jsonb,
    avatar varchar(2083),
    avatar_small varchar(2083),
    avatar_medium varchar(2083),
    banner varchar(2083),
    ga_tracking_id varchar(24),
    membership_is_managed boolean NOT NULL,
    moderator_notifications boolean NOT NULL
);
CREATE TABLE channels_post (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    channel_id integer NOT NULL,
    author_id integer,
    post_id bigint NOT NULL,
    post_type varchar(10),
    title varchar(300),
    text text,
    preview_text text,
    url varchar(2048),
    score bigint,
    num_comments bigint,
    edited boolean,
    removed boolean,
    deleted boolean,
    exclude_from_frontpage_emails boolean
);
CREATE TABLE channels_comment (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    post_id integer NOT NULL,
    author_id integer,
    comment_id bigint NOT NULL,
    parent_id bigint,
    text text,
    score bigint,
    edited boolean,
    removed boolean,
    deleted boolean
);
CREATE TABLE channels_article (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    post_id integer NOT NULL,
    author_id integer,
    content jsonb NOT NULL,
    cover_image varchar(2083)
);
CREATE TABLE channels_linkmeta (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    url text NOT NULL,
    thumbnail text
);
CREATE TABLE channels_subscription (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    user_id integer NOT NULL,
    post_id bigint NOT NULL,
    comment_id bigint
);
CREATE TABLE channels_channelsubscription (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    channel_id integer NOT NULL,
    user_id integer NOT NULL
);
CREATE TABLE channels_channelgrouprole (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    channel_id integer NOT NULL,
    group_id integer NOT NULL,
    role varchar(48) NOT NULL
);

-- ---- the new tables --------------------------------------------------------------------
CREATE TABLE discussions_channel (
    id integer NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    name varchar(100) NOT NULL,
    title varchar(100) NOT NULL,
    channel_type varchar(20) NOT NULL,
    allowed_post_types bigint NOT NULL,
    about jsonb,
    avatar varchar(2083),
    banner varchar(2083),
    ga_tracking_id varchar(24),
    membership_is_managed boolean NOT NULL,
    public_description text NOT NULL,
    moderator_group_id integer,
    contributor_group_id integer
);
CREATE TABLE discussions_post (
    id bigint NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    channel_id integer NOT NULL,
    author_id integer,
    post_type varchar(10) NOT NULL,
    title varchar(300) NOT NULL,
    text text,
    url varchar(2048),
    plain_text text,
    score integer NOT NULL DEFAULT 0,
    num_comments integer NOT NULL DEFAULT 0,
    edited boolean NOT NULL DEFAULT false,
    removed boolean NOT NULL DEFAULT false,
    deleted boolean NOT NULL DEFAULT false,
    reports_ignored boolean NOT NULL DEFAULT false
);
CREATE TABLE discussions_comment (
    id bigint NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    post_id bigint NOT NULL,
    parent_id bigint,
    author_id integer,
    text text NOT NULL,
    score integer NOT NULL DEFAULT 0,
    edited boolean NOT NULL DEFAULT false,
    removed boolean NOT NULL DEFAULT false,
    deleted boolean NOT NULL DEFAULT false,
    reports_ignored boolean NOT NULL DEFAULT false
);
CREATE TABLE discussions_postvote (
    id bigint NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    post_id bigint NOT NULL,
    voter_id integer NOT NULL,
    direction smallint NOT NULL
);
CREATE TABLE discussions_commentvote (
    id bigint NOT NULL,
    created_on timestamptz NOT NULL,
    updated_on timestamptz NOT NULL,
    comment_id bigint NOT NULL,
    voter_id integer NOT NULL,
    direction smallint NOT NULL
);

-- ---- the comment trees -------------------------------------------------------------------
-- django-treebeard MP_Node trees, one table per sort order (domain.md): path is fixed steps
-- of 4 characters over 0-9A-Za-z, one root per post (depth 1, no comment), siblings' paths
-- ascending in the table's order (ties by comment id), numchild = direct children.
CREATE TABLE discussions_newcommenttreenode (
    id integer NOT NULL,
    path varchar(255) NOT NULL,
    depth integer NOT NULL,
    numchild integer NOT NULL DEFAULT 0,
    created timestamptz,
    post_id bigint NOT NULL,
    comment_id bigint
);
CREATE TABLE discussions_oldcommenttreenode (
    id integer NOT NULL,
    path varchar(255) NOT NULL,
    depth integer NOT NULL,
    numchild integer NOT NULL DEFAULT 0,
    created timestamptz,
    post_id bigint NOT NULL,
    comment_id bigint
);
CREATE TABLE discussions_bestcommenttreenode (
    id integer NOT NULL,
    path varchar(255) NOT NULL,
    depth integer NOT NULL,
    numchild integer NOT NULL DEFAULT 0,
    score integer,
    post_id bigint NOT NULL,
    comment_id bigint
);
