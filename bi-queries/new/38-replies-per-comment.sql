-- Comments with the most direct replies (self-join on the Reddit ids).
SELECT c1.id AS comment_id, count(c2.id) AS replies
FROM discussions_comment c1
JOIN discussions_comment c2 ON c2.parent_id = c1.id
GROUP BY c1.id
ORDER BY replies DESC, c1.id
LIMIT 10;
