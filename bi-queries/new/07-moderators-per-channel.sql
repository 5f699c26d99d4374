-- Moderators per channel: the moderator group's members.
SELECT ch.name, count(ug.user_id) AS moderators
FROM discussions_channel ch
JOIN (SELECT x.id AS channel_id, x.moderator_group_id AS group_id, CAST('moderators' AS varchar(48)) AS role FROM discussions_channel x WHERE x.moderator_group_id IS NOT NULL UNION ALL SELECT x.id AS channel_id, x.contributor_group_id AS group_id, CAST('contributors' AS varchar(48)) AS role FROM discussions_channel x WHERE x.contributor_group_id IS NOT NULL) r ON r.channel_id = ch.id AND r.role = 'moderators'
JOIN auth_user_groups ug ON ug.group_id = r.group_id
GROUP BY ch.name
ORDER BY moderators DESC, ch.name;
