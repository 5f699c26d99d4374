-- Metabase card: posts per week in one channel, optional type filter.
-- bi-check: channel = 'micromasters'
SELECT date_trunc('week', p.created_on)::date AS week, count(*) AS posts
FROM channels_post p
JOIN channels_channel ch ON ch.id = p.channel_id
WHERE ch.name = {{channel}}
  [[AND p.post_type = {{post_type}}]]
GROUP BY 1
ORDER BY 1;
