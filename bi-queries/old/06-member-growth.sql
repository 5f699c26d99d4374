-- Growth of members in the MicroMasters channels (issue #3342).
SELECT ch.name,
       s.created_on::date AS day,
       count(*) OVER (PARTITION BY ch.name ORDER BY s.created_on, s.id) AS members
FROM channels_channelsubscription s
JOIN channels_channel ch ON ch.id = s.channel_id
WHERE ch.name IN ('mmcredentialholders', 'micromasters')
ORDER BY ch.name, s.created_on, s.id;
