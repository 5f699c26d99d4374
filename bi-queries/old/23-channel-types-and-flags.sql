-- Channel types and the post types they allow (bit flags: link=1, self=2, article=4).
SELECT channel_type,
       count(*) AS channels,
       count(*) FILTER (WHERE allowed_post_types & 2 <> 0) AS allow_text,
       count(*) FILTER (WHERE allowed_post_types & 4 <> 0) AS allow_articles
FROM channels_channel
GROUP BY channel_type
ORDER BY channel_type;
