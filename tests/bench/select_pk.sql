-- Point select by primary key. :rows is the number of rows loaded (pgbench -D rows=N).
\set id random(1, :rows)
SELECT id, email, name, score, created_at FROM bench_users WHERE id = :id;
