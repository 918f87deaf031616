-- Single-row insert; id and created_at come from the serial and DEFAULT now(). The email is a
-- random 13-19 digit string, disjoint from the loaded 10-digit ones; a collision (23505, which
-- would abort the client) has a probability below 1e-8 per run.
\set email random(1000000000000, 9000000000000000000)
\set score random(0, 1000)
INSERT INTO bench_users (email, name, score) VALUES (:email::text, 'bench insert', :score);
