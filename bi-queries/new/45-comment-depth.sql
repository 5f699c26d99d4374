-- Depth of comment threads (recursive CTE over parent ids).
WITH RECURSIVE tree AS (
    SELECT c.id AS comment_id, c.post_id, 1 AS depth
    FROM discussions_comment c
    JOIN discussions_post p ON p.id = c.post_id
    WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id AS comment_id, c.post_id, t.depth + 1
    FROM discussions_comment c
    JOIN tree t ON c.parent_id = t.comment_id
)
SELECT depth, count(*) AS comments
FROM tree
GROUP BY depth
ORDER BY depth;
