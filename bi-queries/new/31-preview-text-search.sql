-- Link posts whose preview mentions python.
SELECT count(*) AS posts
FROM discussions_post p
WHERE p.plain_text ILIKE '%python%';
