-- Growth of members in the MicroMasters channels (issue #3342).
SELECT ch.name,
       s.created_on::date AS day,
       count(*) OVER (PARTITION BY ch.name ORDER BY s.created_on, s.id) AS members
FROM (SELECT k.id, k.created_on, k.updated_on, n1.id AS channel_id, k.user_id FROM channels_channelsubscription k LEFT JOIN channels_channel o1 ON o1.id = k.channel_id LEFT JOIN discussions_channel n1 ON n1.name = o1.name) s
JOIN discussions_channel ch ON ch.id = s.channel_id
WHERE ch.name IN ('mmcredentialholders', 'micromasters')
ORDER BY ch.name, s.created_on, s.id;
