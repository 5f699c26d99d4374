-- Link posts whose URL has a thumbnail in linkmeta.
SELECT count(*) AS link_posts,
       count(lm.thumbnail) AS with_thumbnail
FROM discussions_post p
LEFT JOIN channels_linkmeta lm ON lm.url = p.url
WHERE p.post_type = 'link';
