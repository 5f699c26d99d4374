-- Export of post ids for the data team (Django id and Reddit id).
SELECT p.id, p.id AS post_id, p.title
FROM discussions_post p
ORDER BY p.id;
