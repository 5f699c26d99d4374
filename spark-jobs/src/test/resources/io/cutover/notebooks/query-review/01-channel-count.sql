-- Dashboard tile: how many channels exist, and how many are public.
SELECT count(*) AS channels,
       count(*) FILTER (WHERE channel_type = 'public') AS public_channels
FROM discussions_channel;
