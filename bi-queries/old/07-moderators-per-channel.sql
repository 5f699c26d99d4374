-- Moderators per channel: the moderator group's members.
SELECT ch.name, count(ug.user_id) AS moderators
FROM channels_channel ch
JOIN channels_channelgrouprole r ON r.channel_id = ch.id AND r.role = 'moderators'
JOIN auth_user_groups ug ON ug.group_id = r.group_id
GROUP BY ch.name
ORDER BY moderators DESC, ch.name;
