-- Posts of channel 3 (id copied from the Django admin).
SELECT count(*) AS posts FROM discussions_post WHERE channel_id = 3;
