-- Export of post ids for the data team (Django id and Reddit id).
SELECT p.id, p.post_id, p.title
FROM channels_post p
ORDER BY p.id;
