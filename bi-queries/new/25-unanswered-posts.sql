-- Posts nobody answered (NOT EXISTS, correlated).
SELECT ch.name, count(*) AS unanswered
FROM discussions_post p
JOIN discussions_channel ch ON ch.id = p.channel_id
WHERE NOT EXISTS (SELECT 1 FROM discussions_comment c WHERE c.post_id = p.id)
  AND NOT p.deleted
GROUP BY ch.name
ORDER BY ch.name;
