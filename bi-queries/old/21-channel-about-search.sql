-- Channels whose "about" mentions data (JSON operator, ILIKE).
SELECT ch.name, ch.about ->> 'description' AS description
FROM channels_channel ch
WHERE ch.about ->> 'description' ILIKE '%data%'
ORDER BY ch.name;
