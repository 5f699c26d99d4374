-- Posts and comments per week in one series.
SELECT week, sum(posts) AS posts, sum(comments) AS comments
FROM (
    SELECT date_trunc('week', created_on) AS week, 1 AS posts, 0 AS comments FROM discussions_post
    UNION ALL
    SELECT date_trunc('week', created_on), 0, 1 FROM discussions_comment
) a
GROUP BY week
ORDER BY week;
