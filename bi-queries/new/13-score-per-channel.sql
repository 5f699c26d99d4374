-- Total post score per channel (the vote signal we have in the app tables).
SELECT ch.name, sum(p.score) AS total_score, avg(p.score)::numeric(10,2) AS avg_score
FROM discussions_post p
JOIN discussions_channel ch ON ch.id = p.channel_id
GROUP BY ch.name
ORDER BY ch.name;
