"""Table-free SQL through psycopg2: literals, operators, functions, result names and types,
session functions, UUIDs and error codes with positions. Expectations are PostgreSQL 15's
(SB_TEST_TARGET=postgres runs them against it; SmarterBase-only features are skipped there)."""
import datetime
import decimal
import os
import time
import uuid

import psycopg2
import psycopg2.errors
import pytest

ON_POSTGRES = os.environ.get("SB_TEST_TARGET") == "postgres"
smarterbase_only = pytest.mark.skipif(ON_POSTGRES, reason="SmarterBase extension")

D = decimal.Decimal
BOOL, INT2, INT4, INT8, TEXT, NUMERIC = 16, 21, 23, 20, 25, 1700
FLOAT4, FLOAT8, VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ = 700, 701, 1043, 1082, 1114, 1184
UUID, JSONB, JSON, BYTEA, NAME_ARRAY, VOID, NAME = 2950, 3802, 114, 17, 1003, 2278, 19


@pytest.fixture(scope="module")
def db(target):
    conn = psycopg2.connect(target.dsn(), connect_timeout=10)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture
def cur(db):
    with db.cursor() as c:
        yield c


def one(cur, sql, params=None):
    cur.execute(sql, params)
    (row,) = cur.fetchall()
    (value,) = row
    return value


def row(cur, sql, params=None):
    cur.execute(sql, params)
    (r,) = cur.fetchall()
    return r


def text(cur, sql):
    """The value's text form as the server prints it (no client-side conversion)."""
    return one(cur, "SELECT (%s)::text" % sql)


# --- arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize("expr,value,oid", [
    ("1 / 2", 0, INT4),
    ("7 / 2", 3, INT4),
    ("-7 / 2", -3, INT4),
    ("-7 % 3", -1, INT4),
    ("7 % -3", 1, INT4),
    ("1.0 / 3", D("0.33333333333333333333"), NUMERIC),
    ("1 / 3.0", D("0.33333333333333333333"), NUMERIC),
    ("5 / 2.0", D("2.5000000000000000"), NUMERIC),
    ("2 ^ 10", 1024.0, FLOAT8),
    ("2 * 3 + 4", 10, INT4),
    ("2 + 3 * 4", 14, INT4),
    ("(2 + 3) * 4", 20, INT4),
    ("- 5 + 2", -3, INT4),
    ("10 - 2 - 3", 5, INT4),
    ("2147483647", 2147483647, INT4),
    ("2147483648", 2147483648, INT8),
    ("9223372036854775807", 9223372036854775807, INT8),
    ("9223372036854775808", D("9223372036854775808"), NUMERIC),
    ("1.5", D("1.5"), NUMERIC),
    ("1e3", D("1000"), NUMERIC),
    ("1.5e-3", D("0.0015"), NUMERIC),
    ("0.1 + 0.2", D("0.3"), NUMERIC),
    ("0.1::float8 + 0.2::float8", 0.30000000000000004, FLOAT8),
    ("3 * 1.5", D("4.5"), NUMERIC),
    ("1 + 1::int8", 2, INT8),
    ("1::int2 + 1::int2", 2, INT2),
    ("1::int2 + 1", 2, INT4),
    ("2.5::float4 * 2", 5.0, FLOAT8),
    ("@ -5", 5, INT4),
    ("abs(-5.5)", D("5.5"), NUMERIC),
    ("round(2.5)", D("3"), NUMERIC),
    ("round(2.345, 2)", D("2.35"), NUMERIC),
    ("10 % 3.5", D("3.0"), NUMERIC),
])
def test_arithmetic(cur, expr, value, oid):
    cur.execute("SELECT " + expr)
    assert cur.fetchall() == [(value,)]
    assert cur.description[0].type_code == oid


@pytest.mark.parametrize("expr,printed", [
    ("1.0 / 3", "0.33333333333333333333"),
    ("2 ^ 10", "1024"),
    ("2 ^ 0.5", "1.4142135623730950"),  # numeric power
    ("2::float8 ^ 0.5", "1.4142135623730951"),
    ("1::float8 / 3", "0.3333333333333333"),
    ("1::float4 / 3::float4", "0.33333334"),
    ("1::float4 / 3", "0.3333333333333333"),  # float4 / int4 is float8
    ("1e100::float8", "1e+100"),
    ("'NaN'::float8", "NaN"),
    ("-0.0::float8", "-0"),
    ("100::numeric(10, 2)", "100.00"),
    ("1.005::numeric(10, 2)", "1.01"),
    ("'-inf'::float8", "-Infinity"),
])
def test_number_output(cur, expr, printed):
    assert text(cur, expr) == printed


@pytest.mark.parametrize("expr", [
    "2147483647 + 1",
    "-2147483648 - 1",
    "2147483647 * 2",
    "9223372036854775807 + 1",
    "(-9223372036854775808)::int8 * -1",
    "32767::int2 + 1::int2",
    "40000::int2",
    "3000000000::int4",
    "(-2147483648) / -1",
])
def test_integer_overflow_is_22003(cur, expr):
    with pytest.raises(psycopg2.errors.NumericValueOutOfRange):
        cur.execute("SELECT " + expr)


@pytest.mark.parametrize("expr", ["1 / 0", "1.0 / 0", "1 % 0", "1::float8 / 0", "5::int8 / 0"])
def test_division_by_zero_is_22012(cur, expr):
    with pytest.raises(psycopg2.errors.DivisionByZero) as e:
        cur.execute("SELECT " + expr)
    assert e.value.pgerror.startswith("ERROR:  division by zero")


# --- comparison and logic -------------------------------------------------------------------


@pytest.mark.parametrize("expr,value", [
    ("1 < 2", True),
    ("2 <= 1", False),
    ("1 = 1.0", True),
    ("1 <> 2", True),
    ("1 != 1", False),
    ("'a' < 'b'", True),
    ("'abc' = 'abc'", True),
    ("2 > 1.5", True),
    ("'2024-01-01'::date < '2024-01-02'::date", True),
    ("NULL = NULL", None),
    ("NULL <> 1", None),
    ("true AND NULL", None),
    ("false AND NULL", False),
    ("true OR NULL", True),
    ("false OR NULL", None),
    ("NOT NULL::boolean", None),
    ("NOT true", False),
    ("true AND NOT false OR false", True),
    ("NULL IS NULL", True),
    ("1 IS NULL", False),
    ("NULL IS NOT NULL", False),
    ("true IS TRUE", True),
    ("NULL IS TRUE", False),
    ("NULL IS NOT TRUE", True),
    ("false IS NOT FALSE", False),
    ("NULL::boolean IS UNKNOWN", True),
    ("NULL IS DISTINCT FROM NULL", False),
    ("1 IS DISTINCT FROM NULL", True),
    ("1 IS NOT DISTINCT FROM 1", True),
    ("NULL IS NOT DISTINCT FROM NULL", True),
    ("2 IN (1, 2, 3)", True),
    ("5 IN (1, 2, 3)", False),
    ("1 IN (2, NULL)", None),
    ("1 IN (1, NULL)", True),
    ("1 NOT IN (2, 3)", True),
    ("1 NOT IN (2, NULL)", None),
    ("'b' IN ('a', 'b')", True),
    ("5 BETWEEN 1 AND 10", True),
    ("5 BETWEEN 10 AND 1", False),
    ("5 BETWEEN SYMMETRIC 10 AND 1", True),
    ("0 NOT BETWEEN 1 AND 10", True),
    ("NULL BETWEEN 1 AND 2", None),
    ("'abc' LIKE 'a%'", True),
    ("'abc' LIKE 'a_c'", True),
    ("'abc' LIKE 'A%'", False),
    ("'abc' ILIKE 'A%'", True),
    ("'abc' NOT LIKE '%c'", False),
    ("'abc' NOT ILIKE '%C'", False),
    ("'a%c' LIKE 'a\\%c'", True),
    ("'abc' LIKE 'a\\%c'", False),
    ("'a_c' LIKE 'a#_c' ESCAPE '#'", True),
    ("'abc' LIKE 'abc'", True),
    ("'' LIKE '%'", True),
    ("NULL LIKE 'a'", None),
])
def test_predicates(cur, expr, value):
    cur.execute("SELECT " + expr)
    assert cur.fetchall() == [(value,)]
    assert cur.description[0].type_code == BOOL


# --- strings, casts, conditionals -----------------------------------------------------------


@pytest.mark.parametrize("expr,value,oid", [
    ("'a' || 'b'", "ab", TEXT),
    ("'a' || NULL", None, TEXT),
    ("'n=' || 42", "n=42", TEXT),
    ("42 || '!'", "42!", TEXT),
    ("'x' || 1.5 || true", "x1.5true", TEXT),
    ("'it''s'", "it's", TEXT),
    ("E'tab\\there'", "tab\there", TEXT),
    ("'ünïcödé ✓'", "ünïcödé ✓", TEXT),
    ("length('héllo')", 5, INT4),
    ("upper('abc')", "ABC", TEXT),
    ("lower('ABC')", "abc", TEXT),
    ("'42'::int", 42, INT4),
    ("'42'::int8", 42, INT8),
    ("CAST('42' AS integer)", 42, INT4),
    ("CAST(42 AS text)", "42", TEXT),
    ("42::text", "42", TEXT),
    ("' 42 '::int", 42, INT4),
    ("3.7::int", 4, INT4),
    ("-3.5::int", -4, INT4),
    ("2.5::int", 3, INT4),
    ("'3.25'::numeric", D("3.25"), NUMERIC),
    ("'1.5'::float8", 1.5, FLOAT8),
    ("'true'::boolean", True, BOOL),
    ("'no'::bool", False, BOOL),
    ("1::boolean", True, BOOL),
    ("true::int", 1, INT4),
    ("'abc'::varchar", "abc", VARCHAR),
    ("'abcdef'::varchar(3)", "abc", VARCHAR),
    ("'2024-02-29'::date", datetime.date(2024, 2, 29), DATE),
    ("'2024-02-29 12:34:56'::timestamp", datetime.datetime(2024, 2, 29, 12, 34, 56), TIMESTAMP),
    ("'0f8fad5b-d9cb-469f-a165-70867728950e'::uuid", "0f8fad5b-d9cb-469f-a165-70867728950e",
     UUID),
    ("'{\"b\": 1, \"a\": [true, null]}'::jsonb", {"a": [True, None], "b": 1}, JSONB),
    ("CASE WHEN 1 > 2 THEN 'x' WHEN 2 > 1 THEN 'y' ELSE 'z' END", "y", TEXT),
    ("CASE WHEN false THEN 1 END", None, INT4),
    ("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", "two", TEXT),
    ("CASE NULL WHEN NULL THEN 'same' ELSE 'different' END", "different", TEXT),
    ("CASE WHEN true THEN 1 ELSE 2.5 END", D("1"), NUMERIC),
    ("COALESCE(NULL, 2, 3)", 2, INT4),
    ("COALESCE(NULL, NULL)", None, TEXT),
    ("COALESCE(NULL, 'x')", "x", TEXT),
    ("COALESCE(1, 2.5)", D("1"), NUMERIC),
    ("NULLIF(1, 1)", None, INT4),
    ("NULLIF(1, 2)", 1, INT4),
    ("NULLIF('a', 'b')", "a", TEXT),
    ("GREATEST(1, 3, 2)", 3, INT4),
    ("GREATEST(1, NULL, 2)", 2, INT4),
    ("LEAST(3, 1.5, 2)", D("1.5"), NUMERIC),
    ("LEAST('b', 'a', 'c')", "a", TEXT),
    ("GREATEST(NULL, NULL)", None, TEXT),
    ("NULL", None, TEXT),
    ("NULL::int", None, INT4),
])
def test_values_and_types(cur, expr, value, oid):
    cur.execute("SELECT " + expr)
    assert cur.fetchall() == [(value,)]
    assert cur.description[0].type_code == oid


@pytest.mark.parametrize("expr,printed", [
    ("'2024-02-29 12:34:56.5'::timestamp", "2024-02-29 12:34:56.5"),
    ("'2024-02-29'::date + 1", "2024-03-01"),
    ("'\\xDEADbeef'::bytea", "\\xdeadbeef"),
    ("'{\"b\": 1, \"a\": [true, null]}'::jsonb", '{"a": [true, null], "b": 1}'),
    ("'  {\"b\":1}  '::json", '  {"b":1}  '),
    ("true", "true"),
    ("1.50::numeric", "1.50"),
    ("'0F8FAD5B-D9CB-469F-A165-70867728950E'::uuid", "0f8fad5b-d9cb-469f-a165-70867728950e"),
])
def test_text_forms(cur, expr, printed):
    assert text(cur, expr) == printed


# --- result column names and types ----------------------------------------------------------


def names_and_types(cur, sql):
    cur.execute(sql)
    return [(d.name, d.type_code) for d in cur.description]


def test_result_column_names(cur):
    sql = ("SELECT 1, 1 AS one, 2 two, 1 + 1, 'x'::text, CAST(1 AS bigint), 1::int4, "
           "now(), upper('a'), COALESCE(1, 2), NULLIF(1, 2), GREATEST(1, 2), "
           "CASE WHEN true THEN 1 END, current_user, CURRENT_TIMESTAMP, version(), "
           "'a'::varchar(5), 1::numeric(5,2), true AS \"Mixed Case\", -1, 1 < 2")
    assert names_and_types(cur, sql) == [
        ("?column?", INT4), ("one", INT4), ("two", INT4), ("?column?", INT4), ("text", TEXT),
        ("int8", INT8), ("int4", INT4), ("now", TIMESTAMPTZ), ("upper", TEXT),
        ("coalesce", INT4), ("nullif", INT4), ("greatest", INT4), ("case", INT4),
        ("current_user", NAME), ("current_timestamp", TIMESTAMPTZ), ("version", TEXT),
        ("varchar", VARCHAR), ("numeric", NUMERIC), ("Mixed Case", BOOL), ("?column?", INT4),
        ("?column?", BOOL)]


def test_column_alias_case_folding(cur):
    assert names_and_types(cur, "SELECT 1 AS Foo, 2 AS \"Bar\", 3 AS select") == [
        ("foo", INT4), ("Bar", INT4), ("select", INT4)]


def test_more_result_types(cur):
    sql = ("SELECT 1::int2, 1::float4, 1::float8, '2024-01-01'::date, "
           "'2024-01-01'::timestamp, '2024-01-01'::timestamptz, gen_random_uuid(), "
           "'{}'::jsonb, '{}'::json, '\\x00'::bytea, 'a'::varchar, 'x'")
    assert [t for _, t in names_and_types(cur, sql)] == [
        INT2, FLOAT4, FLOAT8, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSONB, JSON, BYTEA, VARCHAR,
        TEXT]


# --- session functions ----------------------------------------------------------------------


def test_version(cur):
    v = one(cur, "SELECT version()")
    assert v.startswith("PostgreSQL 15"), v
    assert one(cur, "SHOW server_version").startswith("15.")
    assert one(cur, "SHOW server_version_num").startswith("150")


def test_who_and_where(cur):
    assert row(cur, "SELECT current_database(), current_user, session_user, user, "
                    "current_schema(), current_schema") == (
        "postgres", "tester", "tester", "tester", "public", "public")
    assert one(cur, "SELECT current_schemas(true)") == ["pg_catalog", "public"]
    assert one(cur, "SELECT current_schemas(false)") == ["public"]
    assert cur.description[0].type_code == NAME_ARRAY


def test_now_is_the_transaction_start(target):
    conn = psycopg2.connect(target.dsn(), connect_timeout=10)
    try:
        with conn.cursor() as cur:  # psycopg2 opens a transaction with the first statement
            first = one(cur, "SELECT now()")
            assert first.tzinfo is not None
            cur.execute("SELECT pg_sleep(0.02)")
            assert row(cur, "SELECT now(), CURRENT_TIMESTAMP, transaction_timestamp()") == (
                first, first, first)
            later = one(cur, "SELECT clock_timestamp()")
            assert later > first
            conn.commit()
            assert one(cur, "SELECT now()") > first
            conn.rollback()
    finally:
        conn.close()


def test_now_is_close_to_the_clock(cur):
    value = one(cur, "SELECT now()")
    wall = datetime.datetime.now(datetime.timezone.utc)
    assert abs((wall - value).total_seconds()) < 5


def test_current_date_and_localtimestamp(cur):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert one(cur, "SELECT CURRENT_DATE") in (today, today - datetime.timedelta(days=1))
    assert cur.description[0].type_code == DATE
    cur.execute("SELECT LOCALTIMESTAMP")
    assert cur.description[0].type_code == TIMESTAMP


def test_gen_random_uuid_is_version_4(cur):
    seen = set()
    for _ in range(20):
        u = uuid.UUID(one(cur, "SELECT gen_random_uuid()"))
        assert u.version == 4
        assert u.variant == uuid.RFC_4122
        seen.add(u)
    assert len(seen) == 20
    assert cur.description[0].type_code == UUID


@smarterbase_only
def test_gen_random_uuid7_is_version_7_and_increasing(cur):
    values = [uuid.UUID(one(cur, "SELECT gen_random_uuid7()")) for _ in range(100)]
    assert cur.description[0].type_code == UUID
    for u in values:
        assert u.version == 7
        assert u.variant == uuid.RFC_4122
    assert all(a < b for a, b in zip(values, values[1:])), values
    # The first 48 bits are the Unix time in milliseconds.
    millis = values[-1].int >> 80
    assert abs(millis / 1000 - time.time()) < 5


@smarterbase_only
def test_gen_random_uuid7_within_one_statement(cur):
    cur.execute("SELECT " + ", ".join(["gen_random_uuid7()"] * 50))
    values = [uuid.UUID(v) for v in cur.fetchone()]
    assert len(set(values)) == 50
    assert all(u.version == 7 for u in values)


def test_pg_sleep(cur):
    started = time.monotonic()
    cur.execute("SELECT pg_sleep(0.1)")
    elapsed = time.monotonic() - started
    assert cur.fetchall() == [("",)]
    assert cur.description[0].name == "pg_sleep"
    assert cur.description[0].type_code == VOID
    assert 0.1 <= elapsed < 5


# --- errors ---------------------------------------------------------------------------------


def error_of(cur, sql):
    with pytest.raises(psycopg2.Error) as e:
        cur.execute(sql)
    return e.value


@pytest.mark.parametrize("sql,position,near", [
    ("SELEC 1", 1, "SELEC"),
    ("SELECT 1 2", 10, "2"),
    ("SELECT (1", None, None),  # at end of input
    ("SELECT 1 +", None, None),
    ("SELECT * FORM x", 10, "FORM"),
    ("SELECT 1,, 2", 10, ","),
    ("SELECT 'a' 'b'", 12, "'b'"),
    ("SELECT CASE END", 13, "END"),
    ("SELECT 1 AS", None, None),
])
def test_syntax_error_is_42601_with_position(cur, sql, position, near):
    err = error_of(cur, sql)
    assert err.pgcode == "42601", (sql, err.pgcode)
    assert err.diag.severity == "ERROR"
    if near is None:
        assert err.diag.message_primary == "syntax error at end of input"
        assert int(err.diag.statement_position) == len(sql) + 1
    else:
        assert err.diag.message_primary == 'syntax error at or near "%s"' % near
        assert int(err.diag.statement_position) == position


def test_syntax_error_position_counts_characters_not_bytes(cur):
    sql = "SELECT 'ünï', 'ä' 1"
    err = error_of(cur, sql)
    assert err.pgcode == "42601"
    assert err.diag.message_primary == 'syntax error at or near "1"'
    assert int(err.diag.statement_position) == len(sql)


def test_unknown_column_is_42703(cur):
    err = error_of(cur, "SELECT no_such_column")
    assert err.pgcode == "42703"
    assert err.diag.message_primary == 'column "no_such_column" does not exist'
    assert int(err.diag.statement_position) == 8


def test_unknown_function_is_42883(cur):
    err = error_of(cur, "SELECT 1 + no_such_function(1, 'a')")
    assert err.pgcode == "42883"
    assert err.diag.message_primary == "function no_such_function(integer, unknown) does not exist"
    assert int(err.diag.statement_position) == 12
    assert err.diag.message_hint.startswith("No function matches")


def test_unknown_operator_is_42883(cur):
    err = error_of(cur, "SELECT true + 1")
    assert err.pgcode == "42883"
    assert err.diag.message_primary == "operator does not exist: boolean + integer"
    assert int(err.diag.statement_position) == 13


def test_unknown_table_is_42p01(cur):
    err = error_of(cur, "SELECT * FROM no_such_table")
    assert err.pgcode == "42P01"
    assert err.diag.message_primary == 'relation "no_such_table" does not exist'
    assert int(err.diag.statement_position) == 15


def test_unknown_type_is_42704(cur):
    err = error_of(cur, "SELECT 1::no_such_type")
    assert err.pgcode == "42704"
    assert err.diag.message_primary == 'type "no_such_type" does not exist'


@pytest.mark.parametrize("sql,code,message,position", [
    ("SELECT 'abc'::int", "22P02", 'invalid input syntax for type integer: "abc"', 8),
    ("SELECT 1 + '1.5'::int", "22P02", 'invalid input syntax for type integer: "1.5"', 12),
    ("SELECT 'maybe'::boolean", "22P02", 'invalid input syntax for type boolean: "maybe"', 8),
    ("SELECT 'x'::numeric", "22P02", 'invalid input syntax for type numeric: "x"', 8),
    ("SELECT 'nope'::uuid", "22P02", 'invalid input syntax for type uuid: "nope"', 8),
    ("SELECT '{bad'::jsonb", "22P02", "invalid input syntax for type json", 8),
    ("SELECT 'today-ish'::date", "22007", 'invalid input syntax for type date: "today-ish"', 8),
    ("SELECT '2024-02-30'::date", "22008", 'date/time field value out of range: "2024-02-30"', 8),
])
def test_invalid_input(cur, sql, code, message, position):
    # 22P02 invalid_text_representation; dates use 22007/22008 like PostgreSQL.
    err = error_of(cur, sql)
    assert err.pgcode == code, (sql, err.pgcode, err.pgerror)
    assert err.diag.message_primary == message
    assert int(err.diag.statement_position) == position


def test_errors_leave_the_connection_usable(cur):
    for sql in ["SELEC", "SELECT 1/0", "SELECT 'x'::int", "SELECT nope"]:
        error_of(cur, sql)
        assert one(cur, "SELECT 41 + 1") == 42
