-- Comments per week, removed ones excluded.
SELECT date_trunc('week', c.created_on)::date AS week,
       count(*) AS comments
FROM channels_comment c
WHERE c.removed IS NOT TRUE
GROUP BY date_trunc('week', c.created_on)::date
ORDER BY week;
