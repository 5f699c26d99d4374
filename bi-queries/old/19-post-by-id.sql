-- Look up posts pasted from URLs (base36 ids, as in /post/1a2b/).
SELECT p.post_id, p.title, p.num_comments
FROM channels_post p
WHERE p.post_id IN ('1a2b', '3c4d') OR p.post_id = 't3_zz9';
