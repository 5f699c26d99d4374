-- Headline numbers for the weekly report.
SELECT
    (SELECT count(*) FROM discussions_channel) AS channels,
    (SELECT count(*) FROM discussions_post) AS posts,
    (SELECT count(*) FROM discussions_comment) AS comments,
    (SELECT count(*) FROM auth_user WHERE is_active) AS active_users;
