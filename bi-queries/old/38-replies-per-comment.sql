-- Comments with the most direct replies (self-join on the Reddit ids).
SELECT c1.comment_id, count(c2.id) AS replies
FROM channels_comment c1
JOIN channels_comment c2 ON c2.parent_id = c1.comment_id
GROUP BY c1.comment_id
ORDER BY replies DESC, c1.comment_id
LIMIT 10;
