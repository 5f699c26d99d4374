-- Channels without a title (to fix in the admin).
SELECT name FROM channels_channel WHERE title IS NULL ORDER BY name;
