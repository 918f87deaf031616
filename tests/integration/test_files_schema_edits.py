"""Hand edits of schema files and documents while the server runs and clients stay connected,
made with the tools people use (Python writing in place, `sed -i`, shell redirection): the next
statement sees the new truth. Type changes read through PostgreSQL's casts, a broken schema
file keeps its last valid version in force (with a WARNING), and a file caught in the middle
of an editor's save is read again rather than reported."""
import json
import os
import subprocess
import threading

import psycopg2
import pytest

from pgwire import Conn, errors, row_description
from pgwire import rows as wire_rows
from sbserver import Server


@pytest.fixture
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def schema_path(server, table):
    return os.path.join(server.data, "postgres", "_schema", table + ".json")


def doc_path(server, table, stem):
    return os.path.join(server.data, "postgres", table, "%s.json" % stem)


def read_json(path):
    with open(path) as f:
        return json.load(f)


def write_in_place(path, text):
    """Truncate and write, as Python scripts and many editors save."""
    with open(path, "w") as f:
        f.write(text)


def edit_schema(server, table, change):
    """Loads the schema file, lets `change` edit the dict, writes it back in place."""
    schema = read_json(schema_path(server, table))
    change(schema)
    write_in_place(schema_path(server, table), json.dumps(schema, indent=2) + "\n")


def sed(expression, path):
    subprocess.run(["sed", "-i", expression, path], check=True)


def shell(command):
    subprocess.run(["bash", "-c", command], check=True)


def rows(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur.fetchall()


def columns(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return [d.name for d in cur.description]


def sql_error(conn, sql):
    with pytest.raises(psycopg2.Error) as info:
        conn.cursor().execute(sql)
    return info.value


def warnings(conn):
    found = [n for n in conn.notices if n.startswith("WARNING:")]
    del conn.notices[:]
    return found


def make_people(conn, name):
    cur = conn.cursor()
    cur.execute("CREATE TABLE %s (id int PRIMARY KEY, name text, age int)" % name)
    cur.execute("INSERT INTO %s VALUES (1, 'ann', 30), (2, 'bob', 41), (3, 'cy', NULL)" % name)


# --- columns added and removed by hand --------------------------------------------------------


def test_added_column_appears_at_the_next_statement(server, conn):
    make_people(conn, "added")
    assert columns(conn, "SELECT * FROM added") == ["id", "name", "age"]
    # With a default (sed -i on the file as the server wrote it): existing documents read the
    # constant default.
    sed(r's/{"name": "age", "type": "integer"}/&,\n    {"name": "score", "type": "integer", '
        r'"default": "7"}/', schema_path(server, "added"))
    assert read_json(schema_path(server, "added"))["columns"][3]["name"] == "score"
    assert columns(conn, "SELECT * FROM added") == ["id", "name", "age", "score"]
    assert rows(conn, "SELECT * FROM added WHERE id = 2") == [(2, "bob", 41, 7)]
    # Without a default (Python, in place): existing documents read NULL.
    edit_schema(server, "added", lambda s: s["columns"].append({"name": "city", "type": "text"}))
    assert columns(conn, "SELECT * FROM added") == ["id", "name", "age", "score", "city"]
    assert rows(conn, "SELECT id, score, city FROM added ORDER BY id") == [
        (1, 7, None), (2, 7, None), (3, 7, None)]
    # New rows get the new columns; the old documents stay as they were until written.
    conn.cursor().execute("INSERT INTO added (id, name) VALUES (4, 'dee')")
    assert read_json(doc_path(server, "added", 4)) == {
        "id": 4, "name": "dee", "age": None, "score": 7, "city": None}
    assert "score" not in read_json(doc_path(server, "added", 1))
    # RowDescription over the extended protocol too.
    with Conn.connected(server) as c:
        c.parse("", "SELECT * FROM added WHERE id = 1")
        c.describe_statement("")
        c.sync()
        description = [m for m in c.read_until_ready() if m is not None and m.type == "T"]
        assert [field.name for field in row_description(description[0].body)] == [
            "id", "name", "age", "score", "city"]


def test_removed_column_disappears_and_documents_keep_the_key(server, conn):
    make_people(conn, "removed")
    edit_schema(server, "removed",
                lambda s: s.update(columns=[c for c in s["columns"] if c["name"] != "age"]))
    assert columns(conn, "SELECT * FROM removed") == ["id", "name"]
    assert rows(conn, "SELECT * FROM removed WHERE id = 2") == [(2, "bob")]
    assert sql_error(conn, "SELECT age FROM removed").pgcode == "42703"
    assert read_json(doc_path(server, "removed", 2))["age"] == 41
    # A write of the row keeps the key nobody knows any more.
    conn.cursor().execute("UPDATE removed SET name = 'BOB' WHERE id = 2")
    assert read_json(doc_path(server, "removed", 2)) == {"id": 2, "name": "BOB", "age": 41}
    conn.cursor().execute("UPDATE removed SET name = upper(name)")  # a scan
    assert read_json(doc_path(server, "removed", 1)) == {"id": 1, "name": "ANN", "age": 30}
    # Reverting the edit brings the values back.
    edit_schema(server, "removed",
                lambda s: s["columns"].append({"name": "age", "type": "integer"}))
    assert rows(conn, "SELECT id, name, age FROM removed ORDER BY id") == [
        (1, "ANN", 30), (2, "BOB", 41), (3, "CY", None)]


def test_prepared_statements_are_planned_again_after_an_edit(server, conn):
    """As PostgreSQL: a prepared statement whose table changed is planned again at Bind; only
    one whose result columns would change fails, with 0A000."""
    make_people(conn, "prepared")
    with Conn.connected(server) as c:
        c.parse("star", "SELECT * FROM prepared WHERE id = 1")
        c.parse("upd", "UPDATE prepared SET name = 'x' WHERE id = 1")
        c.parse("names", "SELECT name, id FROM prepared WHERE id = 2")
        c.sync()
        assert errors(c.read_until_ready()) == []
        edit_schema(server, "prepared",
                    lambda s: s.update(columns=[c for c in s["columns"] if c["name"] != "age"]))
        for statement, expected in (("star", ["0A000"]), ("upd", []), ("names", [])):
            c.bind("", statement)
            c.execute("")
            c.sync()
            errs = errors(c.read_until_ready())
            assert [e["C"] for e in errs] == expected, statement
            if errs:
                assert errs[0]["M"] == "cached plan must not change result type"
        assert rows(conn, "SELECT name FROM prepared WHERE id = 1") == [("x",)]
        # A column put in the middle moves the others: plans naming theirs still run, and
        # read the right values.
        edit_schema(server, "prepared",
                    lambda s: s["columns"].insert(1, {"name": "nick", "type": "text"}))
        c.bind("", "names")
        c.execute("")
        c.sync()
        messages = c.read_until_ready()
        assert errors(messages) == []
        assert wire_rows(messages) == [["bob", "2"]]
        # A statement prepared after the edit sees every column.
        c.parse("again", "SELECT * FROM prepared WHERE id = 1")
        c.bind("", "again")
        c.execute("")
        c.sync()
        assert errors(c.read_until_ready()) == []


# --- type changes ----------------------------------------------------------------------------


def test_type_change_reads_through_casts(server, conn):
    make_people(conn, "typed")
    path = schema_path(server, "typed")
    sed(r'/"age"/s/"integer"/"text"/', path)
    assert rows(conn, "SELECT id, age FROM typed ORDER BY id") == [(1, "30"), (2, "41"),
                                                                  (3, None)]
    assert rows(conn, "SELECT id FROM typed WHERE age = '41'") == [(2,)]
    # Written under the text schema: strings on disk.
    conn.cursor().execute("UPDATE typed SET age = '31' WHERE id = 1")
    conn.cursor().execute("UPDATE typed SET age = 'old' WHERE id = 3")
    assert read_json(doc_path(server, "typed", 1))["age"] == "31"
    assert read_json(doc_path(server, "typed", 2))["age"] == 41  # untouched
    # Back to integer: "31" reads as 31, 41 as 41; "old" does not convert.
    sed(r'/"age"/s/"text"/"integer"/', path)
    assert rows(conn, "SELECT id, age FROM typed WHERE id = 1") == [(1, 31)]
    assert rows(conn, "SELECT age FROM typed WHERE id = 2") == [(41,)]
    e = sql_error(conn, "SELECT * FROM typed")
    assert e.pgcode == "22P02"
    assert e.diag.message_primary == (
        'invalid input syntax for type integer: "old" (column "age" of document "%s")'
        % doc_path(server, "typed", 3))
    assert sql_error(conn, "SELECT id FROM typed WHERE id = 3").pgcode == "22P02"
    assert sql_error(conn, "UPDATE typed SET name = 'z'").pgcode == "22P02"
    assert read_json(doc_path(server, "typed", 3))["age"] == "old"  # never rewritten
    # A hand fix of the document fixes the queries.
    sed(r's/"old"/"7"/', doc_path(server, "typed", 3))
    assert rows(conn, "SELECT id, age FROM typed ORDER BY id") == [(1, 31), (2, 41), (3, 7)]
    # Out of range: 22003, for that row only.
    shell("echo '{\"id\": 3, \"name\": \"cy\", \"age\": 1e10}' > %s" % doc_path(server, "typed", 3))
    e = sql_error(conn, "SELECT age FROM typed WHERE id = 3")
    assert e.pgcode in ("22P02", "22003")
    assert '(column "age" of document "%s")' % doc_path(server, "typed", 3) in str(e)
    assert rows(conn, "SELECT age FROM typed WHERE id = 1") == [(31,)]


def test_object_in_a_scalar_column_is_xx001(server, conn):
    make_people(conn, "shaped")
    write_in_place(doc_path(server, "shaped", 2), '{"id": 2, "name": {"first": "bob"}}\n')
    e = sql_error(conn, "SELECT * FROM shaped")
    assert e.pgcode == "XX001"
    assert doc_path(server, "shaped", 2) in str(e) and '"name"' in str(e) and "line 1" in str(e)
    assert rows(conn, "SELECT name FROM shaped WHERE id = 1") == [("ann",)]


# --- broken schema files ---------------------------------------------------------------------


def test_broken_schema_file_keeps_the_last_valid_version(server, conn):
    make_people(conn, "fragile")
    assert warnings(conn) == []
    path = schema_path(server, "fragile")
    with open(path) as f:
        valid = f.read()
    shell("echo '{\"name\": \"fragile\", \"columns\": [}' > %s" % path)
    expected = ('schema file "%s" is broken, using the last valid version: invalid schema file'
                % path)
    # Writes go on under the last valid version, each statement with its warning.
    cur = conn.cursor()
    cur.execute("INSERT INTO fragile VALUES (4, 'dee', 5)")
    cur.execute("UPDATE fragile SET age = age + 1 WHERE id = 4")
    assert read_json(doc_path(server, "fragile", 4)) == {"id": 4, "name": "dee", "age": 6}
    cur.execute("DELETE FROM fragile WHERE id = 4")
    found = warnings(conn)
    assert len(found) == 3, found
    assert all(expected in w for w in found), found
    # Reads too.
    assert rows(conn, "SELECT name FROM fragile WHERE id = 2") == [("bob",)]
    found = warnings(conn)
    assert len(found) == 1 and expected in found[0], found
    assert expected in server.read_log()
    # Fixed: no more warnings.
    write_in_place(path, valid)
    assert rows(conn, "SELECT id FROM fragile ORDER BY id") == [(1,), (2,), (3,)]
    conn.cursor().execute("UPDATE fragile SET age = 1 WHERE id = 1")
    assert warnings(conn) == []


def test_schema_file_broken_from_the_start_is_xx001(server, conn):
    os.makedirs(os.path.dirname(schema_path(server, "never")), exist_ok=True)
    write_in_place(schema_path(server, "never"), '{"name": "never", "columns": [{"name": 1}]}\n')
    e = sql_error(conn, "SELECT * FROM never")
    assert e.pgcode == "XX001"
    assert 'invalid schema file "%s"' % schema_path(server, "never") in str(e)


def test_processes_started_while_a_schema_file_is_broken_use_the_kept_version():
    """A worker or a whole server started after the file broke never saw a valid version in
    memory; the coordinator keeps the last valid one under .smarterbase/ for them."""
    with Server() as s:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        make_people(c, "kept")
        edit_schema(s, "kept", lambda schema: schema["columns"].append(
            {"name": "nick", "type": "text"}))
        c.cursor().execute("INSERT INTO kept VALUES (4, 'dee', 5, 'd')")  # the writer reads it
        c.close()
        path = schema_path(s, "kept")
        with open(path) as f:
            valid = f.read()
        shell("echo '{\"name\": \"kept\", \"columns\": [' > %s" % path)
        s.stop()
        s.start()
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        assert columns(c, "SELECT * FROM kept WHERE id = 4") == ["id", "name", "age", "nick"]
        assert rows(c, "SELECT nick FROM kept WHERE id = 4") == [("d",)]
        c.cursor().execute("INSERT INTO kept VALUES (5, 'eve', 6, 'e')")
        found = warnings(c)
        assert found and all("using the last valid version" in w for w in found), found
        write_in_place(path, valid)
        assert rows(c, "SELECT id FROM kept ORDER BY id") == [(1,), (2,), (3,), (4,), (5,)]
        assert warnings(c) == []
        # A dropped table's kept version goes with it: broken from the start again is XX001.
        c.cursor().execute("DROP TABLE kept")
        assert sql_error(c, "SELECT * FROM kept").pgcode == "42P01"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_in_place(path, '{"name": "kept", "columns": [')
        assert sql_error(c, "SELECT * FROM kept").pgcode == "XX001"
        c.close()


# --- half-written files ----------------------------------------------------------------------


def hammer(path, versions, stop):
    """Saves `path` by truncate-and-write until `stop` is set, as an editor saving every few
    milliseconds. (Without any pause the file would be empty nearly all the time: on ext4 an
    open with O_TRUNC takes about 2 ms, and no reader can tell that from a file left empty.)"""
    n = 0
    while not stop.is_set():
        write_in_place(path, versions[n % len(versions)])
        n += 1
        stop.wait(0.003)


def test_document_rewritten_in_place_is_never_reported(server, conn):
    make_people(conn, "busy")
    versions = [json.dumps({"id": 2, "name": "bob" * k, "age": k}, indent=2) + "\n"
                for k in range(1, 4)]
    stop = threading.Event()
    writer = threading.Thread(target=hammer, args=(doc_path(server, "busy", 2), versions, stop))
    writer.start()
    seen = set()
    try:
        cur = conn.cursor()
        for _ in range(500):
            cur.execute("SELECT name, age FROM busy WHERE id = 2")
            seen.update(cur.fetchall())
    finally:
        stop.set()
        writer.join()
    # ("bob", 41) is the row as inserted, read before the writer's first save.
    assert seen <= {("bob" * k, k) for k in range(1, 4)} | {("bob", 41)}, seen
    assert len(seen - {("bob", 41)}) > 1  # the edits were seen


def test_schema_rewritten_in_place_is_never_reported(server, conn):
    make_people(conn, "busyschema")
    path = schema_path(server, "busyschema")
    with open(path) as f:
        valid = f.read()
    stop = threading.Event()
    writer = threading.Thread(target=hammer, args=(path, [valid], stop))
    writer.start()
    try:
        cur = conn.cursor()
        for n in range(200):
            cur.execute("UPDATE busyschema SET age = %s WHERE id = 2", (n,))
            cur.execute("SELECT age FROM busyschema WHERE id = 2")
            assert cur.fetchall() == [(n,)]
    finally:
        stop.set()
        writer.join()
    # Never taken for a broken file: no warning, nothing in the log.
    assert warnings(conn) == []
    assert path not in server.read_log()


def test_document_rewritten_by_shell_redirection(server, conn):
    make_people(conn, "redirected")
    path = doc_path(server, "redirected", 1)
    stop = threading.Event()

    def redirect():
        n = 0
        while not stop.is_set():
            shell("echo '{\"id\": 1, \"name\": \"ann\", \"age\": %d}' > %s" % (n % 3, path))
            n += 1

    writer = threading.Thread(target=redirect)
    writer.start()
    try:
        cur = conn.cursor()
        for _ in range(100):
            cur.execute("SELECT age FROM redirected WHERE id = 1")
            assert cur.fetchall()[0][0] in (0, 1, 2, 30)
    finally:
        stop.set()
        writer.join()
