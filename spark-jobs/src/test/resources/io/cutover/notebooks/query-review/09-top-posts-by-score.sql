-- Top 20 posts by score (score is Reddit "ups").
SELECT p.id AS post_id, p.title, p.score
FROM discussions_post p
WHERE p.score IS NOT NULL
ORDER BY p.score DESC, p.id
LIMIT 20;
