"""CREATE DATABASE and DROP DATABASE: a database is a folder of the data directory, created and
removed by the coordinator (the single writer). The SQL-level expectations run against
PostgreSQL 15 too (SB_TEST_TARGET=postgres); the checks on disk only against SmarterBase."""
import contextlib
import os
import shutil
import tempfile

import psycopg2
import pytest

from sbserver import Server


def connect(target, db="postgres"):
    conn = psycopg2.connect(target.dsn(dbname="'%s'" % db.replace("'", "\\'")))
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def session(target, db="postgres"):
    """An autocommit connection to `db`, closed at the end (psycopg2's own `with` would run the
    block as a transaction and leave the connection open)."""
    c = connect(target, db)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture()
def conn(target):
    c = connect(target)
    yield c


def folder(target, db):
    """The database's folder, for SmarterBase; None for PostgreSQL."""
    return None if target.is_postgres else os.path.join(target.data, db)


def trash(target):
    return os.path.join(target.data, ".smarterbase", "trash")


def run(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur


def test_create_database_makes_its_folder_and_can_be_used(target, conn):
    cur = run(conn, "CREATE DATABASE shop")
    assert cur.statusmessage == "CREATE DATABASE"
    if not target.is_postgres:
        assert os.path.isdir(folder(target, "shop"))
        assert 'created database "shop"' in target.read_log()
    with session(target, "shop") as other:
        cur = run(other, "SELECT current_database()")
        assert cur.fetchone() == ("shop",)
        run(other, "CREATE TABLE items (id int PRIMARY KEY, label text)")
        run(other, "INSERT INTO items VALUES (1, 'one')")
        assert run(other, "SELECT label FROM items").fetchall() == [("one",)]
    if not target.is_postgres:
        assert os.path.isfile(os.path.join(folder(target, "shop"), "items", "1.json"))


def test_create_existing_database_is_42p04(target, conn):
    run(conn, "CREATE DATABASE twice")
    with pytest.raises(psycopg2.errors.DuplicateDatabase) as info:
        run(conn, "CREATE DATABASE twice")
    assert info.value.pgerror.startswith('ERROR:  database "twice" already exists')
    with pytest.raises(psycopg2.errors.DuplicateDatabase) as info:
        run(conn, "CREATE DATABASE postgres")
    assert 'database "postgres" already exists' in str(info.value)


def test_create_database_options_are_accepted(target, conn):
    run(conn, "CREATE DATABASE with_opts WITH ENCODING 'UTF8' TEMPLATE template0")
    with session(target, "with_opts") as other:
        assert run(other, "SELECT current_database()").fetchone() == ("with_opts",)


def test_create_database_inside_a_transaction_block_is_25001(target):
    c = psycopg2.connect(target.dsn())  # not autocommit: psycopg2 sends BEGIN first
    try:
        with pytest.raises(psycopg2.errors.ActiveSqlTransaction) as info:
            c.cursor().execute("CREATE DATABASE in_block")
        assert "CREATE DATABASE cannot run inside a transaction block" in str(info.value)
        c.rollback()
    finally:
        c.close()
    if not target.is_postgres:
        assert not os.path.exists(folder(target, "in_block"))


@pytest.mark.parametrize("sql", ["SELECT 1; CREATE DATABASE multi",
                                 "CREATE DATABASE multi; SELECT 1",
                                 "CREATE DATABASE multi;;  -- more\n SELECT 1"])
def test_create_database_in_a_multi_statement_query_is_25001(target, conn, sql):
    with pytest.raises(psycopg2.errors.ActiveSqlTransaction) as info:
        run(conn, sql)
    assert "CREATE DATABASE cannot run inside a transaction block" in str(info.value)
    if not target.is_postgres:
        assert not os.path.exists(folder(target, "multi"))


def test_a_lone_statement_with_semicolons_and_comments_is_not_multi(target, conn):
    run(conn, "/* c */ CREATE DATABASE lone_one ; ; -- trailing\n")
    run(conn, "DROP DATABASE lone_one;")


def test_drop_database_removes_the_folder(target, conn):
    run(conn, "CREATE DATABASE doomed")
    with session(target, "doomed") as other:
        run(other, "CREATE TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
        run(other, "INSERT INTO t (v) VALUES ('a'), ('b')")
    cur = run(conn, "DROP DATABASE doomed")
    assert cur.statusmessage == "DROP DATABASE"
    if not target.is_postgres:
        assert not os.path.exists(folder(target, "doomed"))
        # Renamed into the trash, then deleted there: nothing is left behind.
        assert os.listdir(trash(target)) == []
        assert 'dropped database "doomed"' in target.read_log()
    with pytest.raises(psycopg2.errors.InvalidCatalogName):
        run(conn, "DROP DATABASE doomed")


def test_a_recreated_database_starts_empty(target, conn):
    run(conn, "CREATE DATABASE again")
    with session(target, "again") as other:
        run(other, "CREATE TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
        run(other, "INSERT INTO t (v) VALUES ('a'), ('b')")
    run(conn, "DROP DATABASE again")
    run(conn, "CREATE DATABASE again")
    with session(target, "again") as other:
        with pytest.raises(psycopg2.errors.UndefinedTable):
            run(other, "SELECT * FROM t")
        run(other, "CREATE TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
        # Neither the old sequence nor the old UNIQUE values survive the drop.
        cur = run(other, "INSERT INTO t (v) VALUES ('a') RETURNING id")
        assert cur.fetchone() == (1,)
    run(conn, "DROP DATABASE again")


def test_drop_missing_database_is_3d000_and_if_exists_notices(target, conn):
    with pytest.raises(psycopg2.errors.InvalidCatalogName) as info:
        run(conn, "DROP DATABASE never_was")
    assert info.value.pgerror.startswith('ERROR:  database "never_was" does not exist')
    del conn.notices[:]
    cur = run(conn, "DROP DATABASE IF EXISTS never_was")
    assert cur.statusmessage == "DROP DATABASE"
    assert conn.notices == ['NOTICE:  database "never_was" does not exist, skipping\n']
    # IF EXISTS on a database that does exist drops it, without a notice.
    run(conn, "CREATE DATABASE maybe")
    del conn.notices[:]
    run(conn, "DROP DATABASE IF EXISTS maybe")
    assert conn.notices == []
    if not target.is_postgres:
        assert not os.path.exists(folder(target, "maybe"))


def test_drop_the_open_database_is_55006(target, conn):
    run(conn, "CREATE DATABASE mine")
    with session(target, "mine") as own:
        with pytest.raises(psycopg2.errors.ObjectInUse) as info:
            run(own, "DROP DATABASE mine")
        assert info.value.pgerror.startswith("ERROR:  cannot drop the currently open database")
        # Still usable afterwards.
        assert run(own, "SELECT 1").fetchone() == (1,)
    if not target.is_postgres:
        assert os.path.isdir(folder(target, "mine"))
    run(conn, "DROP DATABASE mine")


def test_drop_database_used_by_other_sessions_is_55006_with_a_count(target, conn):
    run(conn, "CREATE DATABASE busy")
    first = connect(target, "busy")
    second = connect(target, "busy")
    try:
        with pytest.raises(psycopg2.errors.ObjectInUse) as info:
            run(conn, "DROP DATABASE busy")
        assert 'database "busy" is being accessed by other users' in str(info.value)
        assert info.value.diag.message_detail == "There are 2 other sessions using the database."
        second.close()
        with pytest.raises(psycopg2.errors.ObjectInUse) as info:
            run(conn, "DROP DATABASE busy")
        assert info.value.diag.message_detail == "There is 1 other session using the database."
        # The sessions were not disturbed.
        assert run(first, "SELECT current_database()").fetchone() == ("busy",)
    finally:
        first.close()
        second.close()
    # A session that just left does not hold the drop up (it waits for it, as PostgreSQL does).
    run(conn, "DROP DATABASE busy")
    if not target.is_postgres:
        assert not os.path.exists(folder(target, "busy"))


def test_drop_database_with_force(target, conn):
    run(conn, "CREATE DATABASE forced")
    cur = run(conn, "DROP DATABASE forced WITH (FORCE)")
    assert cur.statusmessage == "DROP DATABASE"
    run(conn, "CREATE DATABASE forced")
    other = connect(target, "forced")
    try:
        if target.is_postgres:
            run(conn, "DROP DATABASE IF EXISTS forced (FORCE)")
            with pytest.raises(psycopg2.OperationalError):
                run(other, "SELECT 1")
        else:
            # SmarterBase cannot end another worker's session yet: refused, nothing dropped.
            with pytest.raises(psycopg2.errors.FeatureNotSupported) as info:
                run(conn, "DROP DATABASE IF EXISTS forced (FORCE)")
            assert "cannot terminate other sessions" in str(info.value)
            assert info.value.diag.message_detail == "There is 1 other session using the database."
            assert os.path.isdir(folder(target, "forced"))
            assert run(other, "SELECT 1").fetchone() == (1,)
    finally:
        other.close()
    run(conn, "DROP DATABASE IF EXISTS forced")


def test_drop_database_inside_a_transaction_block_is_25001(target, conn):
    run(conn, "CREATE DATABASE kept")
    c = psycopg2.connect(target.dsn())
    try:
        with pytest.raises(psycopg2.errors.ActiveSqlTransaction) as info:
            c.cursor().execute("DROP DATABASE kept")
        assert "DROP DATABASE cannot run inside a transaction block" in str(info.value)
        c.rollback()
    finally:
        c.close()
    with pytest.raises(psycopg2.errors.ActiveSqlTransaction):
        run(conn, "SELECT 1; DROP DATABASE kept")
    if not target.is_postgres:
        assert os.path.isdir(folder(target, "kept"))
    run(conn, "DROP DATABASE kept")


def test_a_prepared_create_database_checks_the_block_when_executed(target):
    import pgwire as pw
    with pw.Conn.connected(target) as c:
        c.parse("mk", "CREATE DATABASE prepared_db")
        c.sync()
        assert pw.errors(c.read_until_ready()) == []
        c.query("BEGIN")
        c.read_until_ready()
        c.bind("", "mk")
        c.execute("")
        c.sync()
        [error] = pw.errors(c.read_until_ready())
        assert error["C"] == "25001"
        c.query("ROLLBACK")
        c.read_until_ready()
        c.bind("", "mk")
        c.execute("")
        c.sync()
        assert pw.tags(c.read_until_ready()) == ["CREATE DATABASE"]
        c.query("DROP DATABASE prepared_db")
        assert pw.tags(c.read_until_ready()) == ["DROP DATABASE"]


@pytest.mark.parametrize("sql,near", [("DROP DATABASE a, b", ","),
                                      ("DROP DATABASE a.b", "."),
                                      ("DROP DATABASE a CASCADE", "CASCADE")])
def test_drop_database_takes_one_plain_name(target, conn, sql, near):
    with pytest.raises(psycopg2.errors.SyntaxError) as info:
        run(conn, sql)
    assert 'syntax error at or near "%s"' % near in str(info.value)
    assert info.value.diag.statement_position == str(sql.index(near) + 1)


def test_long_names_are_truncated_like_identifiers(target, conn):
    run(conn, "CREATE DATABASE " + "d" * 70)
    with pytest.raises(psycopg2.errors.DuplicateDatabase):
        run(conn, "CREATE DATABASE " + "d" * 63)
    run(conn, "DROP DATABASE " + "d" * 63)


def test_hostile_names_stay_inside_the_data_directory(target, conn):
    names = ['../x', '.hidden', 'a/b', '..', 'Mixed Case']
    parent_before = None if target.is_postgres else set(os.listdir(os.path.dirname(target.data)))
    for name in names:
        run(conn, 'CREATE DATABASE "%s"' % name)
    for name in names:
        with session(target, name) as other:
            assert run(other, "SELECT current_database()").fetchone() == (name,)
    if not target.is_postgres:
        assert set(os.listdir(os.path.dirname(target.data))) == parent_before
        assert not os.path.exists(os.path.join(target.data, "a"))
        assert os.path.isdir(os.path.join(target.data, ".smarterbase"))
    for name in names:
        run(conn, 'DROP DATABASE "%s"' % name)
    if not target.is_postgres:
        assert set(os.listdir(os.path.dirname(target.data))) == parent_before
        left = sorted(d for d in os.listdir(target.data) if "%" in d)
        assert left == [], left
        # The server's own folder and the other databases are untouched.
        assert os.path.isdir(os.path.join(target.data, ".smarterbase"))
        assert os.path.isdir(os.path.join(target.data, "postgres"))


def test_dropping_postgres_is_allowed_when_connected_elsewhere(fresh_target):
    with session(fresh_target) as c:
        run(c, "CREATE DATABASE elsewhere")
    with session(fresh_target, "elsewhere") as c:
        run(c, "DROP DATABASE postgres")
        with pytest.raises(psycopg2.errors.InvalidCatalogName):
            run(c, "DROP DATABASE postgres")
    if not fresh_target.is_postgres:
        assert not os.path.exists(folder(fresh_target, "postgres"))


# ---------------------------------------------------------------------------------------------
# SmarterBase only: the files on disk, symlinks, a session whose folder vanished, auto-create.

sb_only = pytest.mark.skipif(os.environ.get("SB_TEST_TARGET", "smarterbase") == "postgres",
                             reason="checks SmarterBase's data directory")


@sb_only
def test_drop_never_follows_symlinks_out_of_the_data_directory(target, conn):
    outside = tempfile.mkdtemp(prefix="sbtest-outside-")
    try:
        with open(os.path.join(outside, "precious.txt"), "w") as f:
            f.write("keep me")
        os.mkdir(os.path.join(outside, "sub"))
        with open(os.path.join(outside, "sub", "deep.txt"), "w") as f:
            f.write("keep me too")
        run(conn, "CREATE DATABASE linky")
        with session(target, "linky") as other:
            run(other, "CREATE TABLE t (id int PRIMARY KEY)")
            run(other, "INSERT INTO t VALUES (1)")
        db = folder(target, "linky")
        os.symlink(outside, os.path.join(db, "to_outside"))
        os.symlink(os.path.join(outside, "precious.txt"), os.path.join(db, "t", "2.json"))
        os.makedirs(os.path.join(db, "nested", "deeper"))
        os.symlink(outside, os.path.join(db, "nested", "deeper", "loop"))
        run(conn, "DROP DATABASE linky")
        assert not os.path.lexists(db)
        assert os.listdir(trash(target)) == []
        with open(os.path.join(outside, "precious.txt")) as f:
            assert f.read() == "keep me"
        with open(os.path.join(outside, "sub", "deep.txt")) as f:
            assert f.read() == "keep me too"
    finally:
        shutil.rmtree(outside)


@sb_only
def test_a_database_folder_that_is_a_symlink_is_unlinked_not_emptied(target, conn):
    outside = tempfile.mkdtemp(prefix="sbtest-outside-")
    try:
        os.symlink(outside, folder(target, "elsewhere_db"))
        with session(target, "elsewhere_db") as other:
            run(other, "CREATE TABLE t (id int PRIMARY KEY)")
            run(other, "INSERT INTO t VALUES (7)")
        assert os.path.isfile(os.path.join(outside, "t", "7.json"))
        run(conn, "DROP DATABASE elsewhere_db")
        assert not os.path.lexists(folder(target, "elsewhere_db"))
        assert os.path.isfile(os.path.join(outside, "t", "7.json"))
    finally:
        shutil.rmtree(outside)


@sb_only
def test_a_file_in_the_data_directory_is_not_a_database(target, conn):
    path = folder(target, "notes")
    with open(path, "w") as f:
        f.write("not a database")
    try:
        with pytest.raises(psycopg2.errors.InvalidCatalogName):
            run(conn, "DROP DATABASE notes")
        with pytest.raises(psycopg2.errors.DuplicateDatabase):
            run(conn, "CREATE DATABASE notes")
        assert os.path.isfile(path)
    finally:
        os.remove(path)


@sb_only
def test_trash_left_by_a_crash_is_emptied_at_start():
    with Server() as s:
        pass_dir = os.path.join(s.data, ".smarterbase", "trash", "123.1.leftover", "t")
        os.makedirs(pass_dir)
        with open(os.path.join(pass_dir, "1.json"), "w") as f:
            f.write("{}")
        s.stop()
        s.start()
        assert os.listdir(os.path.join(s.data, ".smarterbase", "trash")) == []


@sb_only
def test_a_session_whose_database_vanished_gets_errors_not_a_crash(target, conn):
    run(conn, "CREATE DATABASE vanishing")
    other = connect(target, "vanishing")
    try:
        run(other, "CREATE TABLE t (id int PRIMARY KEY, v text)")
        run(other, "INSERT INTO t VALUES (1, 'x')")
        # What a DROP racing with this session's connect would leave: the folder is gone.
        shutil.move(folder(target, "vanishing"), os.path.join(target.tmp.name, "moved_away"))
        for sql in ["SELECT * FROM t", "INSERT INTO t VALUES (2, 'y')",
                    "UPDATE t SET v = 'z'", "DELETE FROM t", "TRUNCATE t"]:
            with pytest.raises(psycopg2.Error) as info:
                run(other, sql)
            assert info.value.pgcode in ("42P01", "3D000"), (sql, info.value.pgcode)
        with pytest.raises(psycopg2.errors.InvalidCatalogName):
            run(other, "CREATE TABLE u (id int)")
        assert run(other, "SELECT current_database()").fetchone() == ("vanishing",)
        assert not os.path.exists(folder(target, "vanishing"))
    finally:
        other.close()
    assert target.proc.poll() is None
    # Nobody uses it now, and it is gone: IF EXISTS only notices.
    run(conn, "DROP DATABASE IF EXISTS vanishing")


@sb_only
def test_connecting_to_a_dropped_database_creates_it_again(target, conn):
    run(conn, "CREATE DATABASE phoenix")
    with session(target, "phoenix") as other:
        run(other, "CREATE TABLE t (id int)")
    run(conn, "DROP DATABASE phoenix")
    assert not os.path.exists(folder(target, "phoenix"))
    # auto_create_database (on by default) makes a new, empty database of the name.
    with session(target, "phoenix") as other:
        with pytest.raises(psycopg2.errors.UndefinedTable):
            run(other, "SELECT * FROM t")
    assert os.path.isdir(folder(target, "phoenix"))


@sb_only
def test_without_auto_create_a_dropped_database_stays_gone():
    with Server(config_text="auto_create_database: false\n") as s:
        c = connect(s)
        run(c, "CREATE DATABASE once")
        connect(s, "once").close()
        run(c, "DROP DATABASE once")
        with pytest.raises(psycopg2.OperationalError) as info:
            connect(s, "once")
        assert 'database "once" does not exist' in str(info.value)
        c.close()
