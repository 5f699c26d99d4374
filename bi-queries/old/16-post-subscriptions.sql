-- Posts with the most follow subscriptions (channels_subscription holds Reddit ids).
SELECT p.title, count(*) AS subscribers
FROM channels_subscription s
JOIN channels_post p ON p.post_id = s.post_id
WHERE s.comment_id IS NULL
GROUP BY p.post_id, p.title
ORDER BY subscribers DESC, p.post_id
LIMIT 25;
