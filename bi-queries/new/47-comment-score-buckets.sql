-- Distribution of comment scores in buckets.
SELECT width_bucket(coalesce(c.score, 0), 0, 50, 5) AS bucket, count(*) AS comments
FROM discussions_comment c
GROUP BY 1
ORDER BY 1;
