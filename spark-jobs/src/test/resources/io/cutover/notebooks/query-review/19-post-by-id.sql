-- Look up posts pasted from URLs (base36 ids, as in /post/1a2b/).
SELECT p.id AS post_id, p.title, p.num_comments
FROM discussions_post p
WHERE p.id IN (59699, 155677) OR p.id = 46629;
