-- How often are posts and comments edited?
SELECT (SELECT avg(CASE WHEN edited THEN 1.0 ELSE 0 END) FROM discussions_post) AS posts_edited,
       (SELECT avg(CASE WHEN edited THEN 1.0 ELSE 0 END) FROM discussions_comment) AS comments_edited;
