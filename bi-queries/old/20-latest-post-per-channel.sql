-- The latest post of each channel (DISTINCT ON).
SELECT DISTINCT ON (ch.name)
       ch.name, p.title, p.created_on
FROM channels_post p
JOIN channels_channel ch ON ch.id = p.channel_id
ORDER BY ch.name, p.created_on DESC, p.post_id;
