-- Deleted and removed share, posts and comments (set operation).
SELECT 'posts' AS kind,
       avg(CASE WHEN deleted THEN 1 ELSE 0 END)::numeric(6,4) AS deleted_share,
       avg(CASE WHEN removed THEN 1 ELSE 0 END)::numeric(6,4) AS removed_share
FROM discussions_post
UNION ALL
SELECT 'comments',
       avg(CASE WHEN deleted THEN 1 ELSE 0 END)::numeric(6,4),
       avg(CASE WHEN removed THEN 1 ELSE 0 END)::numeric(6,4)
FROM discussions_comment
ORDER BY kind;
