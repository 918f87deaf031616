"""Databases are folders of the data directory: connecting to a new one creates it through the
coordinator (the single writer), over the shared-memory write ring."""
import os

import psycopg2
import pytest

from sbserver import Server


def test_connecting_creates_the_database_folder(server):
    path = os.path.join(server.data, "inventory_2")
    assert not os.path.exists(path)
    with psycopg2.connect(server.dsn(dbname="inventory_2")) as conn:
        cur = conn.cursor()
        cur.execute("SELECT current_database()")
        assert cur.fetchone() == ("inventory_2",)
    assert os.path.isdir(path)
    assert "created database \"inventory_2\"" in server.read_log()


def test_many_sessions_create_one_database_concurrently(server):
    conns = [psycopg2.connect(server.dsn(dbname="shared_db")) for _ in range(8)]
    for conn in conns:
        conn.close()
    assert os.path.isdir(os.path.join(server.data, "shared_db"))
    assert server.read_log().count("created database \"shared_db\"") == 1


def test_postgres_database_exists_from_the_start(server):
    assert os.path.isdir(os.path.join(server.data, "postgres"))


@pytest.mark.parametrize("name", ["../escape", ".hidden", "a/b", "Mixed Case"])
def test_hostile_database_names_stay_inside_the_data_directory(server, name):
    before = set(os.listdir(os.path.dirname(server.data)))
    with psycopg2.connect(server.dsn(dbname="'%s'" % name)) as conn:
        cur = conn.cursor()
        cur.execute("SELECT current_database()")
        assert cur.fetchone() == (name,)
    # One new folder, inside the data directory, with an encoded name.
    assert set(os.listdir(os.path.dirname(server.data))) == before
    created = [d for d in os.listdir(server.data) if "%" in d or d.startswith("%")]
    assert created, os.listdir(server.data)
    assert not os.path.exists(os.path.join(server.data, name))


def test_auto_create_off_refuses_unknown_databases():
    with Server(config_text="auto_create_database: false\n") as strict:
        with pytest.raises(psycopg2.OperationalError) as info:
            psycopg2.connect(strict.dsn(dbname="nope"))
        assert 'database "nope" does not exist' in str(info.value)
        assert not os.path.exists(os.path.join(strict.data, "nope"))
