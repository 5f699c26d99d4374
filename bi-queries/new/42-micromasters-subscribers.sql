-- Subscribers of the MicroMasters channels, now.
SELECT ch.name, count(s.user_id) AS subscribers
FROM discussions_channel ch
LEFT JOIN (SELECT k.id, k.created_on, k.updated_on, n1.id AS channel_id, k.user_id FROM channels_channelsubscription k LEFT JOIN channels_channel o1 ON o1.id = k.channel_id LEFT JOIN discussions_channel n1 ON n1.name = o1.name) s ON s.channel_id = ch.id
WHERE ch.name LIKE 'micromasters%' OR ch.name = 'mmcredentialholders'
GROUP BY ch.name
ORDER BY ch.name;
