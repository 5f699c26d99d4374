-- The latest post of each channel (DISTINCT ON).
SELECT DISTINCT ON (ch.name)
       ch.name, p.title, p.created_on
FROM discussions_post p
JOIN discussions_channel ch ON ch.id = p.channel_id
ORDER BY ch.name, p.created_on DESC, p.id;
