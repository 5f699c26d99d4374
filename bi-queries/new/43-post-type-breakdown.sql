-- Posts by type.
SELECT post_type, count(*) AS posts
FROM discussions_post
GROUP BY post_type
ORDER BY post_type;
