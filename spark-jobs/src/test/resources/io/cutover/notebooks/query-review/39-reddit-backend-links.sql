-- Legacy: links straight from the Reddit backend.
SELECT count(*) AS links FROM reddit_thing_link WHERE NOT deleted;
