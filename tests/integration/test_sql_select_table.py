"""SELECT from one table. The tables are made by writing the files a user (or CREATE TABLE and
INSERT) would write — a schema file and one JSON document per row — and queried through
psycopg2 and the raw protocol client: files are the interface. Expectations are PostgreSQL 15's
(error codes, messages, positions, result types, ordering of NULLs)."""
import json
import os

import psycopg2
import pytest

from pgwire import Conn, errors, kinds, parameter_description, row_description, rows, tags

INT2, INT4, INT8, TEXT, VARCHAR, BOOL, NUMERIC, UUID = 21, 23, 20, 25, 1043, 16, 1700, 2950
TIMESTAMPTZ, DATE, JSONB = 1184, 1082, 3802


# --- writing tables as files ------------------------------------------------------------------


def db_dir(server):
    return os.path.join(server.data, "postgres")


def write_schema(server, name, columns, **extra):
    schema_dir = os.path.join(db_dir(server), "_schema")
    os.makedirs(schema_dir, exist_ok=True)
    schema = {"name": name, "columns": columns}
    schema.update(extra)
    with open(os.path.join(schema_dir, name + ".json"), "w") as f:
        json.dump(schema, f, indent=2)


def write_doc(server, table, file_name, content):
    """content: a dict (written as JSON) or a str (written verbatim)."""
    table_dir = os.path.join(db_dir(server), table)
    os.makedirs(table_dir, exist_ok=True)
    with open(os.path.join(table_dir, file_name), "w") as f:
        f.write(content if isinstance(content, str) else json.dumps(content, indent=2) + "\n")


def write_table(server, name, columns, docs):
    """docs: {key: document}; each becomes <key>.json."""
    write_schema(server, name, columns)
    for key, doc in docs.items():
        write_doc(server, name, "%s.json" % key, doc)


def remove_doc(server, table, file_name):
    os.remove(os.path.join(db_dir(server), table, file_name))


PEOPLE_COLUMNS = [
    {"name": "id", "type": "integer", "primary_key": True},
    {"name": "name", "type": "character varying(20)"},
    {"name": "city", "type": "text"},
    {"name": "age", "type": "integer"},
    {"name": "score", "type": "numeric(10,2)"},
    {"name": "active", "type": "boolean"},
]
PEOPLE = {
    1: {"id": 1, "name": "alice", "city": "paris", "age": 30, "score": "12.50", "active": True},
    2: {"id": 2, "name": "bob", "city": "berlin", "age": 25, "score": "7.00", "active": False},
    3: {"id": 3, "name": "carol", "city": "paris", "age": None, "score": "9.75", "active": True},
    10: {"id": 10, "name": "dave", "city": None, "age": 41, "score": None, "active": None},
    22: {"id": 22, "name": "erin", "city": "rome", "age": 25, "score": "3.10", "active": True},
}


@pytest.fixture(scope="module")
def people(server):
    write_table(server, "people", PEOPLE_COLUMNS, PEOPLE)
    return "people"


@pytest.fixture
def conn(server):
    c = psycopg2.connect(server.dsn())
    c.autocommit = True
    yield c
    c.close()


@pytest.fixture
def wire(server):
    with Conn.connected(server, TimeZone="UTC") as c:
        yield c


def query(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def column(conn, sql, params=None):
    return [r[0] for r in query(conn, sql, params)]


def sql_error(conn, sql, params=None):
    with pytest.raises(psycopg2.Error) as info:
        query(conn, sql, params)
    return info.value


def sync(c):
    c.sync()
    return c.read_until_ready()


# --- reading rows -----------------------------------------------------------------------------


def test_select_star_returns_documents_in_key_order(conn, people):
    # 1, 2, 3, 10, 22: numeric order of the keys, not the order of the file names.
    assert query(conn, "SELECT * FROM people") == [
        (1, "alice", "paris", 30, __import__("decimal").Decimal("12.50"), True),
        (2, "bob", "berlin", 25, __import__("decimal").Decimal("7.00"), False),
        (3, "carol", "paris", None, __import__("decimal").Decimal("9.75"), True),
        (10, "dave", None, 41, None, None),
        (22, "erin", "rome", 25, __import__("decimal").Decimal("3.10"), True),
    ]


def test_command_tag_counts_rows(conn, people):
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM people WHERE age = 25")
        assert cur.statusmessage == "SELECT 2"
        cur.execute("SELECT id FROM people WHERE false")
        assert cur.statusmessage == "SELECT 0"


def test_result_columns_carry_the_declared_types(conn, people):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM people")
        names = [d.name for d in cur.description]
        codes = [d.type_code for d in cur.description]
    assert names == ["id", "name", "city", "age", "score", "active"]
    assert codes == [INT4, VARCHAR, TEXT, INT4, NUMERIC, BOOL]


def test_row_description_has_the_typmod_of_varchar_and_numeric(wire, people):
    msgs = wire.simple("SELECT name, score, id + 1 AS nxt FROM people WHERE id = 1")
    assert not errors(msgs), msgs
    fields = row_description([m for m in msgs if m.type == "T"][0].body)
    assert [(f.name, f.type_oid, f.type_mod) for f in fields] == [
        ("name", VARCHAR, 24), ("score", NUMERIC, (10 << 16 | 2) + 4), ("nxt", INT4, -1)]
    assert rows(msgs) == [["alice", "12.50", "2"]]
    assert tags(msgs) == ["SELECT 1"]


def test_projections_expressions_and_aliases(conn, people):
    assert query(conn, "SELECT id * 2 AS twice, upper(name), name || '!' AS shout, 7 "
                       "FROM people WHERE id <= 2") == [
        (2, "ALICE", "alice!", 7), (4, "BOB", "bob!", 7)]
    with conn.cursor() as cur:
        cur.execute("SELECT upper(name), age::text, 1 + 1, name AS n FROM people LIMIT 1")
        assert [d.name for d in cur.description] == ["upper", "age", "?column?", "n"]


def test_qualified_names_stars_and_aliases(conn, people):
    assert query(conn, "SELECT people.id, people.name FROM people WHERE people.id = 2") == [
        (2, "bob")]
    assert query(conn, "SELECT p.id, p.* FROM people AS p WHERE p.id = 2")[0][:3] == (
        2, 2, "bob")
    assert query(conn, "SELECT people.* FROM public.people WHERE id = 3")[0][:2] == (3, "carol")
    assert query(conn, "SELECT public.people.name FROM people WHERE id = 3") == [("carol",)]
    assert query(conn, "SELECT x.a, x.b FROM people x(a, b) WHERE x.a = 1") == [(1, "alice")]
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM people p(a, b) LIMIT 0")
        assert [d.name for d in cur.description] == ["a", "b", "city", "age", "score", "active"]


# --- errors with positions ----------------------------------------------------------------------


def test_unknown_column_is_42703_with_position(conn, people):
    e = sql_error(conn, "SELECT id, nope FROM people")
    assert e.pgcode == "42703"
    assert e.diag.message_primary == 'column "nope" does not exist'
    assert e.diag.statement_position == "12"
    e = sql_error(conn, "SELECT id FROM people WHERE people.nope = 1")
    assert e.pgcode == "42703"
    assert e.diag.message_primary == "column people.nope does not exist"
    assert e.diag.statement_position == "29"


def test_unknown_table_is_42p01_with_position(conn, people):
    e = sql_error(conn, "SELECT * FROM nosuch")
    assert e.pgcode == "42P01"
    assert e.diag.message_primary == 'relation "nosuch" does not exist'
    assert e.diag.statement_position == "15"
    e = sql_error(conn, "SELECT 1 FROM public.nosuch")
    assert (e.pgcode, e.diag.message_primary) == ("42P01", 'relation "public.nosuch" does not exist')
    e = sql_error(conn, "SELECT 1 FROM other.people")
    assert (e.pgcode, e.diag.message_primary) == ("42P01", 'relation "other.people" does not exist')


def test_unknown_qualifier_is_missing_from_clause_entry(conn, people):
    e = sql_error(conn, "SELECT q.id FROM people")
    assert (e.pgcode, e.diag.message_primary) == (
        "42P01", 'missing FROM-clause entry for table "q"')
    assert e.diag.statement_position == "8"
    e = sql_error(conn, "SELECT q.* FROM people")
    assert (e.pgcode, e.diag.message_primary) == (
        "42P01", 'missing FROM-clause entry for table "q"')


def test_table_name_hidden_by_alias(conn, people):
    e = sql_error(conn, "SELECT people.id FROM people AS p")
    assert e.pgcode == "42P01"
    assert e.diag.message_primary == 'invalid reference to FROM-clause entry for table "people"'
    assert e.diag.message_hint == 'Perhaps you meant to reference the table alias "p".'


def test_order_by_errors(conn, people):
    e = sql_error(conn, "SELECT id FROM people ORDER BY 3")
    assert (e.pgcode, e.diag.message_primary) == (
        "42P10", "ORDER BY position 3 is not in select list")
    e = sql_error(conn, "SELECT DISTINCT city FROM people ORDER BY age")
    assert (e.pgcode, e.diag.message_primary) == (
        "42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
    e = sql_error(conn, "SELECT id FROM people ORDER BY nope")
    assert e.pgcode == "42703"
    e = sql_error(conn, "SELECT id FROM people ORDER BY 'x'")
    assert (e.pgcode, e.diag.message_primary, e.diag.statement_position) == (
        "42601", "non-integer constant in ORDER BY", "32")
    e = sql_error(conn, "SELECT id AS x, name AS x FROM people ORDER BY x")
    assert (e.pgcode, e.diag.message_primary, e.diag.statement_position) == (
        "42702", 'ORDER BY "x" is ambiguous', "48")
    assert column(conn, "SELECT id, id FROM people ORDER BY id DESC") == [22, 10, 3, 2, 1]


def test_from_clause_errors(conn, people):
    e = sql_error(conn, "SELECT 1 FROM people x(a, b, c, d, e, f, g)")
    assert (e.pgcode, e.diag.message_primary) == (
        "42P10", 'table "x" has 6 columns available but 7 columns specified')
    e = sql_error(conn, "SELECT 1 FROM foo.public.people")
    assert (e.pgcode, e.diag.message_primary) == (
        "0A000", 'cross-database references are not implemented: "foo.public.people"')
    assert query(conn, "SELECT id FROM postgres.public.people WHERE id = 1") == [(1,)]


def test_limit_errors(conn, people):
    assert sql_error(conn, "SELECT id FROM people LIMIT -1").pgcode == "2201W"
    assert sql_error(conn, "SELECT id FROM people OFFSET -1").pgcode == "2201X"


# --- WHERE ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where, ids", [
    ("age = 25", [2, 22]),
    ("age <> 25", [1, 10]),
    ("age > 25 AND city IS NOT NULL", [1]),
    ("age IS NULL OR city IS NULL", [3, 10]),
    ("city IN ('paris', 'rome')", [1, 3, 22]),
    ("age BETWEEN 25 AND 30", [1, 2, 22]),
    ("name LIKE '%o%'", [2, 3]),
    ("name ILIKE 'A%'", [1]),
    ("NOT active", [2]),
    ("active IS NOT TRUE", [2, 10]),
    ("score > 9", [1, 3]),
    ("score >= '7'", [1, 2, 3]),
])
def test_where(conn, people, where, ids):
    assert column(conn, "SELECT id FROM people WHERE " + where) == ids


def test_where_with_psycopg2_parameters(conn, people):
    assert column(conn, "SELECT id FROM people WHERE city = %s AND age < %s",
                  ("paris", 100)) == [1]


# --- primary-key look-ups --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keyed(server):
    """A table whose document 5 is broken: a query that reads it fails, a look-up of another
    key does not (it reads only that key's file)."""
    write_table(server, "keyed", [
        {"name": "id", "type": "bigint", "primary_key": True},
        {"name": "v", "type": "text"},
    ], {1: {"id": 1, "v": "one"}, 2: {"id": 2, "v": "two"}, 3: {"id": 3, "v": "three"},
        4: {"id": 4, "v": "four"}})
    write_doc(server, "keyed", "5.json", '{"id": 5, "v": ')
    return "keyed"


def test_full_scan_reports_the_broken_document(conn, keyed, server):
    e = sql_error(conn, "SELECT * FROM keyed")
    assert e.pgcode == "XX001"
    assert os.path.join(db_dir(server), "keyed", "5.json") in e.diag.message_primary
    e = sql_error(conn, "SELECT * FROM keyed WHERE v = 'one'")
    assert e.pgcode == "XX001"


def test_key_equality_reads_one_document(conn, keyed):
    assert query(conn, "SELECT * FROM keyed WHERE id = 2") == [(2, "two")]
    assert query(conn, "SELECT v FROM keyed WHERE 3 = id") == [("three",)]
    assert query(conn, "SELECT v FROM keyed WHERE id = '4'") == [("four",)]
    assert query(conn, "SELECT v FROM keyed WHERE id = %s", (1,)) == [("one",)]
    assert query(conn, "SELECT v FROM keyed WHERE id = 2::smallint") == [("two",)]
    # The broken document fails the statements that read it, only those.
    assert sql_error(conn, "SELECT v FROM keyed WHERE id = 5").pgcode == "XX001"


def test_key_equality_with_other_conditions_still_filters(conn, keyed):
    assert query(conn, "SELECT v FROM keyed WHERE id = 2 AND v = 'two'") == [("two",)]
    assert query(conn, "SELECT v FROM keyed WHERE v = 'nope' AND id = 2") == []
    assert query(conn, "SELECT v FROM keyed WHERE id = 2 AND id = 3") == []


def test_key_lookup_of_missing_or_impossible_keys(conn, keyed):
    assert query(conn, "SELECT v FROM keyed WHERE id = 99") == []
    assert query(conn, "SELECT v FROM keyed WHERE id = NULL") == []
    assert query(conn, "SELECT v FROM keyed WHERE id = 99999999999999999") == []
    assert query(conn, "SELECT v FROM keyed WHERE id = -1") == []


def test_key_in_list_reads_those_documents(conn, keyed):
    assert query(conn, "SELECT id, v FROM keyed WHERE id IN (4, 1, 99, 1)") == [
        (1, "one"), (4, "four")]
    assert query(conn, "SELECT id FROM keyed WHERE id IN (%s, %s) ORDER BY id DESC",
                 (2, 3)) == [(3,), (2,)]
    assert query(conn, "SELECT id FROM keyed WHERE id IN (2, NULL)") == [(2,)]


def test_key_lookup_with_extended_protocol_parameters(wire, keyed):
    wire.parse("s1", "SELECT v FROM keyed WHERE id = $1")
    wire.describe_statement("s1")
    msgs = sync(wire)
    assert kinds(msgs) == "1tTZ", msgs
    assert parameter_description(msgs[1].body) == [INT8]
    for key, expected in (("3", [["three"]]), ("1", [["one"]]), ("77", [])):
        wire.bind("", "s1", [key])
        wire.execute("")
        msgs = sync(wire)
        assert not errors(msgs), msgs
        assert rows(msgs) == expected
        assert tags(msgs) == ["SELECT %d" % len(expected)]


def test_text_and_uuid_keys(conn, server):
    write_table(server, "tags", [
        {"name": "name", "type": "text", "primary_key": True},
        {"name": "n", "type": "integer"},
    ], {"b": {"name": "b", "n": 2}, "a": {"name": "a", "n": 1},
        "x%2Fy": {"name": "x/y", "n": 3}})
    assert query(conn, "SELECT name, n FROM tags") == [("a", 1), ("b", 2), ("x/y", 3)]
    assert query(conn, "SELECT n FROM tags WHERE name = 'x/y'") == [(3,)]
    assert query(conn, "SELECT n FROM tags WHERE name = %s", ("a",)) == [(1,)]

    ids = ["019363e8-7c1a-7d5e-8f00-000000000002", "019363e8-7c1a-7d5e-8f00-000000000001",
           "019363e8-7c1a-7d5e-8f00-00000000000a"]
    write_table(server, "events", [
        {"name": "id", "type": "uuid", "primary_key": True},
        {"name": "what", "type": "text"},
    ], {i: {"id": i, "what": "e%d" % n} for n, i in enumerate(ids)})
    assert column(conn, "SELECT what FROM events") == ["e1", "e0", "e2"]
    assert column(conn, "SELECT what FROM events WHERE id = %s", (ids[2],)) == ["e2"]


# --- documents written by hand -----------------------------------------------------------------------


def test_missing_keys_read_as_constant_defaults_extra_keys_are_ignored(conn, server):
    write_table(server, "hand", [
        {"name": "id", "type": "integer", "primary_key": True},
        {"name": "role", "type": "text", "default": "'user'"},
        {"name": "level", "type": "numeric", "default": "'1.5'::numeric"},
        {"name": "neg", "type": "integer", "default": "-3"},
        {"name": "at", "type": "timestamp with time zone", "default": "now()"},
        {"name": "note", "type": "text"},
    ], {
        1: {"id": 1, "role": "admin", "level": "2", "neg": 0,
            "at": "2024-01-02T03:04:05Z", "note": "full"},
        2: {"id": 2, "surprise": {"nested": [1, 2]}, "another": 5},
        3: {"role": None},  # no id key: the file name is the key
    })
    rows_ = query(conn, "SELECT id, role, level::text, neg, at IS NULL, note FROM hand")
    assert rows_ == [
        (1, "admin", "2", 0, False, "full"),
        (2, "user", "1.5", -3, True, None),
        (3, None, "1.5", -3, True, None),
    ]
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM hand LIMIT 0")
        assert [d.name for d in cur.description] == ["id", "role", "level", "neg", "at", "note"]
    # A key present in the document but NULL stays NULL; the default is for absent keys.
    assert query(conn, "SELECT id FROM hand WHERE role IS NULL") == [(3,)]
    assert query(conn, "SELECT id FROM hand WHERE id = 3") == [(3,)]


def test_schema_edits_are_seen_by_the_next_query(conn, server):
    columns = [{"name": "id", "type": "integer", "primary_key": True},
               {"name": "a", "type": "text"}]
    write_table(server, "evolving", columns, {1: {"id": 1, "a": "x"}})
    assert query(conn, "SELECT * FROM evolving") == [(1, "x")]
    write_schema(server, "evolving", columns + [{"name": "b", "type": "integer", "default": "7"}])
    assert query(conn, "SELECT * FROM evolving") == [(1, "x", 7)]


def test_prepared_statement_after_schema_edits(wire, server):
    columns = [{"name": "id", "type": "integer", "primary_key": True},
               {"name": "a", "type": "text"}]
    write_table(server, "edited", columns, {1: {"id": 1, "a": "x"}})
    wire.parse("e", "SELECT a FROM edited")
    wire.bind("", "e")
    wire.execute("")
    assert rows(sync(wire)) == [["x"]]
    # A column added: the statement still reads what it was planned for.
    write_schema(server, "edited", columns + [{"name": "b", "type": "integer"}])
    wire.bind("", "e")
    wire.execute("")
    assert rows(sync(wire)) == [["x"]]
    # Its column changed type: the plan no longer fits.
    write_schema(server, "edited", [columns[0], {"name": "a", "type": "integer"}])
    wire.bind("", "e")
    wire.execute("")
    (err,) = errors(sync(wire))
    assert (err["C"], err["M"]) == ("0A000", "cached plan must not change result type")
    # The table gone.
    os.remove(os.path.join(db_dir(server), "_schema", "edited.json"))
    wire.bind("", "e")
    wire.execute("")
    (err,) = errors(sync(wire))
    assert (err["C"], err["M"]) == ("42P01", 'relation "edited" does not exist')


def test_a_document_that_is_not_an_object_is_xx001(conn, server):
    write_table(server, "notobj", [{"name": "id", "type": "integer", "primary_key": True}],
                {1: "[1, 2]\n"})
    e = sql_error(conn, "SELECT * FROM notobj")
    assert e.pgcode == "XX001" and "1.json" in e.diag.message_primary


def test_temp_editor_and_hidden_files_are_not_rows(conn, server):
    write_table(server, "clean", [
        {"name": "id", "type": "integer", "primary_key": True},
        {"name": "v", "type": "text"}], {1: {"id": 1, "v": "real"}})
    junk = {
        ".1.json.1234.5.tmp": '{"id": 100, "v": "temp"}',
        "2.json.tmp": '{"id": 101, "v": "tmp"}',
        "1.json~": '{"id": 102, "v": "backup"}',
        ".1.json.swp": "binary vim junk \x00",
        "#1.json#": "{",
        ".#1.json": "{",
        "4913": "",
        ".hidden.json": '{"id": 103, "v": "hidden"}',
        "notes.txt": "not a row",
    }
    for name, content in junk.items():
        write_doc(server, "clean", name, content)
    os.makedirs(os.path.join(db_dir(server), "clean", "subdir"), exist_ok=True)
    assert query(conn, "SELECT * FROM clean") == [(1, "real")]


def test_value_of_the_wrong_kind_names_file_and_column(conn, server):
    # A scalar of another kind reads through PostgreSQL's cast from its text (22P02 when it
    # does not convert); an object where a scalar belongs is a broken document (XX001).
    write_table(server, "wrongkind", [
        {"name": "id", "type": "integer", "primary_key": True},
        {"name": "n", "type": "integer"}], {1: {"id": 1, "n": 1}, 2: {"id": 2, "n": {"x": 1}},
                                            3: {"id": 3, "n": "abc"}, 4: {"id": 4, "n": "44"}})
    e = sql_error(conn, "SELECT * FROM wrongkind WHERE id = 2")
    assert e.pgcode == "XX001"
    assert "2.json" in e.diag.message_primary and '"n"' in e.diag.message_primary
    e = sql_error(conn, "SELECT * FROM wrongkind WHERE id = 3")
    assert e.pgcode == "22P02"
    assert "3.json" in e.diag.message_primary and '"n"' in e.diag.message_primary
    assert query(conn, "SELECT n FROM wrongkind WHERE id = 4") == [(44,)]
    write_doc(server, "wrongkind", "3.json", {"id": 3, "n": 3})
    write_doc(server, "wrongkind", "4.json", {"id": 4, "n": 4})
    assert query(conn, "SELECT n FROM wrongkind WHERE id = 1") == [(1,)]
    # Fixing the file fixes the query.
    write_doc(server, "wrongkind", "2.json", {"id": 2, "n": 2})
    assert column(conn, "SELECT n FROM wrongkind") == [1, 2, 3, 4]


def test_table_without_documents_is_empty(conn, server):
    write_schema(server, "empty", [{"name": "id", "type": "integer", "primary_key": True}])
    assert query(conn, "SELECT * FROM empty") == []
    assert query(conn, "SELECT * FROM empty WHERE id = 1") == []


def test_a_document_removed_is_gone_at_the_next_query(conn, server):
    write_table(server, "shrinking", [
        {"name": "id", "type": "integer", "primary_key": True}], {1: {"id": 1}, 2: {"id": 2}})
    assert column(conn, "SELECT id FROM shrinking") == [1, 2]
    remove_doc(server, "shrinking", "1.json")
    assert column(conn, "SELECT id FROM shrinking") == [2]


# --- ORDER BY, DISTINCT, LIMIT ---------------------------------------------------------------------


@pytest.mark.parametrize("order, ids", [
    ("age", [2, 22, 1, 10, 3]),              # NULLs last ascending
    ("age DESC", [3, 10, 1, 2, 22]),         # NULLs first descending; ties keep key order
    ("age NULLS FIRST", [3, 2, 22, 1, 10]),
    ("age DESC NULLS LAST", [10, 1, 2, 22, 3]),
    ("age, id DESC", [22, 2, 1, 10, 3]),
    ("city, name DESC", [2, 3, 1, 22, 10]),
    ("2", [1, 2, 3, 10, 22]),                # position: name
    ("n DESC", [22, 10, 3, 2, 1]),           # output alias
    ("length(name), id", [2, 10, 22, 1, 3]),  # expression not in the list
    ("score", [22, 2, 3, 1, 10]),            # column not in the list
    ("-id", [22, 10, 3, 2, 1]),
])
def test_order_by(conn, people, order, ids):
    assert column(conn, "SELECT id, name AS n FROM people ORDER BY " + order) == ids


def test_order_by_output_name_wins_over_the_table_column(conn, people):
    # `age` here is the output column (the negated id), as in PostgreSQL.
    assert column(conn, "SELECT id, -id AS age FROM people ORDER BY age") == [22, 10, 3, 2, 1]


def test_distinct(conn, people):
    assert sorted(column(conn, "SELECT DISTINCT age FROM people"), key=lambda v: (v is None, v)) \
        == [25, 30, 41, None]
    assert query(conn, "SELECT DISTINCT city FROM people ORDER BY city") == [
        ("berlin",), ("paris",), ("rome",), (None,)]
    assert query(conn, "SELECT DISTINCT city, age > 26 FROM people ORDER BY 1 DESC, 2") == [
        (None, True), ("rome", False), ("paris", True), ("paris", None), ("berlin", False)]
    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT age FROM people")
        assert cur.statusmessage == "SELECT 4"


def test_limit_and_offset(conn, people):
    assert column(conn, "SELECT id FROM people LIMIT 2") == [1, 2]
    assert column(conn, "SELECT id FROM people OFFSET 3") == [10, 22]
    assert column(conn, "SELECT id FROM people ORDER BY id DESC LIMIT 2 OFFSET 1") == [10, 3]
    assert column(conn, "SELECT id FROM people LIMIT %s OFFSET %s", (2, 2)) == [3, 10]
    assert column(conn, "SELECT id FROM people LIMIT ALL") == [1, 2, 3, 10, 22]
    assert column(conn, "SELECT id FROM people LIMIT NULL") == [1, 2, 3, 10, 22]
    assert column(conn, "SELECT id FROM people LIMIT 0") == []
    assert column(conn, "SELECT id FROM people OFFSET 10") == []
    assert column(conn, "SELECT DISTINCT age FROM people LIMIT 2") == [30, 25]


def test_limit_stops_reading_without_order_by(conn, keyed):
    # Documents 1..4 are fine, 5 is broken: a streamed LIMIT never opens it.
    assert column(conn, "SELECT id FROM keyed LIMIT 3") == [1, 2, 3]
    # ORDER BY the key with LIMIT reads in key order through the primary-key index: only the
    # rows it returns (so the broken 5 is reached from the top, never from the bottom).
    assert column(conn, "SELECT id FROM keyed ORDER BY id LIMIT 2") == [1, 2]
    assert sql_error(conn, "SELECT id FROM keyed ORDER BY id DESC LIMIT 1").pgcode == "XX001"
    # ORDER BY anything else needs every row, so it does.
    assert sql_error(conn, "SELECT id FROM keyed ORDER BY id + 0 LIMIT 1").pgcode == "XX001"


def test_limit_offset_parameters_in_the_extended_protocol(wire, people):
    wire.parse("lim", "SELECT id FROM people ORDER BY id LIMIT $1 OFFSET $2")
    wire.describe_statement("lim")
    msgs = sync(wire)
    assert parameter_description(msgs[1].body) == [INT8, INT8]
    wire.bind("", "lim", ["2", "1"])
    wire.execute("")
    msgs = sync(wire)
    assert rows(msgs) == [["2"], ["3"]]
    assert tags(msgs) == ["SELECT 2"]


def test_portal_suspends_and_resumes_a_table_scan(wire, people):
    wire.parse("", "SELECT id FROM people WHERE age IS NOT NULL")
    wire.bind("p", "")
    wire.execute("p", 2)
    wire.execute("p", 2)
    wire.execute("p", 2)
    msgs = sync(wire)
    assert kinds(msgs) == "12DDsDDsCZ", msgs
    assert rows(msgs) == [["1"], ["2"], ["10"], ["22"]]


def test_parameter_types_come_from_the_columns(wire, people):
    wire.parse("typed", "SELECT name FROM people WHERE city = $1 AND score > $2 AND active = $3")
    wire.describe_statement("typed")
    msgs = sync(wire)
    assert kinds(msgs) == "1tTZ", msgs
    assert parameter_description(msgs[1].body) == [TEXT, NUMERIC, BOOL]
    wire.bind("", "typed", ["paris", "10", "t"])
    wire.execute("")
    assert rows(sync(wire)) == [["alice"]]


def test_group_by_and_joins_are_not_yet_supported(conn, people):
    assert sql_error(conn, "SELECT city FROM people GROUP BY city").pgcode == "0A000"
    assert sql_error(conn, "SELECT 1 FROM people, people p2").pgcode == "0A000"
