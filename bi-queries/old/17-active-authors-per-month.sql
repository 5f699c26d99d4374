-- Distinct active authors per month (posts or comments).
WITH activity AS (
    SELECT author_id, created_on FROM channels_post
    UNION
    SELECT author_id, created_on FROM channels_comment
)
SELECT date_trunc('month', created_on)::date AS month,
       count(DISTINCT author_id) AS authors
FROM activity
GROUP BY 1
ORDER BY 1;
