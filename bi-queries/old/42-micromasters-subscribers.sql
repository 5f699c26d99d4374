-- Subscribers of the MicroMasters channels, now.
SELECT ch.name, count(s.user_id) AS subscribers
FROM channels_channel ch
LEFT JOIN channels_channelsubscription s ON s.channel_id = ch.id
WHERE ch.name LIKE 'micromasters%' OR ch.name = 'mmcredentialholders'
GROUP BY ch.name
ORDER BY ch.name;
