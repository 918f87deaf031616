-- The ten newest rows: ORDER BY the primary key DESC with LIMIT (an index scan backwards in
-- PostgreSQL).
-- The \set is not decoration: pgbench 15 reads the clock lazily, and a script made of a single
-- SQL command whose answer is already there when pgbench first looks logs a latency of 0 µs
-- (the server ran before pgbench got the CPU back). A meta-command resets that clock.
\set unused 0
SELECT * FROM bench_users ORDER BY id DESC LIMIT 10;
