-- Best three posts of each channel (window function in a CTE).
WITH ranked AS (
    SELECT p.channel_id, p.title, p.num_comments,
           row_number() OVER (PARTITION BY p.channel_id ORDER BY p.num_comments DESC, p.post_id) AS rn
    FROM channels_post p
)
SELECT ch.name, r.title, r.num_comments
FROM ranked r
JOIN channels_channel ch ON ch.id = r.channel_id
WHERE r.rn <= 3
ORDER BY ch.name, r.rn;
