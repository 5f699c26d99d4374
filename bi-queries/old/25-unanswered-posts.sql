-- Posts nobody answered (NOT EXISTS, correlated).
SELECT ch.name, count(*) AS unanswered
FROM channels_post p
JOIN channels_channel ch ON ch.id = p.channel_id
WHERE NOT EXISTS (SELECT 1 FROM channels_comment c WHERE c.post_id = p.id)
  AND NOT p.deleted
GROUP BY ch.name
ORDER BY ch.name;
