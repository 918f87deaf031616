"""smarterbase-ctl rebuild-indexes and the index half of check: snapshots of tables made through
a real client are written offline in the documented format, unchanged files are left alone,
check compares them with the documents (errors when the server is stopped, warnings while it
runs) and reports a unique value that two documents hold after a hand edit, naming both."""
import fcntl
import json
import os
import socket
import subprocess
import threading

import psycopg2
import pytest

from sbserver import BUILD_DIR, Server

CTL = os.path.join(BUILD_DIR, "smarterbase-ctl")


def ctl(server, command, *args):
    return subprocess.run([CTL, command, "--config", server.config_path, "--data", server.data]
                          + list(args), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        conn = psycopg2.connect(s.dsn())
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE, role text, "
                    "team text)")
        cur.execute("CREATE INDEX idx_role ON users (role)")
        cur.execute("CREATE UNIQUE INDEX users_team_role ON users (team, role)")
        cur.execute("INSERT INTO users (email, role, team) VALUES ('ann@x', 'admin', 'red'), "
                    "('bob@x', 'user', 'red'), ('cy@x', 'user', 'blue'), (NULL, 'user', NULL)")
        cur.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)")  # primary key only
        cur.execute("INSERT INTO notes VALUES (1, 'x')")
        conn.close()
        conn = psycopg2.connect(s.dsn(dbname="app"))
        conn.autocommit = True
        conn.cursor().execute("CREATE TABLE tags (name text PRIMARY KEY, n int UNIQUE)")
        conn.cursor().execute("INSERT INTO tags VALUES ('a', 2), ('b', 1)")
        conn.close()
        yield s


def idx(server, relative, db="postgres"):
    return os.path.join(server.data, db, "_idx", relative)


def read(path):
    with open(path) as f:
        return f.read()


def error_lines(result):
    return [line for line in result.stdout.splitlines() if line.startswith("error: ")]


def test_offline_rebuild_writes_the_documented_format(server):
    server.stop()
    result = ctl(server, "rebuild-indexes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "database app:",
        "table tags: 2 rows, 1 indexes",
        "database postgres:",
        "table notes: 1 rows, 0 indexes",
        "table users: 4 rows, 3 indexes",
    ]
    assert read(idx(server, "users/users_email_key.json")) == (
        '{\n  "ann@x": "1",\n  "bob@x": "2",\n  "cy@x": "3"\n}\n')
    assert read(idx(server, "users/users_team_role.json")) == (
        '{\n  "blue,user": "3",\n  "red,admin": "1",\n  "red,user": "2"\n}\n')
    assert sorted(os.listdir(idx(server, "users/idx_role"))) == ["admin.json", "user.json"]
    assert read(idx(server, "users/idx_role/admin.json")) == '["1"]\n'
    assert read(idx(server, "users/idx_role/user.json")) == '["2", "3", "4"]\n'
    assert sorted(os.listdir(idx(server, "users"))) == [
        "idx_role", "users_email_key.json", "users_team_role.json"]
    assert not os.path.exists(idx(server, "notes"))  # the folder listing is the primary key
    # Index order, not text order: 1 before 2.
    assert read(idx(server, "tags/tags_n_key.json", db="app")) == '{\n  "1": "b",\n  "2": "a"\n}\n'


def test_a_second_rebuild_rewrites_nothing(server):
    paths = [idx(server, "users/users_email_key.json"), idx(server, "users/idx_role/user.json")]
    before = [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in paths]
    result = ctl(server, "rebuild-indexes", "--database", "postgres", "--table", "users")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "table users: 4 rows, 3 indexes\n"
    assert [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in paths] == before


def test_check_is_clean_after_a_rebuild(server):
    result = ctl(server, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "check: 2 databases, 3 tables, 7 documents: no problems\n"


def test_deleted_snapshot_files_are_reported_when_stopped(server):
    os.remove(idx(server, "users/idx_role/user.json"))
    os.remove(idx(server, "users/users_email_key.json"))
    os.makedirs(idx(server, "gone"))  # a table that does not exist
    result = ctl(server, "check")
    assert result.returncode == 1, result.stdout
    errors = error_lines(result)
    assert "error: %s: missing: documents [\"2\", \"3\", \"4\"] have this value of index " \
           "\"idx_role\"" % idx(server, "users/idx_role/user.json") in errors, result.stdout
    assert "error: %s: the snapshot of index \"users_email_key\" is missing" \
           % idx(server, "users/users_email_key.json") in errors, result.stdout
    assert "error: %s: index snapshots of a table that has no schema file" \
           % idx(server, "gone") in errors, result.stdout
    assert len(errors) == 3, result.stdout
    os.rmdir(idx(server, "gone"))
    assert ctl(server, "rebuild-indexes").returncode == 0
    assert ctl(server, "check").returncode == 0


def test_stale_and_unknown_snapshot_entries_are_reported(server):
    path = idx(server, "users/users_email_key.json")
    with open(path, "w") as f:
        f.write('{\n  "ann@x": "2",\n  "bob@x": "2",\n  "zoe@x": "9"\n}\n')
    with open(idx(server, "users/idx_role/ghost.json"), "w") as f:
        f.write('["7"]\n')
    with open(idx(server, "users/old_index.json"), "w") as f:
        f.write('{}\n')
    result = ctl(server, "check")
    assert result.returncode == 1, result.stdout
    errors = error_lines(result)
    assert 'error: %s: entry "ann@x" names "2", the documents say "1"' % path in errors
    assert 'error: %s: missing entry "cy@x": "3"' % path in errors
    assert 'error: %s: extra entry "zoe@x": "9" (no document has this value)' % path in errors
    assert ('error: %s: no document has this value of index "idx_role" (the file lists ["7"])'
            % idx(server, "users/idx_role/ghost.json")) in errors
    assert ('error: %s: not the snapshot of any index of table "users"'
            % idx(server, "users/old_index.json")) in errors
    assert len(errors) == 5, result.stdout
    # A malformed snapshot is one clear error naming the file and the place.
    with open(path, "w") as f:
        f.write('{"ann@x": 1}\n')
    result = ctl(server, "check", "--database", "postgres")
    assert ("error: %s: expected a row key string, found a number at line 1, column 11" % path
            in error_lines(result)), result.stdout
    # rebuild-indexes puts everything right, including the stale files.
    assert ctl(server, "rebuild-indexes").returncode == 0
    assert not os.path.exists(idx(server, "users/idx_role/ghost.json"))
    assert not os.path.exists(idx(server, "users/old_index.json"))
    assert ctl(server, "check").returncode == 0


def test_a_hand_edited_duplicate_unique_value_names_both_files(server):
    first = os.path.join(server.data, "postgres", "users", "1.json")
    third = os.path.join(server.data, "postgres", "users", "3.json")
    original = read(third)
    doc = json.loads(original)
    doc["email"] = "ann@x"
    with open(third, "w") as f:
        json.dump(doc, f)
    try:
        result = ctl(server, "check")
        assert result.returncode == 1, result.stdout
        duplicate = ('error: %s: duplicate key (email)=(ann@x) in unique index "users_email_key": '
                     'document "%s" has the same value' % (first, third))
        assert duplicate in error_lines(result), result.stdout
        # Offline rebuild still writes the snapshot (both rows hold the value) and says why
        # it exits 1.
        result = ctl(server, "rebuild-indexes", "--database", "postgres")
        assert result.returncode == 1, result.stdout
        assert duplicate in error_lines(result), result.stdout
        assert "table users: 4 rows, 3 indexes" in result.stdout.splitlines()
        assert read(idx(server, "users/users_email_key.json")) == (
            '{\n  "ann@x": ["1", "3"],\n  "bob@x": "2"\n}\n')
    finally:
        with open(third, "w") as f:
            f.write(original)
    assert ctl(server, "rebuild-indexes").returncode == 0
    assert ctl(server, "check").returncode == 0


def test_broken_documents_are_reported_and_left_out(server):
    broken = os.path.join(server.data, "postgres", "users", "9.json")
    with open(broken, "w") as f:
        f.write('{"id": 9, "email": ')
    try:
        result = ctl(server, "rebuild-indexes", "--table", "users")
        assert result.returncode == 1, result.stdout
        assert any(line.startswith("error: %s: invalid JSON" % broken)
                   for line in error_lines(result)), result.stdout
        assert "table users: 4 rows, 3 indexes" in result.stdout.splitlines()
    finally:
        os.remove(broken)


def test_usage_and_unknown_names(server):
    result = ctl(server, "rebuild-indexes", "--table", "nope")
    assert result.returncode == 1
    assert 'table "nope" does not exist' in result.stderr
    result = ctl(server, "rebuild-indexes", "--database", "nope")
    assert result.returncode == 1
    assert 'database "nope" does not exist' in result.stderr
    result = ctl(server, "rebuild-indexes", "--ddl-only")
    assert result.returncode == 2
    result = ctl(server, "rebuild-indexes", "--table")
    assert result.returncode == 2


class StandInServer:
    """Holds the data directory lock and answers on the admin socket as a server would, so the
    client side of rebuild-indexes is tested independently of the coordinator's handler."""

    def __init__(self, data, replies):
        self.lock = open(os.path.join(data, ".smarterbase", "lock"), "a+")
        fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.path = os.path.join(data, ".smarterbase", "admin.sock")
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.bind(self.path)
        self.sock.listen(8)
        self.replies = list(replies)
        self.requests = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        for reply in self.replies:
            conn, _ = self.sock.accept()
            with conn:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                self.requests.append(data.decode())
                conn.sendall(reply.encode())

    def close(self):
        self.thread.join(10)
        self.sock.close()
        os.remove(self.path)
        self.lock.close()


def test_with_a_server_running_each_table_is_sent_over_the_admin_socket(server):
    stand_in = StandInServer(server.data, ["table notes: 1 rows, 0 indexes\nexit 0\n",
                                           "error: it broke\nexit 1\n"])
    try:
        result = ctl(server, "rebuild-indexes", "--database", "postgres")
    finally:
        stand_in.close()
    assert stand_in.requests == ["rebuild-indexes postgres notes\n",
                                 "rebuild-indexes postgres users\n"]
    assert result.stdout == "table notes: 1 rows, 0 indexes\nerror: it broke\n"
    assert result.returncode == 1
    # Names travel percent-encoded, one request per table.
    stand_in = StandInServer(server.data, ["exit 0\n"])
    try:
        result = ctl(server, "rebuild-indexes", "--table", "tags")
    finally:
        stand_in.close()
    assert stand_in.requests == ["rebuild-indexes app tags\n"]
    assert result.returncode == 0 and result.stdout == "database app:\n", result.stdout
    # A server that holds the lock but does not answer.
    lock = open(os.path.join(server.data, ".smarterbase", "lock"), "a+")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        result = ctl(server, "rebuild-indexes", "--table", "tags")
    finally:
        lock.close()
    assert result.returncode == 1
    assert "a server is running on data directory" in result.stderr
    assert "admin.sock" in result.stderr


def test_check_on_a_running_server_reports_snapshot_lag_as_warnings(server):
    server.start()
    os.makedirs(idx(server, "gone"))  # no server rewrites this one
    try:
        result = ctl(server, "check")
        assert result.returncode == 0, result.stdout + result.stderr
        assert error_lines(result) == [], result.stdout
        assert "warning: %s: index snapshots of a table that has no schema file" \
               % idx(server, "gone") in result.stdout.splitlines()
    finally:
        os.rmdir(idx(server, "gone"))


def test_rebuild_on_a_running_server_goes_through_the_admin_socket(server):
    if server.proc.poll() is not None:
        server.start()
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    conn.cursor().execute("INSERT INTO users (email, role, team) VALUES ('dan@x', 'admin', 'blue')")
    conn.close()
    result = ctl(server, "rebuild-indexes", "--database", "postgres", "--table", "users")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "table users: 5 rows, 3 indexes\n"
    assert read(idx(server, "users/idx_role/admin.json")) == '["1", "5"]\n'
    result = ctl(server, "check")
    assert result.returncode == 0 and "warning" not in result.stdout, result.stdout
