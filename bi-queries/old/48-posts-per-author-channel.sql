-- Authors active in more than one channel.
SELECT u.username, count(DISTINCT p.channel_id) AS channels
FROM channels_post p
JOIN auth_user u ON u.id = p.author_id
GROUP BY u.username
HAVING count(DISTINCT p.channel_id) > 1
ORDER BY channels DESC, u.username;
