"""Extended query protocol: statements, portals, Describe, row limits, Flush, pipelines with
errors, protocol errors, and the exact text and binary encodings of the common types.
Expectations are PostgreSQL 15's (SB_TEST_TARGET=postgres checks them against it)."""
import datetime
import decimal
import re
import struct
import uuid

import pytest

from pgwire import Conn, errors, kinds, parameter_description, ready_status, row_description
from pgwire import rows, tags

INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, TEXT, UUID = 21, 23, 20, 700, 701, 16, 25, 2950
DATE, TIMESTAMP, TIMESTAMPTZ, BYTEA, JSONB, NUMERIC = 1082, 1114, 1184, 17, 3802, 1700


@pytest.fixture
def conn(target):
    with Conn.connected(target, TimeZone="UTC") as c:
        yield c


def sync(c):
    c.sync()
    return c.read_until_ready()


def only_error(msgs):
    errs = errors(msgs)
    assert len(errs) == 1, msgs
    return errs[0]


# --- statements and portals -----------------------------------------------------------------


def test_unnamed_statement_and_portal(conn):
    conn.parse("", "SELECT $1::int4 + 1 AS answer", [INT4])
    conn.bind("", "", ["41"])
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12TDCZ", msgs
    (field,) = row_description(msgs[2].body)
    assert (field.name, field.type_oid, field.format) == ("answer", INT4, 0)
    assert rows(msgs) == [["42"]]
    assert tags(msgs) == ["SELECT 1"]
    assert ready_status(msgs) == "I"


def test_unnamed_statement_is_replaced_by_the_next_parse(conn):
    conn.parse("", "SELECT 1")
    conn.parse("", "SELECT 2")
    conn.bind("", "")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "112DCZ", msgs
    assert rows(msgs) == [["2"]]


def test_named_statement_is_reused_across_binds_and_syncs(conn):
    conn.parse("concat2", "SELECT $1::text || $2::text")
    conn.bind("", "concat2", ["a", "b"])
    conn.execute("")
    conn.bind("", "concat2", ["c", None])
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12DC2DCZ", msgs
    assert rows(msgs) == [["ab"], [None]]
    # Still there after Sync; gone after Close.
    conn.bind("", "concat2", ["x", "y"])
    conn.execute("")
    msgs = sync(conn)
    assert rows(msgs) == [["xy"]]
    conn.close_statement("concat2")
    msgs = sync(conn)
    assert kinds(msgs) == "3Z"
    conn.bind("", "concat2", ["x", "y"])
    msgs = sync(conn)
    assert only_error(msgs)["C"] == "26000"


def test_named_portals_interleave(conn):
    conn.parse("pair", "SELECT $1::int4 * 10")
    conn.bind("first", "pair", ["1"])
    conn.bind("second", "pair", ["2"])
    conn.execute("second")
    conn.execute("first")
    msgs = sync(conn)
    assert kinds(msgs) == "122DCDCZ", msgs
    assert rows(msgs) == [["20"], ["10"]]


def test_describe_statement(conn):
    conn.parse("desc", "SELECT $1::int4 AS a, $2::text AS b, $3::uuid", [INT4, 0, 0])
    conn.describe_statement("desc")
    msgs = sync(conn)
    assert kinds(msgs) == "1tTZ", msgs
    assert parameter_description(msgs[1].body) == [INT4, TEXT, UUID]
    fields = row_description(msgs[2].body)
    assert [(f.name, f.type_oid, f.format) for f in fields] == [
        ("a", INT4, 0), ("b", TEXT, 0), ("uuid", UUID, 0)]


def test_describe_statement_infers_parameter_types(conn):
    conn.parse("infer", "SELECT $1 + 1, $2 = 'x', $3")
    conn.describe_statement("infer")
    msgs = sync(conn)
    assert kinds(msgs) == "1tTZ", msgs
    # $1 from int4 + int4, $2 from text = unknown -> text, a lone $3 is text.
    assert parameter_description(msgs[1].body) == [INT4, TEXT, TEXT]
    fields = row_description(msgs[2].body)
    assert [f.type_oid for f in fields] == [INT4, BOOL, TEXT]


def test_describe_statement_without_result_is_nodata(conn):
    conn.parse("quiet", "SET application_name = 'described'")
    conn.describe_statement("quiet")
    msgs = sync(conn)
    assert kinds(msgs) == "1tnZ", msgs
    assert parameter_description(msgs[1].body) == []
    # Describing did not run it.
    assert conn.parameters["application_name"] == ""


def test_describe_portal_reports_result_formats(conn):
    conn.parse("", "SELECT 7::int4 AS bin, 'seven'::text AS txt")
    conn.bind("", "", result_formats=[1, 0])
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12TDCZ", msgs
    fields = row_description(msgs[2].body)
    assert [(f.name, f.type_oid, f.format) for f in fields] == [("bin", INT4, 1), ("txt", TEXT, 0)]
    assert rows(msgs, decode=False) == [[struct.pack("!i", 7), b"seven"]]


def test_single_result_format_applies_to_every_column(conn):
    conn.parse("", "SELECT 1::int2, 2::int8")
    conn.bind("", "", result_formats=[1])
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert [f.format for f in row_description(msgs[2].body)] == [1, 1]
    assert rows(msgs, decode=False) == [[struct.pack("!h", 1), struct.pack("!q", 2)]]


def test_describe_portal_without_result_is_nodata(conn):
    conn.parse("", "SET extra_float_digits = 2")
    conn.bind("", "")
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12nCZ", msgs
    assert tags(msgs) == ["SET"]


def test_empty_statement_in_extended_protocol(conn):
    conn.parse("", "")
    conn.bind("", "")
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12nIZ", msgs


def test_multiple_commands_cannot_be_prepared(conn):
    conn.parse("", "SELECT 1; SELECT 2")
    msgs = sync(conn)
    err = only_error(msgs)
    assert err["C"] == "42601"
    assert err["M"] == "cannot insert multiple commands into a prepared statement"


# --- row limits -----------------------------------------------------------------------------

FIVE = "VALUES (1), (2), (3), (4), (5)"


def test_execute_with_row_limit_suspends_then_finishes(conn):
    conn.parse("", FIVE)
    conn.bind("", "")
    conn.execute("", 2)
    conn.execute("", 2)
    conn.execute("", 2)
    msgs = sync(conn)
    assert kinds(msgs) == "12DDsDDsDCZ", msgs
    assert rows(msgs) == [["1"], ["2"], ["3"], ["4"], ["5"]]
    assert tags(msgs) == ["SELECT 1"]  # rows of the last Execute only


def test_row_limit_landing_on_the_end(conn):
    conn.parse("", "VALUES (1), (2), (3), (4)")
    conn.bind("", "")
    conn.execute("", 2)
    conn.execute("", 2)
    conn.execute("", 2)
    conn.execute("", 0)
    msgs = sync(conn)
    # The server cannot know that the second batch was the last one.
    assert kinds(msgs) == "12DDsDDsCCZ", msgs
    assert tags(msgs) == ["SELECT 0", "SELECT 0"]


def test_row_limit_larger_than_result(conn):
    conn.parse("", FIVE)
    conn.bind("", "")
    conn.execute("", 100)
    msgs = sync(conn)
    assert kinds(msgs) == "12DDDDDCZ", msgs
    assert tags(msgs) == ["SELECT 5"]


def test_portal_survives_sync_inside_a_transaction(conn):
    assert kinds(conn.simple("BEGIN")) == "CZ"
    conn.parse("", FIVE)
    conn.bind("cursor", "")
    conn.execute("cursor", 3)
    msgs = sync(conn)
    assert kinds(msgs) == "12DDDsZ", msgs
    assert ready_status(msgs) == "T"
    conn.execute("cursor", 0)
    msgs = sync(conn)
    assert kinds(msgs) == "DDCZ", msgs
    assert rows(msgs) == [["4"], ["5"]]
    assert kinds(conn.simple("COMMIT")) == "CZ"
    conn.execute("cursor", 0)
    msgs = sync(conn)
    assert only_error(msgs)["C"] == "34000"


def test_portal_is_gone_after_sync_outside_a_transaction(conn):
    conn.parse("", FIVE)
    conn.bind("cursor", "")
    conn.execute("cursor", 2)
    msgs = sync(conn)
    assert kinds(msgs) == "12DDsZ", msgs
    assert ready_status(msgs) == "I"
    conn.execute("cursor", 0)
    msgs = sync(conn)
    err = only_error(msgs)
    assert err["C"] == "34000"
    assert err["M"] == 'portal "cursor" does not exist'


# --- Flush ----------------------------------------------------------------------------------


def test_flush_without_sync_returns_what_is_done(conn):
    conn.sock.settimeout(5)  # a server that waits for Sync fails fast
    # asyncpg prepares with Parse/Describe/Flush and reads the answers before binding.
    conn.parse("async", "SELECT $1::int8 AS n", [INT8])
    conn.describe_statement("async")
    conn.flush()
    msgs = conn.read_n(3)
    assert kinds(msgs) == "1tT", msgs
    conn.bind("", "async", [struct.pack("!q", 5)], param_formats=[1], result_formats=[1])
    conn.execute("")
    conn.flush()
    msgs = conn.read_n(3)
    assert kinds(msgs) == "2DC", msgs
    assert rows(msgs, decode=False) == [[struct.pack("!q", 5)]]
    msgs = sync(conn)
    assert kinds(msgs) == "Z"


def test_flush_after_an_error_returns_the_error(conn):
    conn.sock.settimeout(5)
    conn.parse("", "SELECT 1/0")
    conn.bind("", "")
    conn.execute("")
    conn.flush()
    # Where the error is raised (planning at Bind, or Execute) is the server's business.
    msgs = conn.read_until("E")
    assert re.fullmatch("12?E", kinds(msgs)), msgs
    assert errors(msgs)[0]["C"] == "22012"
    conn.bind("", "")  # skipped: still waiting for Sync
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "Z", msgs


# --- errors in a pipeline -------------------------------------------------------------------


def test_error_mid_pipeline_skips_to_sync(conn):
    conn.parse("ok", "SELECT 'before'")
    conn.bind("", "ok")
    conn.execute("")
    conn.parse("", "SELECT 1/0")
    conn.bind("", "")
    conn.execute("")
    # Everything from here to Sync is ignored, including a SET and a Parse.
    conn.parse("later", "SET application_name = 'skipped'")
    conn.bind("", "later")
    conn.execute("")
    conn.describe_statement("ok")
    msgs = sync(conn)
    assert re.fullmatch("12DC12?EZ", kinds(msgs)), msgs
    err = only_error(msgs)
    assert err["C"] == "22012"
    assert err["S"] == "ERROR"
    assert ready_status(msgs) == "I"
    # The pipeline after Sync runs normally, and the skipped statements never happened.
    conn.parse("", "SHOW application_name")
    conn.bind("", "")
    conn.execute("")
    conn.bind("", "later")
    msgs = sync(conn)
    assert rows(msgs) == [[""]]
    assert only_error(msgs)["C"] == "26000"


def test_parse_error_skips_to_sync(conn):
    conn.parse("", "SELEC 1")
    conn.bind("", "")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "EZ", msgs
    err = only_error(msgs)
    assert err["C"] == "42601"
    assert err["P"] == "1"


def test_error_in_pipeline_inside_a_transaction_fails_the_block(conn):
    assert kinds(conn.simple("BEGIN")) == "CZ"
    conn.parse("", "SELECT 'x'::int4")
    conn.bind("", "")
    conn.execute("")
    msgs = sync(conn)
    assert only_error(msgs)["C"] == "22P02"
    assert ready_status(msgs) == "E"
    conn.parse("", "SELECT 1")
    msgs = sync(conn)
    assert only_error(msgs)["C"] == "25P02"
    assert ready_status(msgs) == "E"
    msgs = conn.simple("ROLLBACK")
    assert tags(msgs) == ["ROLLBACK"]
    assert ready_status(msgs) == "I"


def test_duplicate_named_statement_is_42p05(conn):
    conn.parse("twice", "SELECT 1")
    conn.parse("twice", "SELECT 2")
    msgs = sync(conn)
    assert kinds(msgs) == "1EZ", msgs
    err = only_error(msgs)
    assert err["C"] == "42P05"
    assert err["M"] == 'prepared statement "twice" already exists'
    # The first one is intact.
    conn.bind("", "twice")
    conn.execute("")
    assert rows(sync(conn)) == [["1"]]


def test_unknown_statement_is_26000(conn):
    conn.bind("", "nowhere")
    msgs = sync(conn)
    err = only_error(msgs)
    assert err["C"] == "26000"
    assert err["M"] == 'prepared statement "nowhere" does not exist'
    conn.describe_statement("nowhere")
    assert only_error(sync(conn))["C"] == "26000"


def test_unknown_portal_is_34000(conn):
    conn.execute("nowhere")
    msgs = sync(conn)
    err = only_error(msgs)
    assert err["C"] == "34000"
    assert err["M"] == 'portal "nowhere" does not exist'
    conn.describe_portal("nowhere")
    assert only_error(sync(conn))["C"] == "34000"


def test_close_of_unknown_statement_or_portal_is_fine(conn):
    conn.close_statement("never_made")
    conn.close_portal("never_made")
    conn.close_statement("")
    conn.close_portal("")
    msgs = sync(conn)
    assert kinds(msgs) == "3333Z", msgs


def test_bind_with_wrong_parameter_count_is_08p01(conn):
    conn.parse("one", "SELECT $1::int4")
    conn.bind("", "one", ["1", "2"])
    msgs = sync(conn)
    assert kinds(msgs) == "1EZ", msgs
    err = only_error(msgs)
    assert err["C"] == "08P01"
    assert err["M"] == 'bind message supplies 2 parameters, but prepared statement "one" requires 1'
    conn.bind("", "one", [])
    err = only_error(sync(conn))
    assert err["C"] == "08P01"
    assert err["M"] == 'bind message supplies 0 parameters, but prepared statement "one" requires 1'
    # The connection is still fine.
    conn.bind("", "one", ["3"])
    conn.execute("")
    assert rows(sync(conn)) == [["3"]]


def test_bind_with_wrong_format_count_is_08p01(conn):
    conn.parse("", "SELECT $1::int4")
    conn.bind("", "", ["1"], param_formats=[0, 0, 0])
    err = only_error(sync(conn))
    assert err["C"] == "08P01"
    assert err["M"] == "bind message has 3 parameter formats but 1 parameters"


def test_short_binary_parameter_is_08p01(conn):
    conn.parse("", "SELECT $1::int4", [INT4])
    conn.bind("", "", [b"\x00\x01"], param_formats=[1])  # two bytes for an int4
    err = only_error(sync(conn))
    assert err["C"] == "08P01"
    assert err["M"] == "insufficient data left in message"


def test_long_binary_parameter_is_22p03(conn):
    conn.parse("", "SELECT $1::int4", [INT4])
    conn.bind("", "", [b"\x00\x00\x00\x01\x02"], param_formats=[1])  # one byte too many
    err = only_error(sync(conn))
    assert err["C"] == "22P03"
    assert err["M"] == "incorrect binary data format in bind parameter 1"


def test_bad_text_parameter_is_22p02(conn):
    conn.parse("", "SELECT $1::int4", [INT4])
    conn.bind("", "", ["forty-two"])
    err = only_error(sync(conn))
    assert err["C"] == "22P02"
    assert err["M"] == 'invalid input syntax for type integer: "forty-two"'


# --- encodings ------------------------------------------------------------------------------

EPOCH_2000 = datetime.datetime(2000, 1, 1)


def micros_since_2000(dt):
    delta = dt - EPOCH_2000
    return (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds


def numeric_binary(text):
    """PostgreSQL's numeric binary format: ndigits, weight, sign, dscale, base-10000 digits,
    with leading and trailing zero digits stripped (as numeric_send produces them)."""
    if text == "NaN":
        return struct.pack("!hhHh", 0, 0, 0xC000, 0)
    d = decimal.Decimal(text)
    sign = 0x4000 if d.is_signed() else 0
    digits_text = format(abs(d), "f")
    int_part, _, frac_part = digits_text.partition(".")
    dscale = len(frac_part)
    # Pad both sides to whole groups of four around the decimal point.
    int_part = int_part.lstrip("0")
    int_part = "0" * (-len(int_part) % 4) + int_part
    frac_part = frac_part + "0" * (-len(frac_part) % 4)
    groups = [int(int_part[i:i + 4]) for i in range(0, len(int_part), 4)]
    groups += [int(frac_part[i:i + 4]) for i in range(0, len(frac_part), 4)]
    weight = len(int_part) // 4 - 1
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    while groups and groups[-1] == 0:
        groups.pop()
    if not groups:
        weight = 0
        sign = 0
    return struct.pack("!hhHh", len(groups), weight, sign, dscale) + b"".join(
        struct.pack("!h", g) for g in groups)


def test_numeric_binary_helper():
    # The helper itself, against values worked out by hand from the format.
    assert numeric_binary("12345.678") == struct.pack("!hhHhhhh", 3, 1, 0, 3, 1, 2345, 6780)
    assert numeric_binary("-0.0012") == struct.pack("!hhHhh", 1, -1, 0x4000, 4, 12)
    assert numeric_binary("0") == struct.pack("!hhHh", 0, 0, 0, 0)
    assert numeric_binary("1000000") == struct.pack("!hhHhh", 1, 1, 0, 0, 100)


SAMPLE_UUID = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
STAMP = datetime.datetime(2024, 2, 29, 13, 45, 56, 123456)

# (type name, oid, binary encoding, text form)
CASES = [
    ("int2", INT2, struct.pack("!h", -12345), "-12345"),
    ("int2", INT2, struct.pack("!h", 32767), "32767"),
    ("int4", INT4, struct.pack("!i", 2147483647), "2147483647"),
    ("int4", INT4, struct.pack("!i", -42), "-42"),
    ("int8", INT8, struct.pack("!q", -9223372036854775808), "-9223372036854775808"),
    ("int8", INT8, struct.pack("!q", 1234567890123), "1234567890123"),
    ("float4", FLOAT4, struct.pack("!f", 1.5), "1.5"),
    ("float4", FLOAT4, struct.pack("!f", 0.1), "0.1"),
    ("float8", FLOAT8, struct.pack("!d", 0.1), "0.1"),
    ("float8", FLOAT8, struct.pack("!d", -1e300), "-1e+300"),
    ("float8", FLOAT8, struct.pack("!d", float("inf")), "Infinity"),
    ("bool", BOOL, b"\x01", "t"),
    ("bool", BOOL, b"\x00", "f"),
    ("text", TEXT, "héllo, wörld ✓".encode(), "héllo, wörld ✓"),
    ("text", TEXT, b"", ""),
    ("uuid", UUID, SAMPLE_UUID.bytes, str(SAMPLE_UUID)),
    ("date", DATE, struct.pack("!i", (datetime.date(2024, 2, 29) - EPOCH_2000.date()).days),
     "2024-02-29"),
    ("date", DATE, struct.pack("!i", -1), "1999-12-31"),
    ("timestamp", TIMESTAMP, struct.pack("!q", micros_since_2000(STAMP)),
     "2024-02-29 13:45:56.123456"),
    ("timestamp", TIMESTAMP, struct.pack("!q", micros_since_2000(datetime.datetime(1970, 1, 1))),
     "1970-01-01 00:00:00"),
    ("timestamptz", TIMESTAMPTZ,
     struct.pack("!q", micros_since_2000(datetime.datetime(2024, 2, 29, 13, 45, 56, 500000))),
     "2024-02-29 13:45:56.5+00"),
    ("bytea", BYTEA, b"\x00\x01\xfe\xff", "\\x0001feff"),
    ("jsonb", JSONB, b'\x01{"a": [1, 2.5, null]}', '{"a": [1, 2.5, null]}'),
    ("jsonb", JSONB, b'\x01{"a": 2, "bb": {"c": true}}', '{"a": 2, "bb": {"c": true}}'),
    ("numeric", NUMERIC, numeric_binary("12345.678"), "12345.678"),
    ("numeric", NUMERIC, numeric_binary("-0.0012"), "-0.0012"),
    ("numeric", NUMERIC, numeric_binary("0"), "0"),
    ("numeric", NUMERIC, numeric_binary("1000000"), "1000000"),
    ("numeric", NUMERIC, numeric_binary("3.10"), "3.10"),
    ("numeric", NUMERIC, numeric_binary("NaN"), "NaN"),
]
CASE_IDS = ["%s:%s" % (c[0], c[3][:20]) for c in CASES]


def round_trip(conn, type_name, oid, value, in_format, out_format):
    conn.parse("", "SELECT $1::%s AS v" % type_name, [oid])
    conn.bind("", "", [value], param_formats=[in_format], result_formats=[out_format])
    conn.describe_portal("")
    conn.execute("")
    msgs = sync(conn)
    assert kinds(msgs) == "12TDCZ", msgs
    (field,) = row_description(msgs[2].body)
    assert (field.type_oid, field.format) == (oid, out_format)
    return rows(msgs, decode=False)[0][0]


@pytest.mark.parametrize("type_name,oid,binary,text", CASES, ids=CASE_IDS)
def test_binary_in_binary_out(conn, type_name, oid, binary, text):
    assert round_trip(conn, type_name, oid, binary, 1, 1) == binary


@pytest.mark.parametrize("type_name,oid,binary,text", CASES, ids=CASE_IDS)
def test_text_in_text_out(conn, type_name, oid, binary, text):
    assert round_trip(conn, type_name, oid, text.encode(), 0, 0) == text.encode()


@pytest.mark.parametrize("type_name,oid,binary,text", CASES, ids=CASE_IDS)
def test_binary_in_text_out(conn, type_name, oid, binary, text):
    assert round_trip(conn, type_name, oid, binary, 1, 0) == text.encode()


@pytest.mark.parametrize("type_name,oid,binary,text", CASES, ids=CASE_IDS)
def test_text_in_binary_out(conn, type_name, oid, binary, text):
    assert round_trip(conn, type_name, oid, text.encode(), 0, 1) == binary


def test_jsonb_binary_output_is_normalized(conn):
    # Keys sorted (shorter first), duplicates dropped (last wins), whitespace canonical.
    got = round_trip(conn, "jsonb", JSONB, b'{"bb":1,"a":2,"a":3}', 0, 1)
    assert got == b'\x01{"a": 3, "bb": 1}'


def test_numeric_binary_output_strips_zero_groups(conn):
    assert round_trip(conn, "numeric", NUMERIC, b"00100.0100", 0, 1) == numeric_binary("100.0100")
    assert numeric_binary("100.0100") == struct.pack("!hhHhhh", 2, 0, 0, 4, 100, 100)


def test_null_parameter_and_null_result_in_both_formats(conn):
    for fmt in (0, 1):
        conn.parse("", "SELECT $1::int4 AS v", [INT4])
        conn.bind("", "", [None], param_formats=[fmt], result_formats=[fmt])
        conn.execute("")
        msgs = sync(conn)
        assert rows(msgs, decode=False) == [[None]]


def test_many_columns_mixed_formats(conn):
    conn.parse("", "SELECT $1::int4, $2::text, $3::bool, $4::float8", [INT4, TEXT, BOOL, FLOAT8])
    conn.bind("", "", [struct.pack("!i", 9), "nine", b"\x01", "9.5"],
              param_formats=[1, 0, 1, 0], result_formats=[0, 1, 0, 1])
    conn.execute("")
    msgs = sync(conn)
    assert rows(msgs, decode=False) == [[b"9", b"nine", b"t", struct.pack("!d", 9.5)]]
