"""Documents edited by hand while the server runs: a primary-key read sees the file at once,
index look-ups (and UNIQUE checks) within a second; `git checkout` of the data folder ends in
exactly the state on disk."""
import json
import os
import signal
import subprocess

import psycopg2
import pytest

from sbserver import Server, wait_for


@pytest.fixture()
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def tdir(server, table):
    return os.path.join(server.data, "postgres", table)


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)


def query(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    return cur.fetchall()


def test_edit_create_rename_and_delete_are_seen_by_index_lookups(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE he (id int PRIMARY KEY, email text UNIQUE, role text)")
    cur.execute("CREATE INDEX he_role ON he (role)")
    cur.execute("INSERT INTO he VALUES (1, 'a@x', 'admin'), (2, 'b@x', 'user')")
    d = tdir(server, "he")

    # In-place rewrite (Python), new values.
    write(os.path.join(d, "1.json"), {"id": 1, "email": "a2@x", "role": "user"})
    assert query(conn, "SELECT email FROM he WHERE id = 1") == [("a2@x",)]  # a file read: at once
    assert wait_for(lambda: query(conn, "SELECT id FROM he WHERE email = 'a2@x'") == [(1,)])
    assert query(conn, "SELECT id FROM he WHERE email = 'a@x'") == []
    assert wait_for(lambda: query(conn, "SELECT id FROM he WHERE role = 'user' ORDER BY id")
                    == [(1,), (2,)])
    # The old unique value is free again, the new one is taken.
    assert wait_for(lambda: _insert_ok(conn, "INSERT INTO he VALUES (10, 'a@x', 'x')"))
    with pytest.raises(psycopg2.errors.UniqueViolation):
        cur.execute("INSERT INTO he VALUES (11, 'a2@x', 'x')")

    # A new document created with shell redirection.
    subprocess.run(["bash", "-c", "echo '{\"id\": 3, \"email\": \"c@x\", \"role\": \"guest\"}' > "
                    + os.path.join(d, "3.json")], check=True)
    assert query(conn, "SELECT email FROM he WHERE id = 3") == [("c@x",)]
    assert wait_for(lambda: query(conn, "SELECT id FROM he WHERE role = 'guest'") == [(3,)])
    with pytest.raises(psycopg2.errors.UniqueViolation):
        wait_for(lambda: False, 0.3)
        cur.execute("INSERT INTO he VALUES (12, 'c@x', 'x')")

    # sed -i (writes a temp file and renames it over the document).
    subprocess.run(["sed", "-i", "s/guest/staff/", os.path.join(d, "3.json")], check=True)
    assert wait_for(lambda: query(conn, "SELECT id FROM he WHERE role = 'staff'") == [(3,)])
    assert query(conn, "SELECT id FROM he WHERE role = 'guest'") == []

    # mv of a temp file into place.
    tmp = os.path.join(d, "draft.txt")
    write(tmp, {"id": 4, "email": "d@x", "role": "staff"})
    os.rename(tmp, os.path.join(d, "4.json"))
    assert wait_for(lambda: query(conn, "SELECT id FROM he WHERE role = 'staff' ORDER BY id")
                    == [(3,), (4,)])

    # rm: gone from look-ups, and its unique value is free.
    os.remove(os.path.join(d, "2.json"))
    assert query(conn, "SELECT id FROM he WHERE id = 2") == []
    assert wait_for(lambda: _insert_ok(conn, "INSERT INTO he VALUES (20, 'b@x', 'user')"))
    # ORDER BY <pk> LIMIT through the index follows the files too.
    assert wait_for(lambda: query(conn, "SELECT id FROM he ORDER BY id LIMIT 3")
                    == [(1,), (3,), (4,)])


def _insert_ok(conn, sql):
    try:
        conn.cursor().execute(sql)
        return True
    except psycopg2.errors.UniqueViolation:
        return False


def test_a_server_write_starts_from_the_files_current_content(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE he2 (id int PRIMARY KEY, n int, note text)")
    cur.execute("INSERT INTO he2 VALUES (1, 1, 'server')")
    write(os.path.join(tdir(server, "he2"), "1.json"), {"id": 1, "n": 41, "note": "by hand"})
    cur.execute("UPDATE he2 SET n = n + 1 WHERE id = 1 RETURNING n, note")
    assert cur.fetchall() == [(42, "by hand")]


def test_a_unique_check_sees_a_hand_edit_that_finished_before_the_write(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE he3 (id int PRIMARY KEY, email text UNIQUE)")
    cur.execute("INSERT INTO he3 VALUES (1, 'a')")
    for i in range(2, 40):
        # No waiting: the write itself must catch up with the edit just made.
        write(os.path.join(tdir(server, "he3"), "%d.json" % i), {"id": i, "email": "e%d" % i})
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO he3 VALUES (%s, %s)", (1000 + i, "e%d" % i))
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("UPDATE he3 SET email = %s WHERE id = 1", ("e%d" % i,))
    cur.execute("SELECT id FROM he3")
    assert len(cur.fetchall()) == 39


def test_git_checkout_of_the_data_folder_is_served_without_restart():
    with Server() as s:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("CREATE TABLE g (id int PRIMARY KEY, email text UNIQUE, grp int)")
        cur.execute("CREATE INDEX g_grp ON g (grp)")
        cur.executemany("INSERT INTO g VALUES (%s, %s, %s)",
                        [(i, "v1-%d" % i, i % 5) for i in range(1, 301)])
        git = ["git", "-C", s.data, "-c", "user.name=t", "-c", "user.email=t@t"]
        subprocess.run(["git", "init", "-q", s.data], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", "v1"], check=True)
        # Version 2: rows changed, deleted and added, a new table.
        cur.execute("UPDATE g SET email = 'v2-' || id, grp = grp + 10 WHERE id <= 200")
        cur.execute("DELETE FROM g WHERE id > 250")
        cur.executemany("INSERT INTO g VALUES (%s, %s, %s)",
                        [(i, "v2-%d" % i, 99) for i in range(1000, 1100)])
        cur.execute("CREATE TABLE extra (id int PRIMARY KEY)")
        cur.execute("INSERT INTO extra VALUES (1)")
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", "v2"], check=True)

        subprocess.run(git + ["checkout", "-q", "HEAD~1"], check=True)  # back to v1, live
        assert wait_for(lambda: len(query(c, "SELECT id FROM g WHERE grp = 2")) == 60, 3)
        assert wait_for(lambda: query(c, "SELECT id FROM g WHERE email = 'v1-7'") == [(7,)], 3)
        assert query(c, "SELECT id FROM g WHERE email = 'v2-7'") == []
        assert query(c, "SELECT id FROM g WHERE grp = 99") == []
        assert query(c, "SELECT id FROM g ORDER BY id DESC LIMIT 2") == [(300,), (299,)]
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("SELECT * FROM extra")
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO g VALUES (5000, 'v1-300', 1)")

        subprocess.run(git + ["checkout", "-q", "-"], check=True)  # and forward to v2
        assert wait_for(lambda: len(query(c, "SELECT id FROM g WHERE grp = 99")) == 100, 3)
        assert wait_for(lambda: query(c, "SELECT id FROM g WHERE email = 'v2-7'") == [(7,)], 3)
        assert query(c, "SELECT id FROM extra") == [(1,)]
        c.close()
        ctl = os.path.join(os.path.dirname(s.args[0]), "smarterbase-ctl")
        check = subprocess.run([ctl, "check", "--data", s.data, "--config", s.config_path],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


QUEUE_LIMIT = "/proc/sys/fs/inotify/max_queued_events"


def _set_queue_limit(value):
    try:
        with open(QUEUE_LIMIT, "w") as f:
            f.write(str(value))
        return True
    except OSError:
        return False


def start_with_queue_limit(limit):
    """A server whose inotify queue holds `limit` events, where the system lets us lower it.
    Returns (server, whether it was lowered, the system's own limit)."""
    with open(QUEUE_LIMIT) as f:
        original = int(f.read())
    # The limit is taken when the server creates its inotify instance: lower it just for that.
    lowered = _set_queue_limit(limit)
    try:
        return Server().start(), lowered, original
    finally:
        if lowered:
            _set_queue_limit(original)


def test_an_inotify_queue_overflow_rescans_and_misses_nothing():
    s, lowered, original = start_with_queue_limit(64)
    try:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        c.cursor().execute("CREATE TABLE burst (id int PRIMARY KEY, email text UNIQUE)")
        d = os.path.join(s.data, "postgres", "burst")
        # Each new file queues at least two events (create, close). The coordinator is held
        # still while the burst is written so that the queue overflows whatever the machine's
        # speed; without the knob the burst must outgrow the system's default limit.
        queue = 64 if lowered else original
        if queue > 100000:
            pytest.skip("cannot lower max_queued_events and the system limit is too large to fill")
        count = queue // 2 + 200
        # The folder's watch is in place once a hand-written row is found by its index.
        with open(os.path.join(d, "0.json"), "w") as f:
            f.write('{"id": 0, "email": "b0"}\n')
        assert wait_for(lambda: query(c, "SELECT id FROM burst WHERE email = 'b0'") == [(0,)], 5)
        s.proc.send_signal(signal.SIGSTOP)
        try:
            for i in range(1, count + 1):
                with open(os.path.join(d, "%d.json" % i), "w") as f:
                    f.write('{"id": %d, "email": "b%d"}\n' % (i, i))
        finally:
            s.proc.send_signal(signal.SIGCONT)
        assert wait_for(lambda: query(c, "SELECT id FROM burst WHERE email = %s",
                                      ("b%d" % count,)) == [(count,)], 20)
        assert wait_for(lambda: all(query(c, "SELECT id FROM burst WHERE email = %s", ("b%d" % i,))
                                    == [(i,)] for i in (1, count // 2, count - 1)), 20)
        assert "rescanning the data directory" in s.read_log()
        c.close()
    finally:
        s.close()


def test_a_bulk_insert_does_not_overflow_the_watchers_queue():
    """Every file the server writes queues inotify events (its own, then ignored); a big
    INSERT must not overflow the queue and force a rescan of the data directory."""
    s, lowered, _ = start_with_queue_limit(4096)  # ~800 files' worth of events
    try:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("CREATE TABLE bulk (id int PRIMARY KEY, email text UNIQUE)")
        cur.execute("INSERT INTO bulk VALUES " +
                    ", ".join("(%d, 'b%d')" % (i, i) for i in range(1, 5001)))
        cur.execute("UPDATE bulk SET email = 'c' || id")
        assert query(c, "SELECT id FROM bulk WHERE email = 'c4999'") == [(4999,)]
        c.close()
        assert "rescanning" not in s.read_log()
    finally:
        s.close()


def test_git_stash_and_pop_of_uncommitted_changes():
    with Server() as s:
        c = psycopg2.connect(s.dsn())
        c.autocommit = True
        cur = c.cursor()
        cur.execute("CREATE TABLE st (id int PRIMARY KEY, email text UNIQUE)")
        cur.executemany("INSERT INTO st VALUES (%s, %s)", [(i, "a%d" % i) for i in range(1, 51)])
        git = ["git", "-C", s.data, "-c", "user.name=t", "-c", "user.email=t@t"]
        subprocess.run(["git", "init", "-q", s.data], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", "base"], check=True)
        cur.execute("UPDATE st SET email = 'b' || id WHERE id <= 25")
        cur.execute("DELETE FROM st WHERE id > 45")
        subprocess.run(git + ["stash", "-q"], check=True)  # the committed state comes back
        assert wait_for(lambda: query(c, "SELECT id FROM st WHERE email = 'a3'") == [(3,)], 3)
        assert wait_for(lambda: query(c, "SELECT id FROM st WHERE email = 'a50'") == [(50,)], 3)
        assert query(c, "SELECT id FROM st WHERE email = 'b3'") == []
        subprocess.run(git + ["stash", "pop", "-q"], check=True)  # and the changes again
        assert wait_for(lambda: query(c, "SELECT id FROM st WHERE email = 'b3'") == [(3,)], 3)
        assert wait_for(lambda: query(c, "SELECT id FROM st ORDER BY id DESC LIMIT 1")
                        == [(45,)], 3)
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO st VALUES (100, 'b7')")
        c.close()
