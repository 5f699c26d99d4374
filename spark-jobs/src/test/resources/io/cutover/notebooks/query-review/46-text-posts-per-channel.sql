-- Text posts per channel, channels allowing text only (CASE on the post type).
SELECT ch.name,
       sum(CASE p.post_type WHEN 'text' THEN 1 ELSE 0 END) AS text_posts,
       sum(CASE p.post_type WHEN 'link' THEN 1 ELSE 0 END) AS link_posts
FROM discussions_channel ch
JOIN discussions_post p ON p.channel_id = ch.id
WHERE ch.allowed_post_types & 2 = 2
GROUP BY ch.name
ORDER BY ch.name;
