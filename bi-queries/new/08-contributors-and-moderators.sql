-- Contributors and moderators side by side, channels without any included.
SELECT ch.name,
       count(DISTINCT ug.user_id) FILTER (WHERE r.role = 'contributors') AS contributors,
       count(DISTINCT ug.user_id) FILTER (WHERE r.role = 'moderators') AS moderators
FROM discussions_channel ch
LEFT JOIN (SELECT x.id AS channel_id, x.moderator_group_id AS group_id, CAST('moderators' AS varchar(48)) AS role FROM discussions_channel x WHERE x.moderator_group_id IS NOT NULL UNION ALL SELECT x.id AS channel_id, x.contributor_group_id AS group_id, CAST('contributors' AS varchar(48)) AS role FROM discussions_channel x WHERE x.contributor_group_id IS NOT NULL) r ON r.channel_id = ch.id
LEFT JOIN auth_user_groups ug ON ug.group_id = r.group_id
GROUP BY ch.name
ORDER BY ch.name;
