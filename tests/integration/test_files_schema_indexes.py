"""Indexes declared by editing a schema file while the server runs: `"unique": true` on a
column or a new `indexes` entry is built in the background (logged when ready) while writes go
on; writes made meanwhile are in the finished index; duplicates a new unique index finds are
reported (log, `smarterbase-ctl check`, 23505 on the next conflicting write), never fatal."""
import json
import os
import subprocess

import psycopg2
import psycopg2.errors
import pytest

from sbserver import wait_for


@pytest.fixture()
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def schema_path(server, table):
    return os.path.join(server.data, "postgres", "_schema", table + ".json")


def edit_schema(server, table, change):
    path = schema_path(server, table)
    with open(path) as f:
        schema = json.load(f)
    change(schema)
    with open(path + ".tmp", "w") as f:
        json.dump(schema, f, indent=2)
    os.rename(path + ".tmp", path)  # as an editor that saves by rename


def column(schema, name):
    return next(c for c in schema["columns"] if c["name"] == name)


def ready_count(server, table):
    return server.read_log().count('table "%s" of database "postgres": index' % table)


def check(server):
    ctl = os.path.join(os.path.dirname(server.args[0]), "smarterbase-ctl")
    return subprocess.run([ctl, "check", "--data", server.data, "--config", server.config_path],
                          capture_output=True, text=True)


def ids(cur, sql, args=()):
    cur.execute(sql, args)
    return sorted(r[0] for r in cur.fetchall())


def test_indexes_added_by_hand_are_built_while_writes_go_on(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE si (id int PRIMARY KEY, email text, grp int)")
    rows = ", ".join("(%d, 'e%d', %d)" % (i, i, i % 7) for i in range(1, 3001))
    cur.execute("INSERT INTO si VALUES " + rows)
    before = ready_count(server, "si")

    def add(schema):
        column(schema, "email")["unique"] = True
        schema.setdefault("indexes", []).append({"name": "si_grp_idx", "columns": ["grp"]})
    edit_schema(server, "si", add)
    # Writes right after the edit: during the build or after it, they must end up indexed.
    cur.execute("INSERT INTO si VALUES (5000, 'new', 3)")
    cur.execute("UPDATE si SET email = 'moved', grp = 3 WHERE id = 10")
    cur.execute("DELETE FROM si WHERE id = 11")
    assert wait_for(lambda: ready_count(server, "si") > before, 10)
    assert "si_grp_idx" in server.read_log()

    assert ids(cur, "SELECT id FROM si WHERE email = %s", ("new",)) == [5000]
    assert ids(cur, "SELECT id FROM si WHERE email = %s", ("moved",)) == [10]
    assert ids(cur, "SELECT id FROM si WHERE email = %s", ("e10",)) == []
    assert ids(cur, "SELECT id FROM si WHERE email = %s", ("e11",)) == []
    assert ids(cur, "SELECT id FROM si WHERE email = %s", ("e2999",)) == [2999]
    expected = sorted({i for i in range(1, 3001) if i % 7 == 3 and i != 11} | {10, 5000})
    assert ids(cur, "SELECT id FROM si WHERE grp = 3") == expected
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("INSERT INTO si VALUES (5001, 'e42', 0)")
    result = check(server)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_unique_index_over_duplicates_is_reported_not_fatal(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE sd (id int PRIMARY KEY, code text)")
    cur.execute("INSERT INTO sd VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, 'c')")
    before = ready_count(server, "sd")
    edit_schema(server, "sd", lambda schema: column(schema, "code").update(unique=True))
    assert wait_for(lambda: ready_count(server, "sd") > before, 10)
    reported = 'unique index "sd_code_key" of table "sd"'
    assert wait_for(lambda: reported in server.read_log(), 10)
    # Existing rows stay readable; a write adding another 'a' or 'b' is refused, others pass.
    assert ids(cur, "SELECT id FROM sd WHERE code = 'a'") == [1, 3]
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("INSERT INTO sd VALUES (5, 'b')")
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("UPDATE sd SET code = 'a' WHERE id = 4")
    cur.execute("INSERT INTO sd VALUES (6, 'd')")
    result = check(server)
    assert result.returncode != 0
    assert "sd_code_key" in result.stdout + result.stderr
    # Fixing the data by hand (or SQL) clears the report.
    cur.execute("UPDATE sd SET code = 'a3' WHERE id = 3")
    result = check(server)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_index_removed_or_changed_by_hand_follows_the_file(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE sc (id int PRIMARY KEY, a int, b int)")
    cur.execute("CREATE INDEX sc_idx ON sc (a)")
    cur.execute("INSERT INTO sc VALUES (1, 10, 100), (2, 20, 200), (3, 10, 300)")
    before = ready_count(server, "sc")
    edit_schema(server, "sc", lambda schema: schema["indexes"][0].update(columns=["b"]))
    assert wait_for(lambda: ready_count(server, "sc") > before, 10)
    cur.execute("UPDATE sc SET b = 200 WHERE id = 3")
    assert ids(cur, "SELECT id FROM sc WHERE b = 200") == [2, 3]
    assert ids(cur, "SELECT id FROM sc WHERE a = 10") == [1, 3]  # now a scan, same answer
    edit_schema(server, "sc", lambda schema: schema.update(indexes=[]))
    cur.execute("INSERT INTO sc VALUES (4, 10, 200)")
    assert ids(cur, "SELECT id FROM sc WHERE b = 200") == [2, 3, 4]
    result = check(server)
    assert result.returncode == 0, result.stdout + result.stderr
