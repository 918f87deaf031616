-- Run before measuring (not timed): the benchmark queries must return the right rows on both
-- servers, in both protocols, or their numbers mean nothing. \gset fails unless exactly one row
-- comes back; a wrong value divides by zero. Either aborts pgbench, which fails the run.
\set id random(1, :rows)
\set email 1000000000 + :id
SELECT id AS by_pk, email AS pk_email FROM bench_users WHERE id = :id \gset
SELECT id AS by_email FROM bench_users WHERE email = :email::text \gset
SELECT id AS newest FROM bench_users ORDER BY id DESC LIMIT 1 \gset
\if :by_pk != :id or :pk_email != :email or :by_email != :id or :newest < :rows
\set wrong_answer 1 / 0
\endif
