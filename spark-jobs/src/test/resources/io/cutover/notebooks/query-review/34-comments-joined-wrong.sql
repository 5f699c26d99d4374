-- Comments per post title. NB written against the Reddit id by mistake.
SELECT p.title, count(c.id) AS comments
FROM discussions_post p
LEFT JOIN discussions_comment c ON c.post_id = p.id
GROUP BY p.title
ORDER BY p.title;
