-- Channels without a title (to fix in the admin).
SELECT name FROM discussions_channel WHERE title IS NULL ORDER BY name;
