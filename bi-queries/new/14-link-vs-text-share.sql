-- Link vs text share of posts.
SELECT round(100.0 * count(*) FILTER (WHERE post_type = 'link') / count(*), 1) AS link_pct,
       round(100.0 * count(*) FILTER (WHERE post_type = 'text') / count(*), 1) AS text_pct,
       round(100.0 * count(*) FILTER (WHERE post_type NOT IN ('link', 'text')) / count(*), 1) AS other_pct
FROM discussions_post;
