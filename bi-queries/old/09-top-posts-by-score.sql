-- Top 20 posts by score (score is Reddit "ups").
SELECT p.post_id, p.title, p.score
FROM channels_post p
WHERE p.score IS NOT NULL
ORDER BY p.score DESC, p.post_id
LIMIT 20;
