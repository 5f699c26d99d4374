-- Posts per week (issue #452: "posts and comments per week").
SELECT date_trunc('week', p.created_on)::date AS week,
       count(*) AS posts
FROM channels_post p
WHERE NOT p.deleted
GROUP BY 1
ORDER BY 1;
