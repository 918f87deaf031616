-- Update by key: a read-modify-write of one row.
\set id random(1, :rows)
UPDATE bench_users SET score = score + 1 WHERE id = :id;
