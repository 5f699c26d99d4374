/* Posts over time per channel (issue #665). */
SELECT ch.name AS channel,
       date_trunc('month', p.created_on)::date AS month,
       count(*) AS posts
FROM channels_post p
JOIN channels_channel ch ON ch.id = p.channel_id   -- surrogate join: safe to map
GROUP BY ch.name, date_trunc('month', p.created_on)
ORDER BY channel, month;
