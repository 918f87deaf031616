"""INSERT: values evaluated in the worker, sequences, constraints and document files applied by
the coordinator; RETURNING from the rows as written. Documents are checked on disk."""
import json
import os
import threading

import psycopg2
import pytest


@pytest.fixture()
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def doc(server, table, stem):
    with open(os.path.join(server.data, "postgres", table, stem + ".json")) as f:
        return f.read()


def test_insert_writes_one_document_per_row_in_column_order(server, conn):
    cur = conn.cursor()
    cur.execute("""CREATE TABLE people (id int PRIMARY KEY, name text, score numeric(6,2),
                   active bool, born date, tags text[], meta jsonb, photo bytea)""")
    cur.execute("""INSERT INTO people VALUES
        (1, 'Ann', 12.5, true, '1990-05-01', ARRAY['a','b'], '{"k": [1, 2]}', '\\x0102'),
        (2, 'Bo "quoted" \\ back', NULL, false, NULL, NULL, NULL, NULL)""")
    assert cur.statusmessage == "INSERT 0 2"
    first = doc(server, "people", "1")
    assert list(json.loads(first).keys()) == ["id", "name", "score", "active", "born", "tags",
                                             "meta", "photo"]
    assert json.loads(first) == {"id": 1, "name": "Ann", "score": "12.50", "active": True,
                                 "born": "1990-05-01", "tags": ["a", "b"], "meta": {"k": [1, 2]},
                                 "photo": "\\x0102"}
    assert first.startswith("{\n  \"id\": 1,\n")  # pretty by default, diff-friendly
    second = json.loads(doc(server, "people", "2"))
    assert second["name"] == 'Bo "quoted" \\ back'
    assert second["score"] is None


def test_returning_and_defaults(conn):
    cur = conn.cursor()
    cur.execute("""CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid7(),
                   email text NOT NULL, role text DEFAULT 'user', created timestamptz DEFAULT now())""")
    cur.execute("INSERT INTO accounts (email) VALUES (%s) RETURNING id, role, created IS NOT NULL,"
                " upper(email) AS shout", ("a@example.com",))
    row = cur.fetchone()
    assert len(row[0]) == 36 and row[0][14] == "7"
    assert row[1:] == ("user", True, "A@EXAMPLE.COM")
    assert [d[0] for d in cur.description] == ["id", "role", "?column?", "shout"]
    cur.execute("INSERT INTO accounts (email, role) VALUES ('b@x', DEFAULT) RETURNING *")
    assert cur.fetchone()[2] == "user"


def test_serial_values_are_never_handed_out_twice(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE counters (id serial PRIMARY KEY, label text)")
    cur.execute("INSERT INTO counters (label) VALUES ('a'), ('b') RETURNING id")
    assert [r[0] for r in cur.fetchall()] == [1, 2]
    # A row written by hand with a higher key: the sequence goes past it.
    with open(os.path.join(server.data, "postgres", "counters", "10.json"), "w") as f:
        f.write('{"id": 10, "label": "by hand"}\n')
    # (A restart forgets the in-memory value; the file keeps the sequence.)
    cur.execute("INSERT INTO counters (label) VALUES ('c') RETURNING id")
    assert cur.fetchone()[0] == 3
    seq = os.path.join(server.data, "postgres", "_seq", "counters_id_seq.json")
    assert json.load(open(seq))["last_value"] == 3


def test_constraint_violations_use_postgres_codes_and_write_nothing(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE members (id int PRIMARY KEY, email text UNIQUE NOT NULL, nick varchar(5))")
    cur.execute("INSERT INTO members VALUES (1, 'a@x', 'ann')")
    cases = [
        ("INSERT INTO members VALUES (1, 'other@x', 'x')", "23505", 'members_pkey'),
        ("INSERT INTO members VALUES (2, 'a@x', 'x')", "23505", 'members_email_key'),
        ("INSERT INTO members VALUES (3, NULL, 'x')", "23502", 'not-null constraint'),
        ("INSERT INTO members VALUES (4, 'd@x', 'toolong')", "22001", 'character varying(5)'),
        ("INSERT INTO members VALUES ('x', 'e@x', 'e')", "22P02", 'invalid input syntax'),
        ("INSERT INTO members (nope) VALUES (1)", "42703", 'column "nope"'),
        ("INSERT INTO nothere VALUES (1)", "42P01", 'relation "nothere"'),
        ("INSERT INTO members VALUES (5, 'f@x', 'f'), (5, 'g@x', 'g')", "23505", 'members_pkey'),
        ("INSERT INTO members VALUES (1, 2)", "42804", ''),
    ]
    for sql, code, text in cases:
        with pytest.raises(psycopg2.Error) as info:
            cur.execute(sql)
        assert info.value.pgcode == code or (code == "42804" and info.value.pgcode), (sql, info.value)
        assert text in str(info.value), (sql, str(info.value))
    files = sorted(os.listdir(os.path.join(server.data, "postgres", "members")))
    assert files == ["1.json"]


def test_unique_violation_detail(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE uq (id int PRIMARY KEY, email text UNIQUE)")
    cur.execute("INSERT INTO uq VALUES (1, 'x@y')")
    with pytest.raises(psycopg2.errors.UniqueViolation) as info:
        cur.execute("INSERT INTO uq VALUES (2, 'x@y')")
    assert info.value.diag.message_detail == "Key (email)=(x@y) already exists."


def test_eight_clients_inserting_the_same_email_one_wins(server):
    setup = psycopg2.connect(server.dsn())
    setup.autocommit = True
    setup.cursor().execute("CREATE TABLE signups (id serial PRIMARY KEY, email text UNIQUE)")
    results = []

    def attempt():
        c = psycopg2.connect(server.dsn())
        c.autocommit = True
        try:
            c.cursor().execute("INSERT INTO signups (email) VALUES ('same@example.com')")
            results.append("ok")
        except psycopg2.errors.UniqueViolation:
            results.append("dup")
        finally:
            c.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["dup"] * 7 + ["ok"]
    assert len(os.listdir(os.path.join(server.data, "postgres", "signups"))) == 1
    setup.close()


def test_table_without_primary_key_gets_hidden_uuid7_row_keys(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE events (kind text, at timestamptz)")
    cur.execute("INSERT INTO events VALUES ('a', now()), ('b', now())")
    names = sorted(os.listdir(os.path.join(server.data, "postgres", "events")))
    assert len(names) == 2 and all(len(n) == len("019363e8-0000-7000-8000-000000000000.json")
                                   for n in names)
    for name in names:
        assert set(json.loads(doc(server, "events", name[:-5])).keys()) == {"kind", "at"}


def test_identity_always_refuses_explicit_values(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE idt (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)")
    cur.execute("INSERT INTO idt (v) VALUES ('x') RETURNING id")
    assert cur.fetchone() == (1,)
    with pytest.raises(psycopg2.Error) as info:
        cur.execute("INSERT INTO idt (id, v) VALUES (5, 'y')")
    assert info.value.pgcode == "428C9"


def test_extended_protocol_parameters(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    cur = c.cursor()
    cur.execute("CREATE TABLE kv (k text PRIMARY KEY, v int)")
    cur.executemany("INSERT INTO kv VALUES (%s, %s)", [("a", 1), ("b", 2), ("c/../x", 3)])
    files = sorted(os.listdir(os.path.join(server.data, "postgres", "kv")))
    assert "a.json" in files and len(files) == 3
    assert not any("/" in f or f.startswith(".") for f in files)
    c.close()
