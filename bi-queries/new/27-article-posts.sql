-- Article posts and whether they have a cover image.
SELECT ch.name,
       count(*) AS articles,
       count(a.cover_image) AS with_cover
FROM discussions_post p
JOIN (SELECT k.id, k.created_on, k.updated_on, o1.post_id AS post_id, k.author_id, k.content, k.cover_image FROM channels_article k LEFT JOIN channels_post o1 ON o1.id = k.post_id) a ON a.post_id = p.id
JOIN discussions_channel ch ON ch.id = p.channel_id
WHERE p.post_type = 'article'
GROUP BY ch.name
ORDER BY ch.name;
