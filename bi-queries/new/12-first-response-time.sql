-- Median time to the first comment, per channel (LATERAL).
SELECT ch.name,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_at - p.created_on)) / 3600.0 AS median_hours
FROM discussions_post p
JOIN discussions_channel ch ON ch.id = p.channel_id
JOIN LATERAL (
    SELECT min(c.created_on) AS first_at
    FROM discussions_comment c
    WHERE c.post_id = p.id
) f ON f.first_at IS NOT NULL
GROUP BY ch.name
ORDER BY ch.name;
