-- Sign-ups per month.
SELECT to_char(date_trunc('month', date_joined), 'YYYY-MM') AS month, count(*) AS users
FROM auth_user
GROUP BY 1
ORDER BY 1;
