-- Link vs text share of posts.
SELECT round(100.0 * count(*) FILTER (WHERE post_type = 'link') / count(*), 1) AS link_pct,
       round(100.0 * count(*) FILTER (WHERE post_type = 'self') / count(*), 1) AS text_pct,
       round(100.0 * count(*) FILTER (WHERE post_type NOT IN ('link', 'self')) / count(*), 1) AS other_pct
FROM channels_post;
