-- Contributors and moderators side by side, channels without any included.
SELECT ch.name,
       count(DISTINCT ug.user_id) FILTER (WHERE r.role = 'contributors') AS contributors,
       count(DISTINCT ug.user_id) FILTER (WHERE r.role = 'moderators') AS moderators
FROM channels_channel ch
LEFT JOIN channels_channelgrouprole r ON r.channel_id = ch.id
LEFT JOIN auth_user_groups ug ON ug.group_id = r.group_id
GROUP BY ch.name
ORDER BY ch.name;
