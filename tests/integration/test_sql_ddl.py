"""CREATE TABLE and DROP TABLE write and remove schema files through the coordinator; the
schema file is the source of truth a person can read and edit (DESIGN §2)."""
import json
import os

import psycopg2
import pytest

from sbserver import Server


@pytest.fixture()
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


def schema_of(server, table, db="postgres"):
    with open(os.path.join(server.data, db, "_schema", table + ".json")) as f:
        return json.load(f)


def test_create_table_writes_the_schema_file(server, conn):
    cur = conn.cursor()
    cur.execute("""CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid7(),
        email text UNIQUE NOT NULL,
        name varchar(200),
        role text DEFAULT 'user',
        score numeric(10,2),
        created timestamptz DEFAULT now())""")
    assert cur.statusmessage == "CREATE TABLE"
    schema = schema_of(server, "users")
    assert schema["name"] == "users"
    assert [c["name"] for c in schema["columns"]] == ["id", "email", "name", "role", "score",
                                                     "created"]
    id_col, email, name, role, score, created = schema["columns"]
    assert id_col["type"] == "uuid" and id_col["primary_key"] is True
    assert id_col["default"] == "gen_random_uuid7()"
    assert email == {"name": "email", "type": "text", "unique": True, "not_null": True}
    assert name["type"] == "character varying(200)"
    assert role["default"] == "'user'"
    assert score["type"] == "numeric(10,2)"
    assert created["type"] == "timestamp with time zone"
    assert os.path.isdir(os.path.join(server.data, "postgres", "users"))


def test_serial_gets_a_sequence_and_not_null(server, conn):
    conn.cursor().execute("CREATE TABLE items (id serial PRIMARY KEY, big bigserial, label text)")
    cols = schema_of(server, "items")["columns"]
    assert cols[0]["type"] == "integer"
    assert cols[0]["default"] == "nextval('items_id_seq'::regclass)"
    assert cols[0]["sequence"] == "items_id_seq"
    assert cols[1]["type"] == "bigint" and cols[1]["not_null"] is True


def test_table_constraints_land_in_the_schema(server, conn):
    conn.cursor().execute("""CREATE TABLE orders (
        a int, b int, c text,
        PRIMARY KEY (a, b), UNIQUE (b, c), CHECK (a > 0))""")
    schema = schema_of(server, "orders")
    assert schema["primary_key"] == ["a", "b"]
    assert schema["unique"] == [["b", "c"]]
    assert schema["checks"]


def test_create_existing_table_is_42p07_and_if_not_exists_notices(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE dup (x int)")
    with pytest.raises(psycopg2.errors.DuplicateTable) as info:
        cur.execute("CREATE TABLE dup (x int)")
    assert 'relation "dup" already exists' in str(info.value)
    cur.execute("CREATE TABLE IF NOT EXISTS dup (x int)")
    assert any("already exists, skipping" in n for n in conn.notices)


def test_bad_definitions_are_refused_with_postgres_codes(conn):
    cur = conn.cursor()
    cases = [
        ("CREATE TABLE t1 (a int, a text)", "42701"),
        ("CREATE TABLE t2 (a int PRIMARY KEY, b int PRIMARY KEY)", "42P16"),
        ("CREATE TABLE t3 (a nosuchtype)", "42704"),
        ("CREATE TABLE t4 (a int DEFAULT 'abc')", "22P02"),
        ("CREATE TABLE t5 (a int, PRIMARY KEY (b))", "42703"),
        ("CREATE TABLE other.t6 (a int)", "3F000"),
    ]
    for sql, code in cases:
        with pytest.raises(psycopg2.Error) as info:
            cur.execute(sql)
        assert info.value.pgcode == code, (sql, info.value)


def test_drop_table_removes_schema_and_documents(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE gone (id int PRIMARY KEY)")
    cur.execute("DROP TABLE gone")
    assert cur.statusmessage == "DROP TABLE"
    assert not os.path.exists(os.path.join(server.data, "postgres", "_schema", "gone.json"))
    assert not os.path.exists(os.path.join(server.data, "postgres", "gone"))
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("DROP TABLE gone")
    cur.execute("DROP TABLE IF EXISTS gone")
    assert any("does not exist, skipping" in n for n in conn.notices)


def test_drop_several_is_all_or_nothing(server, conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE keep1 (x int)")
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("DROP TABLE keep1, missing_one")
    assert os.path.exists(os.path.join(server.data, "postgres", "_schema", "keep1.json"))


def test_ddl_in_a_transaction_is_applied_and_rollback_says_it_stays(server, conn):
    # Until transactions journal their writes (DESIGN §6), writes apply when they run; a
    # ROLLBACK warns instead of pretending.
    conn.autocommit = False
    cur = conn.cursor()
    cur.execute("CREATE TABLE in_tx (x int)")
    conn.rollback()
    assert any("not undone" in n for n in conn.notices), conn.notices
    assert os.path.exists(os.path.join(server.data, "postgres", "_schema", "in_tx.json"))


def test_hostile_table_names_stay_inside_the_database_folder(server, conn):
    cur = conn.cursor()
    cur.execute('CREATE TABLE "../../evil" (x int)')
    cur.execute('CREATE TABLE "_schema" (x int)')
    db = os.path.join(server.data, "postgres")
    assert not os.path.exists(os.path.join(server.data, "evil"))
    assert not os.path.exists(os.path.join(os.path.dirname(server.data), "evil"))
    names = os.listdir(os.path.join(db, "_schema"))
    assert any("evil" in n and n.startswith("%") for n in names), names
