-- Raw rows of the newest posts for a spreadsheet.
SELECT *
FROM channels_post
WHERE post_type = 'self'
ORDER BY created_on DESC, post_id
LIMIT 5;
