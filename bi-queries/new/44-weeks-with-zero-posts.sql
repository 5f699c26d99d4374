-- Every week since the first post, zeros included (generate_series).
WITH weeks AS (
    SELECT generate_series(date_trunc('week', min(created_on)), date_trunc('week', max(created_on)), interval '1 week') AS week
    FROM discussions_post
)
SELECT w.week::date AS week, count(p.id) AS posts
FROM weeks w
LEFT JOIN discussions_post p ON date_trunc('week', p.created_on) = w.week
GROUP BY w.week
ORDER BY w.week;
