-- Posts with the most follow subscriptions (channels_subscription holds Reddit ids).
SELECT p.title, count(*) AS subscribers
FROM channels_subscription s
JOIN discussions_post p ON p.id = s.post_id
WHERE s.comment_id IS NULL
GROUP BY p.id, p.title
ORDER BY subscribers DESC, p.id
LIMIT 25;
