-- Share of top-level comments vs replies per channel.
SELECT ch.name,
       count(*) FILTER (WHERE c.parent_id IS NULL) AS top_level,
       count(*) FILTER (WHERE c.parent_id IS NOT NULL) AS replies
FROM discussions_comment c
JOIN discussions_post p ON p.id = c.post_id
JOIN discussions_channel ch ON ch.id = p.channel_id
GROUP BY ch.name
ORDER BY ch.name;
