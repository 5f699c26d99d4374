-- Top authors by posts and comments.
SELECT u.username,
       (SELECT count(*) FROM discussions_post p WHERE p.author_id = u.id) AS posts,
       (SELECT count(*) FROM discussions_comment c WHERE c.author_id = u.id) AS comments
FROM auth_user u
ORDER BY posts DESC, comments DESC, u.username
LIMIT 20;
