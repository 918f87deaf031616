-- Point select by the UNIQUE column. The loader stores email = (1000000000 + id)::text, so the
-- whole value is one pgbench variable: `email = $1::text` in prepared mode, a literal in simple
-- mode. A concatenation such as 'user' || :id would measure constant folding, not the index.
\set id random(1, :rows)
\set email 1000000000 + :id
SELECT id, email, name, score, created_at FROM bench_users WHERE email = :email::text;
