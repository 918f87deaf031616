"""UPDATE, DELETE and TRUNCATE: read-modify-write in the worker (rows found by key or scan,
new rows computed from the old), applied by the coordinator only if no file changed since it
was read; documents are checked on disk."""
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


def table_dir(server, table):
    return os.path.join(server.data, "postgres", table)


def doc_path(server, table, stem):
    return os.path.join(table_dir(server, table), stem + ".json")


def read_doc(server, table, stem):
    with open(doc_path(server, table, stem)) as f:
        return f.read()


def stems(server, table):
    return sorted(n[:-5] for n in os.listdir(table_dir(server, table)) if n.endswith(".json"))


def test_update_with_expressions_over_the_old_row(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int, price numeric(6,2))")
    cur.execute("INSERT INTO items VALUES (1, 'apple', 3, 1.50), (2, 'pear', 5, 2.00),"
                " (3, 'plum', 7, 0.25)")
    cur.execute("UPDATE items SET qty = qty + 1, name = upper(name) WHERE id = 2")
    assert cur.statusmessage == "UPDATE 1"
    assert cur.rowcount == 1
    cur.execute("UPDATE items SET price = price * 2 WHERE qty > 4")  # a scan
    assert cur.statusmessage == "UPDATE 2"
    cur.execute("SELECT id, name, qty, price FROM items ORDER BY id")
    assert cur.fetchall() == [(1, "apple", 3, pytest.approx(1.5)), (2, "PEAR", 6, 4),
                              (3, "plum", 7, pytest.approx(0.5))]
    on_disk = json.loads(read_doc(server, "items", "2"))
    assert list(on_disk.keys()) == ["id", "name", "qty", "price"]
    assert on_disk == {"id": 2, "name": "PEAR", "qty": 6, "price": "4.00"}
    cur.execute("UPDATE items SET qty = 0 WHERE id = 42")
    assert cur.statusmessage == "UPDATE 0"
    cur.execute("UPDATE items SET qty = qty WHERE false")
    assert cur.rowcount == 0


def test_update_sees_old_row_in_every_assignment(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE swap (id int PRIMARY KEY, a int, b int)")
    cur.execute("INSERT INTO swap VALUES (1, 10, 20)")
    cur.execute("UPDATE swap SET a = b, b = a")
    cur.execute("SELECT a, b FROM swap")
    assert cur.fetchone() == (20, 10)


def test_update_returning(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE r (id int PRIMARY KEY, n int, note text DEFAULT 'dflt')")
    cur.execute("INSERT INTO r VALUES (1, 1, 'x'), (2, 2, 'y')")
    cur.execute("UPDATE r SET n = n * 10, note = DEFAULT RETURNING id, n, note, n + 1 AS next")
    assert sorted(cur.fetchall()) == [(1, 10, "dflt", 11), (2, 20, "dflt", 21)]
    assert [d[0] for d in cur.description] == ["id", "n", "note", "next"]
    assert cur.statusmessage == "UPDATE 2"


def test_update_keeps_unknown_keys(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)")
    cur.execute("INSERT INTO notes VALUES (1, 'hello')")
    path = doc_path(server, "notes", "1")
    with open(path, "w") as f:
        f.write('{"id": 1, "body": "hello", "added_by_hand": {"x": [1, 2]}}\n')
    cur.execute("UPDATE notes SET body = 'changed' WHERE id = 1")
    on_disk = json.loads(read_doc(server, "notes", "1"))
    assert on_disk == {"id": 1, "body": "changed", "added_by_hand": {"x": [1, 2]}}
    assert list(on_disk.keys()) == ["id", "body", "added_by_hand"]


def test_primary_key_change_renames_the_file(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE moves (id int PRIMARY KEY, v text)")
    cur.execute("INSERT INTO moves VALUES (1, 'a'), (2, 'b')")
    cur.execute("UPDATE moves SET id = 10 WHERE id = 1 RETURNING id, v")
    assert cur.fetchall() == [(10, "a")]
    assert stems(server, "moves") == ["10", "2"]
    assert json.loads(read_doc(server, "moves", "10")) == {"id": 10, "v": "a"}
    with pytest.raises(psycopg2.errors.UniqueViolation) as info:
        cur.execute("UPDATE moves SET id = 2 WHERE id = 10")
    assert 'unique constraint "moves_pkey"' in str(info.value)
    assert info.value.diag.message_detail == "Key (id)=(2) already exists."
    assert stems(server, "moves") == ["10", "2"]


def test_constraint_errors_write_nothing(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL,"
                " code varchar(3))")
    cur.execute("INSERT INTO users VALUES (1, 'a@x', 'Ann', 'a'), (2, 'b@x', 'Bo', 'b')")
    before = {s: read_doc(server, "users", s) for s in stems(server, "users")}
    with pytest.raises(psycopg2.errors.UniqueViolation) as info:
        cur.execute("UPDATE users SET email = 'a@x' WHERE id = 2")
    assert 'unique constraint "users_email_key"' in str(info.value)
    assert info.value.diag.message_detail == "Key (email)=(a@x) already exists."
    with pytest.raises(psycopg2.errors.NotNullViolation) as info:
        cur.execute("UPDATE users SET name = NULL WHERE id = 2")
    assert info.value.diag.message_primary == (
        'null value in column "name" of relation "users" violates not-null constraint')
    assert info.value.diag.message_detail == "Failing row contains (2, b@x, null, b)."
    with pytest.raises(psycopg2.errors.StringDataRightTruncation):
        cur.execute("UPDATE users SET code = 'abcd'")
    with pytest.raises(psycopg2.errors.UndefinedColumn):
        cur.execute("UPDATE users SET nope = 1")
    # Both rows change: the batch as a whole must pass, so nothing is written.
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("UPDATE users SET email = 'same@x'")
    after = {s: read_doc(server, "users", s) for s in stems(server, "users")}
    assert after == before
    # Rows may trade UNIQUE values in one statement; the old value is free afterwards.
    cur.execute("UPDATE users SET email = CASE id WHEN 1 THEN 'b@x' ELSE 'a@x' END")
    assert cur.statusmessage == "UPDATE 2"
    cur.execute("UPDATE users SET email = 'c@x' WHERE id = 1")
    cur.execute("INSERT INTO users VALUES (3, 'b@x', 'Cy', NULL)")
    cur.execute("SELECT id, email FROM users ORDER BY id")
    assert cur.fetchall() == [(1, "c@x"), (2, "a@x"), (3, "b@x")]


def test_identity_always_refuses_explicit_value(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE ids (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int)")
    cur.execute("INSERT INTO ids (v) VALUES (1)")
    with pytest.raises(psycopg2.errors.GeneratedAlways) as info:
        cur.execute("UPDATE ids SET id = 5")
    assert "can only be updated to DEFAULT" in str(info.value)


def test_delete_by_key_and_scan(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE d (id int PRIMARY KEY, v int)")
    cur.execute("INSERT INTO d VALUES (1, 10), (2, 20), (3, 30), (4, 40)")
    cur.execute("DELETE FROM d WHERE id = 2")
    assert cur.statusmessage == "DELETE 1"
    assert stems(server, "d") == ["1", "3", "4"]
    cur.execute("DELETE FROM d WHERE v >= 30 RETURNING id, v * 2")
    assert sorted(cur.fetchall()) == [(3, 60), (4, 80)]
    assert cur.statusmessage == "DELETE 2"
    cur.execute("DELETE FROM d WHERE id = 99")
    assert cur.statusmessage == "DELETE 0"
    cur.execute("DELETE FROM d")
    assert cur.rowcount == 1
    assert stems(server, "d") == []


def test_delete_frees_unique_values(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE)")
    cur.execute("INSERT INTO u VALUES (1, 'a')")
    cur.execute("DELETE FROM u WHERE email = 'a'")
    cur.execute("INSERT INTO u VALUES (2, 'a')")
    cur.execute("SELECT id FROM u")
    assert cur.fetchall() == [(2,)]


def test_broken_document_fails_and_is_kept(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE broken (id int PRIMARY KEY, v int)")
    cur.execute("INSERT INTO broken VALUES (1, 1), (2, 2)")
    with open(doc_path(server, "broken", "2"), "w") as f:
        f.write('{"id": 2, "v": ')
    with pytest.raises(psycopg2.Error) as info:
        cur.execute("DELETE FROM broken")
    assert info.value.pgcode in ("XX001", "22P02")
    with pytest.raises(psycopg2.Error):
        cur.execute("UPDATE broken SET v = 5")
    assert stems(server, "broken") == ["1", "2"]
    assert read_doc(server, "broken", "2") == '{"id": 2, "v": '
    cur.execute("UPDATE broken SET v = 5 WHERE id = 1")  # the key look-up never reads file 2
    assert cur.statusmessage == "UPDATE 1"


def test_concurrent_increments_are_exact(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE counters (id int PRIMARY KEY, n int)")
    cur.execute("INSERT INTO counters VALUES (1, 0)")
    errors = []

    def work():
        try:
            c = psycopg2.connect(server.dsn())
            c.autocommit = True
            k = c.cursor()
            for _ in range(1000):
                k.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (1,))
                assert k.statusmessage == "UPDATE 1"
            c.close()
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    cur.execute("SELECT n FROM counters WHERE id = 1")
    assert cur.fetchone() == (8000,)


def test_concurrent_deletes_of_one_row(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE victims (id int PRIMARY KEY)")
    for round_ in range(5):
        cur.execute("INSERT INTO victims VALUES (%s)", (round_,))
        tags, errors = [], []
        barrier = threading.Barrier(8)

        def work():
            try:
                c = psycopg2.connect(server.dsn())
                c.autocommit = True
                k = c.cursor()
                barrier.wait()
                k.execute("DELETE FROM victims WHERE id = %s", (round_,))
                tags.append(k.statusmessage)
                c.close()
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sorted(tags) == ["DELETE 0"] * 7 + ["DELETE 1"]
    assert stems(server, "victims") == []


def test_truncate(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE t1 (id serial PRIMARY KEY, email text UNIQUE)")
    cur.execute("CREATE TABLE t2 (id int PRIMARY KEY)")
    cur.execute("INSERT INTO t1 (email) VALUES ('a'), ('b')")
    cur.execute("INSERT INTO t2 VALUES (1)")
    notes = os.path.join(table_dir(server, "t1"), "notes.txt")
    with open(notes, "w") as f:
        f.write("not a document")
    cur.execute("TRUNCATE t1, t2")
    assert cur.statusmessage == "TRUNCATE TABLE"
    assert stems(server, "t1") == [] and stems(server, "t2") == []
    assert os.path.exists(notes)
    cur.execute("INSERT INTO t1 (email) VALUES ('a') RETURNING id")
    assert cur.fetchone() == (3,)  # sequences keep going, the UNIQUE value is free again
    cur.execute("TRUNCATE TABLE t1 RESTART IDENTITY")
    cur.execute("INSERT INTO t1 (email) VALUES ('a') RETURNING id")
    assert cur.fetchone() == (1,)
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("TRUNCATE t2, missing")


def test_table_without_primary_key_and_aliases(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE loose (a int, b text)")
    cur.execute("INSERT INTO loose VALUES (1, 'x'), (2, 'y'), (3, 'z')")
    files = stems(server, "loose")
    cur.execute("UPDATE loose AS l SET b = l.b || '!' WHERE l.a >= 2 RETURNING l.a, b")
    assert sorted(cur.fetchall()) == [(2, "y!"), (3, "z!")]
    assert stems(server, "loose") == files  # hidden row keys never change
    cur.execute("DELETE FROM loose AS l WHERE l.b = 'x' RETURNING *")
    assert cur.fetchall() == [(1, "x")]
    assert len(stems(server, "loose")) == 2
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("DELETE FROM nowhere")
    with pytest.raises(psycopg2.errors.SyntaxError):
        cur.execute("UPDATE loose SET a = 1, a = 2")
