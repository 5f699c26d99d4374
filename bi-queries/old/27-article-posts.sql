-- Article posts and whether they have a cover image.
SELECT ch.name,
       count(*) AS articles,
       count(a.cover_image) AS with_cover
FROM channels_post p
JOIN channels_article a ON a.post_id = p.id
JOIN channels_channel ch ON ch.id = p.channel_id
WHERE p.post_type = 'article'
GROUP BY ch.name
ORDER BY ch.name;
