"""Simple-protocol statements reuse a plan per shape (text with its constants lifted out).
psycopg2 sends every statement as a simple Query with the values spelled into the text, so
each case below runs the same shape with several constants in one session, and compares with
a session that plans every statement afresh (plan_cache_mode = force_custom_plan): rows,
result column types and errors must be the same. Runs against PostgreSQL too
(SB_TEST_TARGET=postgres)."""
import json
import os

import psycopg2
import psycopg2.errors
import pytest

from pgwire import Conn, errors
from pgwire import rows as wire_rows

SETUP = [
    "CREATE TABLE pc (id int PRIMARY KEY, b bigint UNIQUE, n numeric, s text, "
    "ts timestamptz, u uuid, flag boolean)",
    "INSERT INTO pc VALUES "
    "(1, 7, 1.5, 'apple', '2024-01-01 10:00+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true), "
    "(2, 5000000000, 2.5, 'banana', '2024-06-01 10:00+00', "
    "'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', false), "
    "(3, -4, 3, 'avocado', NULL, NULL, NULL), "
    "(4, NULL, NULL, 'it''s', '2025-01-01 00:00+00', NULL, true)",
]

# Each shape, run in order with each set of constants.
CASES = [
    ("SELECT id, b, s FROM pc WHERE id = {}", ["1", "2", "999", "3"]),
    ("SELECT id FROM pc WHERE b = {}", ["7", "5000000000", "-4", "99999999999999999999"]),
    ("SELECT id FROM pc WHERE n > {} ORDER BY id", ["2.5", "1", "2", "-1e3"]),
    ("SELECT id FROM pc WHERE s = {}", ["'apple'", "'it''s'", "E'banana'", "'nope'"]),
    ("SELECT id FROM pc WHERE s LIKE {} ORDER BY id", ["'a%'", "'%an%'", "'_pple'"]),
    ("SELECT id FROM pc WHERE ts > {} ORDER BY id", ["'2024-03-01'", "'2024-12-31 23:00-05'"]),
    ("SELECT id FROM pc WHERE u = {}", ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                                         "'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'"]),
    ("SELECT id FROM pc WHERE id IN ({}, {}) ORDER BY id DESC", [("1", "3"), ("2", "4")]),
    ("SELECT id FROM pc WHERE id BETWEEN {} AND {} ORDER BY id", [("2", "3"), ("1", "4")]),
    ("SELECT id, s FROM pc ORDER BY {} DESC LIMIT {}", [("1", "2"), ("2", "3"), ("1", "1")]),
    ("SELECT {} + {}", [("1", "2"), ("2147483647", "1"), ("2147483648", "1"), ("1.5", "1")]),
    ("SELECT {}, {}", [("'x'", "1"), ("'y'", "2.0")]),
    ("SELECT {} || s FROM pc WHERE id = {}", [("'x'", "1"), ("'y'", "2")]),
    ("SELECT id FROM pc WHERE flag = {} ORDER BY id", ["true", "false"]),
    ("SELECT id FROM pc ORDER BY id LIMIT {} OFFSET {}", [("2", "1"), ("1", "3"), ("0", "0")]),
    ("SELECT {}::int", ["'5'", "'abc'", "'7'"]),
    ("SELECT id FROM pc WHERE id = {}", ["'2'", "'x'", "'3'"]),
]


def run(cur, sql):
    try:
        cur.execute(sql)
        return ("ok", [d.type_code for d in cur.description] if cur.description else None,
                cur.fetchall() if cur.description else cur.rowcount)
    except psycopg2.Error as e:
        return ("error", e.pgcode, e.diag.message_primary, e.diag.statement_position)


def fill(template, values):
    return template.format(*(values if isinstance(values, tuple) else (values,)))


@pytest.fixture
def pair(fresh_target):
    cached = psycopg2.connect(fresh_target.dsn(), connect_timeout=10)
    fresh = psycopg2.connect(fresh_target.dsn(), connect_timeout=10)
    cached.autocommit = fresh.autocommit = True
    with cached.cursor() as cur:
        for sql in SETUP:
            cur.execute(sql)
    fresh.cursor().execute("SET plan_cache_mode = force_custom_plan")
    yield cached, fresh
    cached.close()
    fresh.close()


def test_each_shape_with_other_constants_answers_as_a_fresh_plan(pair):
    cached, fresh = pair
    with cached.cursor() as a, fresh.cursor() as b:
        for template, values in CASES:
            for round_ in range(2):  # the second round runs every shape from the cache
                for value in values:
                    sql = fill(template, value)
                    assert run(a, sql) == run(b, sql), (round_, sql)


def test_the_results_themselves(pair):
    cached, _ = pair
    with cached.cursor() as cur:
        for id_, expected in ((1, "apple"), (2, "banana"), (4, "it's")):
            cur.execute("SELECT s FROM pc WHERE id = %s", (id_,))
            assert cur.fetchall() == [(expected,)]
        cur.execute("SELECT id FROM pc WHERE b = 5000000000")
        assert cur.fetchall() == [(2,)]
        cur.execute("SELECT id FROM pc WHERE b = 7")
        assert cur.fetchall() == [(1,)]
        for column, expected in ((1, [(4, "it's"), (3, "avocado")]),
                                 (2, [(4, "it's"), (2, "banana")])):
            cur.execute("SELECT id, s FROM pc ORDER BY %d DESC LIMIT 2" % column)
            assert cur.fetchall() == expected


def test_writes_reuse_plans_and_count_right(pair):
    cached, _ = pair
    with cached.cursor() as cur:
        for _ in range(20):
            cur.execute("UPDATE pc SET n = n + 1 WHERE id = 3")
            assert cur.rowcount == 1
        cur.execute("SELECT n FROM pc WHERE id = 3")
        assert str(cur.fetchone()[0]) == "23"
        for i in range(10, 15):
            cur.execute("INSERT INTO pc (id, s) VALUES (%s, %s) RETURNING id, s", (i, "v%d" % i))
            assert cur.fetchall() == [(i, "v%d" % i)]
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO pc (id, s) VALUES (%s, %s) RETURNING id, s", (12, "again"))
        for i in range(10, 15):
            cur.execute("DELETE FROM pc WHERE id = %s", (i,))
            assert cur.rowcount == 1
        cur.execute("DELETE FROM pc WHERE id = %s", (10,))
        assert cur.rowcount == 0


def test_a_changed_table_is_planned_again(pair):
    cached, _ = pair
    with cached.cursor() as cur:
        cur.execute("CREATE TABLE pc2 (id text PRIMARY KEY)")
        cur.execute("INSERT INTO pc2 VALUES ('1')")
        cur.execute("SELECT id FROM pc2 WHERE id = '1'")
        assert cur.fetchall() == [("1",)]
        cur.execute("DROP TABLE pc2")
        cur.execute("CREATE TABLE pc2 (id int PRIMARY KEY)")
        cur.execute("INSERT INTO pc2 VALUES (1), (2)")
        cur.execute("SELECT id FROM pc2 WHERE id = '2'")
        assert cur.fetchall() == [(2,)]
        cur.execute("DROP TABLE pc2")
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("SELECT id FROM pc2 WHERE id = '2'")


def test_a_hand_edited_schema_is_planned_again(fresh_target):
    if getattr(fresh_target, "is_postgres", False):
        pytest.skip("schema files are SmarterBase's")
    c = psycopg2.connect(fresh_target.dsn(), connect_timeout=10)
    c.autocommit = True
    cur = c.cursor()
    cur.execute("CREATE TABLE he (id int PRIMARY KEY, a text)")
    cur.execute("INSERT INTO he VALUES (1, 'x'), (2, 'y')")
    cur.execute("SELECT * FROM he WHERE id = 1")
    cur.execute("SELECT * FROM he WHERE id = 2")
    path = os.path.join(fresh_target.data, "postgres", "_schema", "he.json")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace('"name": "a"', '"name": "b"'))
    cur.execute("SELECT * FROM he WHERE id = 1")
    assert [d.name for d in cur.description] == ["id", "b"]
    schema = json.loads(text)
    schema["columns"].append({"name": "extra", "type": "text", "default": "'new'"})
    with open(path, "w") as f:
        json.dump(schema, f)
    cur.execute("SELECT * FROM he WHERE id = 2")
    assert [d.name for d in cur.description] == ["id", "a", "extra"]
    assert cur.fetchall() == [(2, "y", "new")]
    c.close()


def test_a_failed_transaction_still_refuses_cached_shapes(pair):
    cached, _ = pair
    cached.autocommit = False
    with cached.cursor() as cur:
        cur.execute("SELECT id FROM pc WHERE id = 1")
        cached.commit()
        with pytest.raises(psycopg2.errors.DivisionByZero):
            cur.execute("SELECT 1 / 0")
        with pytest.raises(psycopg2.errors.InFailedSqlTransaction):
            cur.execute("SELECT id FROM pc WHERE id = 2")
        cached.rollback()
        cur.execute("SELECT id FROM pc WHERE id = 2")
        assert cur.fetchall() == [(2,)]
        cached.commit()


def test_plan_cache_mode_setting(pair):
    cached, _ = pair
    with cached.cursor() as cur:
        cur.execute("SHOW plan_cache_mode")
        assert cur.fetchone() == ("auto",)
        cur.execute("SET plan_cache_mode = force_generic_plan")
        with pytest.raises(psycopg2.errors.InvalidParameterValue):
            cur.execute("SET plan_cache_mode = sometimes")


def test_discard_plans_keeps_prepared_statements_and_discard_all_drops_them(pair, fresh_target):
    with Conn.connected(fresh_target) as c:
        c.parse("p", "SELECT s FROM pc WHERE id = $1", [23])
        c.sync()
        assert errors(c.read_until_ready()) == []
        for command, expected in (("DISCARD PLANS", []), ("DISCARD ALL", ["26000"])):
            assert errors(c.simple(command)) == []
            c.bind("", "p", [b"1"])
            c.execute("")
            c.sync()
            messages = c.read_until_ready()
            assert [e["C"] for e in errors(messages)] == expected, command
            if not expected:
                assert wire_rows(messages) == [["apple"]]
