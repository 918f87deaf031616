"""Shared-memory indexes: look-ups by UNIQUE and indexed columns, ORDER BY <indexed> LIMIT k,
CREATE/DROP INDEX, UNIQUE enforcement, and indexes surviving a restart.

That a look-up reads only the documents it needs is shown with a document broken by hand: a
statement that scans the table fails on it (XX001 naming the file), one that uses an index
never opens it."""
import json
import os
import signal

import psycopg2
import pytest

from sbserver import Server


@pytest.fixture()
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def doc(server, table, stem):
    return os.path.join(server.data, "postgres", table, stem + ".json")


def break_document(server, table, stem):
    with open(doc(server, table, stem), "w") as f:
        f.write('{"id": 1, "email": ')  # not JSON


def schema(server, table):
    with open(os.path.join(server.data, "postgres", "_schema", table + ".json")) as f:
        return json.load(f)


def test_unique_column_lookup_reads_only_the_matching_document(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE u1 (id serial PRIMARY KEY, email text UNIQUE NOT NULL, n int)")
    for i in range(1, 51):
        cur.execute("INSERT INTO u1 (email, n) VALUES (%s, %s)", ("user%d@example.com" % i, i))
    break_document(server, "u1", "7")
    cur.execute("SELECT id, n FROM u1 WHERE email = %s", ("user20@example.com",))
    assert cur.fetchall() == [(20, 20)]
    cur.execute("SELECT id FROM u1 WHERE email IN ('user3@example.com', 'user44@example.com',"
                " 'nobody@example.com') ORDER BY id")
    assert cur.fetchall() == [(3,), (44,)]
    cur.execute("SELECT id FROM u1 WHERE email = 'nobody@example.com'")
    assert cur.fetchall() == []
    # A scan needs the broken row and says which file it is.
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("SELECT id FROM u1 WHERE n = 20")
    assert e.value.pgcode == "XX001"
    assert "7.json" in str(e.value)
    # The index also serves UPDATE and DELETE.
    cur.execute("UPDATE u1 SET n = n + 100 WHERE email = 'user21@example.com' RETURNING n")
    assert cur.fetchall() == [(121,)]
    cur.execute("DELETE FROM u1 WHERE email = 'user22@example.com'")
    assert cur.statusmessage == "DELETE 1"
    cur.execute("SELECT id FROM u1 WHERE email = 'user22@example.com'")
    assert cur.fetchall() == []


def test_unique_index_follows_updates_and_deletes(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE u2 (id int PRIMARY KEY, email text UNIQUE)")
    cur.execute("INSERT INTO u2 VALUES (1, 'a'), (2, 'b'), (3, NULL), (4, NULL)")
    with pytest.raises(psycopg2.errors.UniqueViolation) as e:
        cur.execute("INSERT INTO u2 VALUES (5, 'a')")
    assert 'constraint "u2_email_key"' in str(e.value)
    assert e.value.diag.message_detail == "Key (email)=(a) already exists."
    cur.execute("UPDATE u2 SET email = 'c' WHERE id = 1")
    cur.execute("SELECT id FROM u2 WHERE email = 'a'")
    assert cur.fetchall() == []
    cur.execute("SELECT id FROM u2 WHERE email = 'c'")
    assert cur.fetchall() == [(1,)]
    cur.execute("INSERT INTO u2 VALUES (5, 'a')")  # 'a' is free again
    # Rows may trade values in one statement.
    cur.execute("UPDATE u2 SET email = CASE id WHEN 1 THEN 'a' ELSE 'c' END WHERE id IN (1, 5)")
    cur.execute("SELECT id, email FROM u2 WHERE email IN ('a', 'c') ORDER BY id")
    assert cur.fetchall() == [(1, "a"), (5, "c")]
    cur.execute("DELETE FROM u2 WHERE id = 5")
    cur.execute("INSERT INTO u2 VALUES (6, 'c')")
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("UPDATE u2 SET email = 'c' WHERE id = 2")
    cur.execute("TRUNCATE u2")
    cur.execute("INSERT INTO u2 VALUES (1, 'a')")
    cur.execute("SELECT id FROM u2 WHERE email = 'a'")
    assert cur.fetchall() == [(1,)]


def test_create_index_and_lookup_by_non_unique_column(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE people (id int PRIMARY KEY, role text, age int)")
    rows = [(i, ["admin", "user", "guest"][i % 3], 20 + i % 7) for i in range(1, 61)]
    cur.executemany("INSERT INTO people VALUES (%s, %s, %s)", rows)
    cur.execute("CREATE INDEX idx_role ON people (role)")
    assert cur.statusmessage == "CREATE INDEX"
    assert {"name": "idx_role", "columns": ["role"]} in schema(server, "people")["indexes"]
    cur.execute("CREATE INDEX ON people (age)")  # PostgreSQL's name: people_age_idx
    assert [i["name"] for i in schema(server, "people")["indexes"]] == ["idx_role",
                                                                        "people_age_idx"]
    break_document(server, "people", "4")  # role 'user'
    cur.execute("SELECT id FROM people WHERE role = 'admin' ORDER BY id")
    assert [r[0] for r in cur.fetchall()] == [i for i in range(1, 61) if i % 3 == 0]
    cur.execute("SELECT id FROM people WHERE age = 21 AND role = 'guest' ORDER BY id")
    assert [r[0] for r in cur.fetchall()] == [i for i in range(1, 61) if 20 + i % 7 == 21
                                              and i % 3 == 2]
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("SELECT id FROM people WHERE role = 'user'")  # includes the broken row
    assert e.value.pgcode == "XX001"
    with open(doc(server, "people", "4"), "w") as f:
        json.dump({"id": 4, "role": "user", "age": 24}, f)

    with pytest.raises(psycopg2.errors.DuplicateTable):
        cur.execute("CREATE INDEX idx_role ON people (age)")
    cur.execute("CREATE INDEX IF NOT EXISTS idx_role ON people (age)")
    assert any("already exists, skipping" in n for n in conn.notices)
    with pytest.raises(psycopg2.errors.UndefinedColumn):
        cur.execute("CREATE INDEX ON people (nope)")
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("CREATE INDEX ON nope (x)")
    with pytest.raises(psycopg2.errors.FeatureNotSupported):
        cur.execute("CREATE INDEX ON people (lower(role))")
    with pytest.raises(psycopg2.errors.FeatureNotSupported):
        cur.execute("CREATE INDEX ON people (age) WHERE age > 3")

    cur.execute("DROP INDEX idx_role")
    assert [i["name"] for i in schema(server, "people")["indexes"]] == ["people_age_idx"]
    with pytest.raises(psycopg2.errors.UndefinedObject):
        cur.execute("DROP INDEX idx_role")
    cur.execute("DROP INDEX IF EXISTS idx_role")
    with pytest.raises(psycopg2.errors.DependentObjectsStillExist):
        cur.execute("DROP INDEX people_pkey")
    cur.execute("SELECT id FROM people WHERE role = 'admin' ORDER BY id")  # now a scan
    assert len(cur.fetchall()) == 20


def test_create_unique_index_refuses_existing_duplicates(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE dup (id int PRIMARY KEY, code text)")
    cur.execute("INSERT INTO dup VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, NULL), (5, NULL)")
    with pytest.raises(psycopg2.errors.UniqueViolation) as e:
        cur.execute("CREATE UNIQUE INDEX dup_code ON dup (code)")
    assert 'could not create unique index "dup_code"' in str(e.value)
    assert e.value.diag.message_detail == "Key (code)=(a) is duplicated."
    cur.execute("UPDATE dup SET code = 'c' WHERE id = 3")
    cur.execute("CREATE UNIQUE INDEX dup_code ON dup (code)")
    with pytest.raises(psycopg2.errors.UniqueViolation) as e:
        cur.execute("INSERT INTO dup VALUES (6, 'b')")
    assert 'constraint "dup_code"' in str(e.value)
    cur.execute("INSERT INTO dup VALUES (6, NULL)")  # NULLs never conflict


def test_order_by_indexed_column_limit_reads_only_the_first_rows(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE ev (id bigint PRIMARY KEY, at timestamptz, score numeric,"
                " label text)")
    cur.execute("CREATE INDEX ev_at ON ev (at)")
    cur.execute("CREATE INDEX ev_score ON ev (score)")
    cur.execute("CREATE INDEX ev_label ON ev (label)")
    values = []
    for i in range(1, 101):
        values.append((i, "2024-01-01 00:00:00+00" if i % 10 == 0 else
                       "2024-01-%02d 12:00:00+00" % (1 + i % 28), str((i * 37) % 101 - 50) + ".5",
                       None if i % 13 == 0 else "L%03d" % ((i * 7) % 100)))
    cur.executemany("INSERT INTO ev VALUES (%s, %s, %s, %s)", values)
    # The same questions answered by a full sort give the expected rows.
    expected = {}
    for order in ["id DESC", "id", "score", "score DESC", "label", "label DESC"]:
        cur.execute("SELECT id FROM ev ORDER BY %s, id" % order)
        expected[order] = [r[0] for r in cur.fetchall()]
    # NULLs last ascending, first descending, as PostgreSQL (label has NULLs).
    cur.execute("SELECT id FROM ev ORDER BY label DESC LIMIT 8")
    got = [r[0] for r in cur.fetchall()]
    assert got == expected["label DESC"][:8] or sorted(got) == sorted(expected["label DESC"][:8])
    assert all(i % 13 == 0 for i in got[:7])  # the 7 NULL labels first
    cur.execute("SELECT score FROM ev ORDER BY score LIMIT 3")
    assert [str(r[0]) for r in cur.fetchall()] == ["-49.5", "-48.5", "-47.5"]
    # A broken document is read only by the statements that reach it in index order (once the
    # server has noticed the edit, its other index keys read as NULL).
    break_document(server, "ev", "1")
    cur.execute("SELECT id, label FROM ev ORDER BY id DESC LIMIT 10")
    rows = cur.fetchall()
    assert [r[0] for r in rows] == list(range(100, 90, -1))
    cur.execute("SELECT id FROM ev ORDER BY id DESC LIMIT 5 OFFSET 3")
    assert [r[0] for r in cur.fetchall()] == list(range(97, 92, -1))
    with pytest.raises(psycopg2.Error) as e:  # ascending, the first row read is the broken one
        cur.execute("SELECT id FROM ev ORDER BY id LIMIT 3")
    assert e.value.pgcode == "XX001"
    cur.execute("SELECT id FROM ev WHERE id % 2 = 0 ORDER BY id DESC LIMIT 4")
    assert [r[0] for r in cur.fetchall()] == [100, 98, 96, 94]
    # A sort column that is not in the select list is not returned.
    cur.execute("SELECT label FROM ev WHERE label IS NOT NULL ORDER BY id DESC LIMIT 2")
    assert cur.fetchall() == [("L000",), ("L093",)]
    assert len(cur.description) == 1


def test_indexes_are_rebuilt_at_start_and_after_a_crash():
    with Server() as s:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("CREATE TABLE r (id int PRIMARY KEY, email text UNIQUE, tag text)")
        cur.execute("CREATE INDEX r_tag ON r (tag)")
        cur.executemany("INSERT INTO r VALUES (%s, %s, %s)",
                        [(i, "e%d" % i, "t%d" % (i % 4)) for i in range(1, 41)])
        c.close()
        s.proc.send_signal(signal.SIGKILL)  # unclean: nothing written at shutdown
        s.proc.wait()
        s.log.close()
        s.start()
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO r VALUES (41, 'e5', 't0')")
        break_document(s, "r", "2")  # tag t2: look-ups by t1 never read it
        cur.execute("SELECT id FROM r WHERE tag = 't1' ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == [i for i in range(1, 41) if i % 4 == 1]
        cur.execute("SELECT id FROM r ORDER BY id DESC LIMIT 2")
        assert cur.fetchall() == [(40,), (39,)]
        c.close()
        log = s.read_log()
        assert "indexed table \"r\"" in log
        assert "did not stop cleanly" in log and "after an unclean stop" in log


def test_clean_restart_is_not_reported_as_unclean_and_keeps_every_write():
    with Server() as s:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("CREATE TABLE k (id serial PRIMARY KEY, email text UNIQUE)")
        cur.executemany("INSERT INTO k (email) VALUES (%s)", [("m%d" % i,) for i in range(100)])
        c.close()
        assert s.stop() == 0
        assert os.path.exists(os.path.join(s.data, ".smarterbase", "clean_stop"))
        before = len(s.read_log())
        s.start()
        assert "did not stop cleanly" not in s.read_log()[before:]
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("SELECT id FROM k WHERE email = 'm99'")
        assert cur.fetchall() == [(100,)]
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO k (email) VALUES ('m0')")
        c.close()
