-- Headline numbers for the weekly report.
SELECT
    (SELECT count(*) FROM channels_channel) AS channels,
    (SELECT count(*) FROM channels_post) AS posts,
    (SELECT count(*) FROM channels_comment) AS comments,
    (SELECT count(*) FROM auth_user WHERE is_active) AS active_users;
