-- Most discussed posts.
SELECT p.title, p.num_comments
FROM channels_post p
ORDER BY p.num_comments DESC
LIMIT 10;
