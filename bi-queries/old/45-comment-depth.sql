-- Depth of comment threads (recursive CTE over parent ids).
WITH RECURSIVE tree AS (
    SELECT c.comment_id, c.post_id, 1 AS depth
    FROM channels_comment c
    JOIN channels_post p ON p.id = c.post_id
    WHERE c.parent_id = p.post_id
    UNION ALL
    SELECT c.comment_id, c.post_id, t.depth + 1
    FROM channels_comment c
    JOIN tree t ON c.parent_id = t.comment_id
)
SELECT depth, count(*) AS comments
FROM tree
GROUP BY depth
ORDER BY depth;
