-- Link posts whose preview mentions python.
SELECT count(*) AS posts
FROM channels_post p
WHERE p.preview_text ILIKE '%python%';
