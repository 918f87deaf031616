"""smarterbase-ctl check: a data directory made through a real client is clean (exit 0); files
broken by hand are each reported by path (exit 1). Temp, editor and hidden files are ignored,
as the server ignores them."""
import os
import subprocess

import psycopg2
import pytest

from sbserver import BUILD_DIR, Server

CTL = os.path.join(BUILD_DIR, "smarterbase-ctl")


def check(server, *args):
    return subprocess.run([CTL, "check", "--config", server.config_path, "--data", server.data]
                          + list(args), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        for db in ("postgres", "app"):
            conn = psycopg2.connect(s.dsn(dbname=db))
            conn.autocommit = True
            cur = conn.cursor()
            cur.execute("CREATE TABLE users (id serial PRIMARY KEY, name text, age int)")
            cur.execute("INSERT INTO users (name, age) VALUES ('ann', 30), ('bob', NULL), "
                        "(E'tab\\there', 7)")
            cur.execute("CREATE TABLE log (line text)")  # hidden row key
            cur.execute("INSERT INTO log VALUES ('a'), ('b')")
            cur.execute("CREATE TABLE pairs (a int, b text, PRIMARY KEY (a, b))")
            cur.execute("INSERT INTO pairs VALUES (1, 'x,y'), (2, 'Ü')")
            conn.close()
        yield s


def users_dir(server, db="postgres"):
    return os.path.join(server.data, db, "users")


def test_clean_directory_of_a_running_server(server):
    # Editor and temp files beside the documents are not data.
    for name in (".1.json.swp", "1.json~", ".1.json.4242.7.tmp", "#1.json#", "notes.txt"):
        with open(os.path.join(users_dir(server), name), "w") as f:
            f.write("{ not json")
    os.makedirs(os.path.join(server.data, "postgres", ".git"), exist_ok=True)
    result = check(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "check: 2 databases, 6 tables, 14 documents: no problems\n"
    one = check(server, "--database", "app")
    assert one.returncode == 0
    assert one.stdout == "check: 1 database, 3 tables, 7 documents: no problems\n"


def test_unknown_database(server):
    result = check(server, "--database", "nope")
    assert result.returncode == 1
    assert 'database "nope" does not exist' in result.stderr


def test_hand_broken_files_are_each_reported(server):
    server.stop()  # the files are broken by hand, as on a stopped server
    db = os.path.join(server.data, "postgres")
    broken = {}

    def write(relative, text, expect):
        path = os.path.join(db, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        broken[path] = expect

    write("users/2.json", '{"id": 2, "name": "bob", ', "invalid JSON")
    write("users/3.json", '{"id": 3, "name": "x", "age": "old"}\n', 'column "age"')
    write("users/007.json", '{"id": 7, "name": "seven"}\n', '"7.json"')
    write("users/8.json", '{"id": 9, "name": "nine"}\n', "disagree with its file name")
    write("_schema/Users.json", '{"name": "Users", "columns": []}\n', "%55sers.json")
    write("_schema/bad.json",
          '{"name": "bad", "columns": [{"name": "a", "type": "int", "uniqe": true}]}\n',
          'unknown key "uniqe"')
    write("_seq/users_id_seq.json", '{"last_value": "three"}\n', "not an integer")
    orphan = os.path.join(db, "orphan")
    os.makedirs(orphan)
    with open(os.path.join(orphan, "1.json"), "w") as f:
        f.write("{}\n")
    broken[orphan] = "no schema file"

    result = check(server)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    for path, expect in broken.items():
        mine = [line for line in lines if line.startswith("error: %s: " % path)]
        assert mine, (path, result.stdout)
        assert any(expect in line for line in mine), (path, expect, mine)
    # Only the files broken here are reported; the other database is still clean.
    assert len([line for line in lines if line.startswith("error: ")]) == len(broken)
    assert lines[-1] == "check: 2 databases, 6 tables, 16 documents: 8 problems"
    assert check(server, "--database", "app").returncode == 0
