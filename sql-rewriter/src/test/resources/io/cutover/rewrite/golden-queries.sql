SELECT p.title -- the title
  FROM   channels_post   p /* posts */
-- ====
SELECT channels_post.title FROM channels_post WHERE channels_post.deleted
-- ====
SELECT p.post_id, c.post_id AS pid FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
-- ====
SELECT post_id, comment_id FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
-- ====
SELECT comment_id, title FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
-- ====
SELECT p.preview_text FROM channels_post p
-- ====
WITH x AS (SELECT p.post_id FROM channels_post p)
SELECT x.post_id FROM x ORDER BY x.post_id
-- ====
SELECT * FROM channels_comment
-- ====
SELECT * FROM auth_user
-- ====
SELECT s.n FROM (SELECT count(*) AS n FROM channels_post) s WHERE s.n > 1
-- ====
SELECT s.m FROM (SELECT count(*) AS n FROM channels_post) s
-- ====
SELECT ch.name FROM channels_post p JOIN channels_channel ch ON ch.id = p.channel_id
-- ====
SELECT 1
FROM channels_comment c JOIN channels_post p
  ON c.post_id = p.post_id
-- ====
SELECT count(*) FROM channels_channelsubscription s JOIN channels_channel ch ON ch.id = s.channel_id
-- ====
SELECT r.group_id FROM channels_channelgrouprole r WHERE r.role = 'moderators'
-- ====
SELECT r.group_id FROM channels_channelgrouprole r ORDER BY r.id
-- ====
SELECT 1 FROM channels_post p WHERE p.post_type = 'self' OR p.post_type IN ('link', 'self') OR p.post_type <> 'self'
-- ====
SELECT CASE p.post_type WHEN 'self' THEN 1 END FROM channels_post p
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id = 'abc' OR p.post_id IN ('t3_abc', '1') OR p.post_id <> 't3_1'
-- ====
SELECT 1 FROM channels_comment c WHERE c.comment_id = 't1_a'
-- ====
SELECT 1 FROM channels_comment c WHERE c.comment_id = 't3_a'
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id > 'abc'
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id::text LIKE '12%'
-- ====
SELECT substr(p.post_id::text, 1, 2) FROM channels_post p
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id BETWEEN 'a' AND 'b'
-- ====
SELECT count(*) FROM channels_post WHERE channel_id = 3
-- ====
SELECT 1 FROM channels_channel ch
WHERE  ch.id = 7
-- ====
SELECT p.id FROM channels_post p ORDER BY p.id
-- ====
SELECT count(*) FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
WHERE c.parent_id = p.post_id
-- ====
SELECT count(*) FROM channels_comment c JOIN channels_post p ON p.id = c.post_id WHERE p.post_id <> c.parent_id
-- ====
SELECT count(*) FROM channels_comment c1
JOIN channels_comment c2 ON c2.parent_id = c1.comment_id
-- ====
SELECT c.parent_id FROM channels_comment c
-- ====
SELECT post_type, count(*) FROM channels_post GROUP BY post_type
-- ====
SELECT count(*) FROM channels_post p
WHERE NOT p.deleted AND p.deleted IS NOT NULL
-- ====
SELECT ch.moderator_notifications FROM channels_channel ch
-- ====
SELECT title FROM channels_post LIMIT 5
-- ====
SELECT title FROM channels_post ORDER BY title LIMIT 5
-- ====
SELECT title FROM channels_post ORDER BY title, post_id LIMIT 5
-- ====
SELECT p.title FROM channels_post p NATURAL JOIN channels_channel ch
-- ====
SELECT 1 FROM channels_post p WHERE p.id = ?
-- ====
SELECT 1 FROM channels_posts
-- ====
SELECT titel FROM channels_post
-- ====
SELECT q.title FROM channels_post p
-- ====
SELECT count(*) FROM reddit_thing_link
-- ====
SELECT title
FROM channels_post WHERE (
-- ====
SELECT title FROM channels_post;
SELECT 1
-- ====
SELECT title FROM channels_post;
-- the end
-- ====
SELECT p.post_id FROM channels_post p WHERE p.title = {{ title }} [[AND p.post_type = {{type}}]]
-- ====
WITH RECURSIVE t AS (SELECT c.comment_id, 1 AS d FROM channels_comment c WHERE c.parent_id IS NULL
  UNION ALL SELECT c.comment_id, t.d + 1 FROM channels_comment c JOIN t ON c.parent_id = t.comment_id)
SELECT DISTINCT ON (ch.name) ch.name, ch.about ->> 'x' AS x,
       count(*) FILTER (WHERE p.title ILIKE '%a%') OVER (PARTITION BY ch.name) AS n,
       g.i, p.created_on::date AS day
FROM channels_channel ch
JOIN channels_post p ON p.channel_id = ch.id
CROSS JOIN LATERAL (SELECT max(c.created_on) AS last FROM channels_comment c WHERE c.post_id = p.id) l
CROSS JOIN generate_series(1, 3) AS g(i)
WHERE p.created_on > now() - interval '7 days' AND EXISTS (SELECT 1 FROM t)
ORDER BY ch.name, p.created_on DESC
-- ====
-- CTE chain passing a renumbered id and a Reddit id through two levels
WITH a AS (SELECT p.id AS pk, p.post_id FROM channels_post p),
     b AS (SELECT a.pk, a.post_id AS rid FROM a)
SELECT b.pk, b.rid FROM b ORDER BY b.pk LIMIT 10
-- ====
WITH c(cid, pid) AS (SELECT comment_id, post_id FROM channels_comment)
SELECT cid, pid FROM c WHERE pid = 3
-- ====
SELECT c.comment_id, c.post_id, p.post_id
FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
WHERE p.post_id = 't3_zz' AND c.comment_id IN ('t1_1', 't1_2', '99')
-- ====
SELECT comment_id FROM channels_comment WHERE comment_id = 't3_1'
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id = 'not-base36!'
-- ====
SELECT 1 FROM channels_post p WHERE 'abc' = p.post_id OR 'zz' < p.post_id
-- ====
SELECT 1 FROM channels_post p WHERE p.post_id >= 'a' AND p.post_id < 'b' ORDER BY p.post_id
-- ====
SELECT p.title FROM channels_post p WHERE p.id IN (1, 2, 3)
-- ====
SELECT p.title FROM channels_post p WHERE p.id BETWEEN 10 AND 20
-- ====
SELECT p.title FROM channels_post p WHERE p.title LIKE 'a%' OR p.post_id::varchar LIKE '1%'
-- ====
SELECT c.text FROM channels_comment c WHERE c.comment_id NOT LIKE 'x%'
-- ====
SELECT p.title FROM channels_post p ORDER BY p.id DESC LIMIT 3
-- ====
SELECT p.title FROM channels_post p ORDER BY p.post_id LIMIT 3
-- ====
SELECT p.channel_id, count(*) AS n FROM channels_post p GROUP BY p.channel_id ORDER BY n DESC LIMIT 5
-- ====
SELECT p.channel_id, count(*) AS n FROM channels_post p GROUP BY 1 ORDER BY 1 LIMIT 5
-- ====
SELECT p.channel_id AS ch, count(*) FROM channels_post p GROUP BY ch ORDER BY ch
-- ====
SELECT title FROM channels_post UNION SELECT title FROM channels_channel LIMIT 4
-- ====
SELECT post_id FROM channels_post UNION ALL SELECT comment_id FROM channels_comment ORDER BY 1 LIMIT 4
-- ====
(SELECT p.id FROM channels_post p ORDER BY p.id) 
-- ====
SELECT * FROM channels_post p JOIN channels_comment c ON c.post_id = p.id
-- ====
SELECT p.*, c.comment_id FROM channels_post p JOIN channels_comment c ON c.post_id = p.id
-- ====
SELECT x.* FROM channels_post p
-- ====
SELECT * FROM channels_channel ch
-- ====
SELECT * FROM (SELECT p.post_id, p.title FROM channels_post p) s
-- ====
SELECT * FROM channels_channelgrouprole
-- ====
SELECT * FROM channels_subscription s WHERE s.post_id = 'abc' AND s.comment_id = 't1_b'
-- ====
SELECT nosuch FROM channels_post p, channels_comment c
-- ====
SELECT text FROM channels_post p, channels_comment c
-- ====
SELECT p.title FROM channels_post p WHERE p.title = (SELECT max(title) FROM channels_channel ch WHERE ch.id = p.channel_id)
-- ====
SELECT p.title FROM channels_post p WHERE EXISTS (SELECT 1 FROM channels_comment c WHERE c.post_id = p.id AND c.parent_id = p.post_id)
-- ====
SELECT p.title FROM channels_post p WHERE p.post_id IN (SELECT c.post_id FROM channels_comment c)
-- ====
SELECT p.title FROM channels_post p WHERE p.id IN (SELECT c.post_id FROM channels_comment c)
-- ====
SELECT c.text FROM channels_comment c WHERE c.parent_id IN (SELECT c2.comment_id FROM channels_comment c2)
-- ====
SELECT c.text FROM channels_comment c JOIN channels_post p ON c.parent_id <> p.post_id
-- ====
SELECT c.text FROM channels_comment c JOIN channels_post p ON p.post_id = c.parent_id WHERE c.parent_id = p.post_id
-- ====
SELECT CASE c.comment_id WHEN 'a' THEN 'x' WHEN 't1_b' THEN 'y' END FROM channels_comment c
-- ====
SELECT CASE p.post_type WHEN 'self' THEN 'T' WHEN 'link' THEN 'L' ELSE '?' END AS kind, p.post_type FROM channels_post p
-- ====
SELECT CASE WHEN p.post_type = 'self' THEN 1 ELSE 0 END FROM channels_post p
-- ====
SELECT p.title FROM channels_post p WHERE p.post_type = {{ kind }} AND p.post_id = {{id}} AND p.id = {{pk}}
-- ====
SELECT p.title FROM channels_post p WHERE p.post_id = ? [[AND p.channel_id = {{ch}}]]
-- ====
SELECT count(p.id), count(DISTINCT c.id) FROM channels_post p LEFT JOIN channels_comment c ON c.post_id = p.id
-- ====
SELECT upper(p.title), lower(c.comment_id::text), length(p.post_id::varchar(20)) FROM channels_post p JOIN channels_comment c ON c.post_id = p.id
-- ====
SELECT p.deleted, c.deleted, p.removed FROM channels_post p JOIN channels_comment c ON c.post_id = p.id WHERE p.deleted OR c.deleted
-- ====
SELECT p.score FROM channels_post p WHERE p.score > 10
-- ====
SELECT p.url, p.preview_text, p.text FROM channels_post p
-- ====
SELECT ch.title, ch.name FROM channels_channel ch WHERE ch.title IS NULL
-- ====
SELECT u.username, p.title FROM auth_user u JOIN channels_post p ON p.author_id = u.id ORDER BY u.id
-- ====
SELECT s.user_id FROM channels_channelsubscription s JOIN channels_channel ch USING (id)
-- ====
SELECT p.title FROM channels_post p JOIN channels_comment c USING (post_id)
-- ====
SELECT p.title FROM channels_post p NATURAL JOIN channels_comment c
-- ====
SELECT p.title FROM channels_post p, LATERAL (SELECT c.comment_id FROM channels_comment c WHERE c.post_id = p.id ORDER BY c.id LIMIT 1) x
-- ====
SELECT channels_post.post_id, channels_comment.comment_id FROM channels_post JOIN channels_comment ON channels_comment.post_id = channels_post.id
-- ====
SELECT comment_id, id FROM channels_comment JOIN channels_post ON channels_post.id = channels_comment.post_id
-- ====
SELECT "post_id", "Title" FROM channels_post
-- ====
SELECT p."post_id" FROM "channels_post" p
-- ====
SELECT r.role, r.group_id FROM channels_channelgrouprole r WHERE r.channel_id = 4
-- ====
SELECT t.thing_id FROM reddit_thing_link t JOIN channels_post p ON p.post_id = t.thing_id
-- ====
SELECT 1 FROM nowhere n JOIN channels_post p ON p.id = n.post_id WHERE n.a = n.b
-- ====
SELECT DISTINCT ON (p.channel_id) p.channel_id, p.title FROM channels_post p ORDER BY p.channel_id, p.created_on DESC
-- ====
SELECT p.title, row_number() OVER (PARTITION BY p.channel_id ORDER BY p.id) AS rn FROM channels_post p
-- ====
SELECT date_trunc('week', p.created_on) AS wk, count(*) FROM channels_post p GROUP BY wk HAVING count(*) > 2 ORDER BY wk LIMIT 52
-- ====
SELECT p.title FROM channels_post p WHERE p.created_on > current_date - 7 AND true
-- ====
SELECT p.title FROM channels_post p FETCH FIRST 5 ROWS ONLY
-- ====
WITH RECURSIVE tree(id, parent, depth) AS (
  SELECT c.comment_id, c.parent_id, 0 FROM channels_comment c WHERE c.parent_id IS NULL
  UNION ALL
  SELECT c.comment_id, c.parent_id, t.depth + 1 FROM channels_comment c JOIN tree t ON c.parent_id = t.id
)
SELECT depth, count(*) FROM tree GROUP BY depth ORDER BY depth
-- ====
SELECT g.n FROM generate_series(1, 10) g(n) LEFT JOIN channels_post p ON p.num_comments = g.n
-- ====
SELECT x FROM unnest(ARRAY[1,2]) AS x
-- ====
SELECT p.title FROM channels_post p JOIN (channels_comment c JOIN channels_channel ch ON ch.id = c.post_id) ON c.post_id = p.id
-- ====
INSERT INTO channels_post (title) VALUES ('x')
-- ====
SELECT p.title
  -- a comment between
  FROM channels_post p
 WHERE p.post_id = 'a'   -- base36
   AND p.post_type IN ('self')
-- ====
SELECT c.post_id FROM channels_comment c JOIN channels_post p ON c.post_id = p.post_id
-- ====
SELECT ch.id, ch.name FROM channels_channel ch WHERE ch.id = '12'
-- ====
SELECT a.content, a.post_id FROM channels_article a JOIN channels_post p ON p.id = a.post_id
-- ====
SELECT l.thumbnail FROM channels_linkmeta l
-- ====
SELECT p.title FROM channels_post AS p WHERE p.channel_id IN (SELECT id FROM channels_channel WHERE name = 'micromasters')
-- ====
SELECT count(*) FILTER (WHERE c.parent_id IS NULL) AS top, count(*) FILTER (WHERE c.parent_id IS NOT NULL) AS replies FROM channels_comment c
-- ====
SELECT p.post_id FROM channels_post p WHERE p.post_id = 13368
-- ====
SELECT c.comment_id FROM channels_comment c WHERE c.parent_id = 't3_abc' OR c.parent_id = 't1_abc' OR c.parent_id = 't5_a'
-- ====
SELECT c.parent_id = p.post_id AS top_level FROM channels_comment c JOIN channels_post p ON p.id = c.post_id
-- ====
SELECT coalesce((SELECT max(p2.id) FROM channels_post p2), p.id), p.id FROM channels_post p
-- ====
SELECT p.title FROM channels_post p ORDER BY (SELECT max(c.id) FROM channels_comment c WHERE c.post_id = p.id), p.id
-- ====
SELECT channels_channelsubscription.user_id, channel_id FROM channels_channelsubscription ORDER BY channel_id
-- ====
SELECT s.channel_id FROM channels_channelsubscription s WHERE s.channel_id = 5
-- ====
SELECT u.id FROM auth_user u WHERE u.id = 5 ORDER BY 1
-- ====
SELECT p.id, p.title FROM channels_post p ORDER BY 1 LIMIT 1
-- ====
SELECT x.n, p.title FROM channels_post p CROSS JOIN LATERAL unnest(ARRAY[p.channel_id, p.author_id]) AS x(n)
-- ====
SELECT p.title FROM channels_post p WHERE p.id = ANY (SELECT c.post_id FROM channels_comment c)
-- ====
SELECT p.title FROM channels_post p WHERE p.post_id NOT IN (SELECT s.post_id FROM channels_subscription s)
-- ====
SELECT p.title FROM channels_post p WHERE (p.post_id, p.channel_id) IN (SELECT 1, 2)
-- ====
SELECT count(*) FROM channels_comment c WHERE c.parent_id::text = 'abc' OR CAST(c.comment_id AS varchar) LIKE '9%'
-- ====
SELECT p.title FROM channels_post p WHERE p.post_type IN (SELECT 'self') AND p.post_type LIKE 'se%'
