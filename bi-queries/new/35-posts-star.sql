-- Raw rows of the newest posts for a spreadsheet.
SELECT discussions_post.id, discussions_post.created_on, discussions_post.updated_on, discussions_post.channel_id, discussions_post.author_id, discussions_post.id AS post_id, discussions_post.post_type, discussions_post.title, discussions_post.text, discussions_post.plain_text AS preview_text, discussions_post.url, discussions_post.score, discussions_post.num_comments, discussions_post.edited, discussions_post.removed, discussions_post.deleted, NULL AS exclude_from_frontpage_emails
FROM discussions_post
WHERE post_type = 'text'
ORDER BY created_on DESC, id
LIMIT 5;
