-- Share of top-level comments vs replies per channel.
SELECT ch.name,
       count(*) FILTER (WHERE c.parent_id = p.post_id) AS top_level,
       count(*) FILTER (WHERE c.parent_id <> p.post_id) AS replies
FROM channels_comment c
JOIN channels_post p ON p.id = c.post_id
JOIN channels_channel ch ON ch.id = p.channel_id
GROUP BY ch.name
ORDER BY ch.name;
