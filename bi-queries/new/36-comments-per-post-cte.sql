-- Average comments per post per channel, counted from the comment rows.
WITH per_post AS (
    SELECT c.post_id, count(*) AS n
    FROM discussions_comment c
    GROUP BY c.post_id
)
SELECT ch.name, avg(pp.n)::numeric(10,2) AS avg_comments
FROM per_post pp
JOIN discussions_post p ON p.id = pp.post_id
JOIN discussions_channel ch ON ch.id = p.channel_id
GROUP BY ch.name
ORDER BY ch.name;
