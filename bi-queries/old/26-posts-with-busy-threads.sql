-- Posts whose threads have more than 3 comments (IN sub-select on the Django FK).
SELECT count(*) AS busy_posts
FROM channels_post p
WHERE p.id IN (
    SELECT c.post_id FROM channels_comment c GROUP BY c.post_id HAVING count(*) > 3
);
