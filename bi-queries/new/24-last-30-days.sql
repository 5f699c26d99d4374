-- Activity in the last 30 days (interval arithmetic).
SELECT count(*) FILTER (WHERE p.created_on > now() - interval '30 days') AS posts_30d,
       count(*) FILTER (WHERE p.created_on > now() - interval '7 days') AS posts_7d
FROM discussions_post p;
