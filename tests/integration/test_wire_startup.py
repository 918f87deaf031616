"""Startup phase of the v3 protocol, byte by byte: encryption requests, parameters, keys,
protocol negotiation, refusals, Terminate and CancelRequest. Expectations are PostgreSQL 15's
(run with SB_TEST_TARGET=postgres to check them against the real server)."""
import os
import socket
import struct
import time

import pytest

from sbserver import Server

import pgwire
from pgwire import Conn, errors, kinds, rows

REPORTED = ["server_version", "server_encoding", "client_encoding", "DateStyle", "TimeZone",
            "integer_datetimes", "standard_conforming_strings", "application_name"]


def open_tcp(target):
    return Conn.tcp(target.port)


def assert_ready(conn):
    """The connection works: SELECT 1 answers 1 and leaves it idle."""
    msgs = conn.simple("SELECT 1")
    assert kinds(msgs) == "TDCZ", msgs
    assert rows(msgs) == [["1"]]
    assert pgwire.ready_status(msgs) == "I"


def test_plain_startup_message_order(target):
    with open_tcp(target) as c:
        msgs = c.handshake(application_name="wire-startup")
        k = kinds(msgs)
        # AuthenticationOk first, then ParameterStatus*, BackendKeyData, ReadyForQuery.
        assert k[0] == "R" and msgs[0].body == struct.pack("!i", 0), msgs[0]
        assert k[-2:] == "KZ", k
        assert set(k[1:-2]) == {"S"}, k
        assert msgs[-1].body == b"I"
        pid, secret = c.backend_key
        assert len(msgs[-2].body) == 8
        assert pid > 0
        assert_ready(c)


def test_parameter_status_set(target):
    with open_tcp(target) as c:
        c.handshake(application_name="my app")
        p = c.parameters
        for name in REPORTED:
            assert name in p, (name, p)
        assert p["server_version"].startswith("15."), p["server_version"]
        assert p["server_encoding"] == "UTF8"
        assert p["client_encoding"] == "UTF8"
        assert p["DateStyle"] == "ISO, MDY"
        assert p["TimeZone"] != ""
        assert p["integer_datetimes"] == "on"
        assert p["standard_conforming_strings"] == "on"
        assert p["application_name"] == "my app"
        # The reported values are the session's values.
        msgs = c.simple("SHOW application_name")
        assert rows(msgs) == [["my app"]]


def test_application_name_defaults_to_empty(target):
    with open_tcp(target) as c:
        c.handshake()
        assert c.parameters["application_name"] == ""


def test_startup_parameters_become_settings(target):
    with open_tcp(target) as c:
        c.handshake(TimeZone="Europe/Paris", DateStyle="ISO, DMY", extra_float_digits="0")
        assert c.parameters["TimeZone"] == "Europe/Paris"
        assert c.parameters["DateStyle"] == "ISO, DMY"
        msgs = c.simple("SHOW TimeZone; SHOW extra_float_digits; "
                        "SELECT '2020-07-01 12:00:00+00'::timestamptz")
        assert rows(msgs) == [["Europe/Paris"], ["0"], ["2020-07-01 14:00:00+02"]]


def test_ssl_request_is_answered_n_and_startup_continues(target):
    with open_tcp(target) as c:
        assert c.request_code(pgwire.SSL_REQUEST_CODE) == b"N"
        msgs = c.handshake()
        assert pgwire.ready_status(msgs) == "I", msgs
        assert_ready(c)


def gssenc_declined(target, conn):
    answer = conn.request_code(pgwire.GSSENC_REQUEST_CODE)
    if answer == b"G" and target.is_postgres:
        pytest.skip("this PostgreSQL build offers GSSAPI encryption over TCP")
    return answer == b"N"


def test_gssenc_request_is_answered_n_and_startup_continues(target):
    with open_tcp(target) as c:
        assert gssenc_declined(target, c)
        msgs = c.handshake()
        assert pgwire.ready_status(msgs) == "I", msgs
        assert_ready(c)


def test_gssenc_then_ssl_then_startup(target):
    # libpq with gssencmode=prefer and sslmode=prefer asks for both, GSS first.
    for conn in (Conn.unix(target.socket_dir, target.port), open_tcp(target)):
        with conn as c:
            assert gssenc_declined(target, c)
            assert c.request_code(pgwire.SSL_REQUEST_CODE) == b"N"
            msgs = c.handshake()
            assert pgwire.ready_status(msgs) == "I", msgs
            assert_ready(c)


def test_ssl_and_gssenc_requests_on_unix_socket(target):
    with Conn.unix(target.socket_dir, target.port) as c:
        assert c.request_code(pgwire.SSL_REQUEST_CODE) == b"N"
        msgs = c.handshake()
        assert pgwire.ready_status(msgs) == "I", msgs
        assert_ready(c)
    with Conn.unix(target.socket_dir, target.port) as c:
        assert c.request_code(pgwire.GSSENC_REQUEST_CODE) == b"N"
        msgs = c.handshake()
        assert pgwire.ready_status(msgs) == "I", msgs
        assert_ready(c)


def negotiate_fields(msg):
    minor, count = struct.unpack_from("!ii", msg.body, 0)
    pos = 8
    names = []
    for _ in range(count):
        name, pos = pgwire.cstring(msg.body, pos)
        names.append(name)
    return minor, names


def test_protocol_3_1_gets_negotiate_protocol_version(target):
    with open_tcp(target) as c:
        msgs = c.handshake(version=(3 << 16) | 1)
        v = [m for m in msgs if m.type == "v"]
        assert len(v) == 1, msgs
        # PostgreSQL 15 puts its whole newest version there (3.0 = 196608), not only the minor.
        assert negotiate_fields(v[0]) == (3 << 16, [])
        assert kinds(msgs).index("v") < kinds(msgs).index("Z")
        assert pgwire.ready_status(msgs) == "I"
        assert_ready(c)


def test_pq_options_are_listed_as_unrecognized(target):
    with open_tcp(target) as c:
        msgs = c.handshake(**{"_pq_.compression": "on", "_pq_.other": "x"})
        v = [m for m in msgs if m.type == "v"]
        assert len(v) == 1, msgs
        newest, names = negotiate_fields(v[0])
        assert newest == 3 << 16
        assert sorted(names) == ["_pq_.compression", "_pq_.other"]
        assert pgwire.ready_status(msgs) == "I"
        assert_ready(c)


def test_protocol_3_0_without_options_gets_no_negotiation(target):
    with open_tcp(target) as c:
        msgs = c.handshake()
        assert "v" not in kinds(msgs)


def read_to_eof(conn):
    data = b""
    while True:
        chunk = conn.sock.recv(4096)
        if not chunk:
            return data
        data += chunk


@pytest.mark.parametrize("major,minor", [(2, 0), (1, 5)])
def test_pre_v3_protocol_is_refused_in_the_v2_error_format(target, major, minor):
    # A client speaking protocol 2 understands only the old error format: 'E', then one
    # C string. PostgreSQL 15 still answers that way.
    with open_tcp(target) as c:
        c.send_startup({"user": "tester", "database": "postgres"}, (major << 16) | minor)
        data = read_to_eof(c)
        assert data == (b"EFATAL:  unsupported frontend protocol %d.%d: server supports 3.0 to 3.0"
                        b"\n\0" % (major, minor)), data


def test_protocol_4_is_refused_with_0a000(target):
    with open_tcp(target) as c:
        msgs = c.handshake(version=4 << 16)
        assert kinds(msgs) == "E", msgs
        err = errors(msgs)[0]
        assert err["S"] == "FATAL"
        assert err["C"] == "0A000", err
        assert err["M"] == "unsupported frontend protocol 4.0: server supports 3.0 to 3.0", err
        assert c.is_closed()


def test_missing_user_is_28000(target):
    with open_tcp(target) as c:
        msgs = c.handshake(user=None)
        assert kinds(msgs) == "E", msgs
        err = errors(msgs)[0]
        assert err["S"] == "FATAL"
        assert err["C"] == "28000"
        assert err["M"] == "no PostgreSQL user name specified in startup packet"
        assert c.is_closed()


def test_unknown_database_is_3d000(target):
    # SmarterBase creates a database on first connect by default (auto_create_database);
    # with that off it answers as PostgreSQL does.
    if os.environ.get("SB_TEST_TARGET") != "postgres":
        with Server(config_text="auto_create_database: false\n") as strict:
            check_unknown_database(strict)
        return
    check_unknown_database(target)


def check_unknown_database(target):
    with open_tcp(target) as c:
        msgs = c.handshake(database="no_such_db_here")
        err = errors(msgs)
        assert err and err[0]["C"] == "3D000", msgs
        assert err[0]["S"] == "FATAL"
        assert err[0]["M"] == 'database "no_such_db_here" does not exist'
        assert c.is_closed()


def test_unknown_startup_parameter_is_42704(target):
    with open_tcp(target) as c:
        msgs = c.handshake(no_such_setting="1")
        err = errors(msgs)
        assert err and err[0]["C"] == "42704", msgs
        assert err[0]["S"] == "FATAL"
        assert err[0]["M"] == 'unrecognized configuration parameter "no_such_setting"'
        assert c.is_closed()


def test_terminate_closes_cleanly(target):
    with open_tcp(target) as c:
        c.handshake()
        c.terminate()
        # No reply at all, just the end of the stream.
        assert c.read() is None
    with open_tcp(target) as c:
        c.handshake()
        c.query("BEGIN")
        assert kinds(c.read_until_ready()) == "CZ"
        c.terminate()  # inside a transaction: rolled back, still no reply
        assert c.read() is None
    with Conn.connected(target) as c:
        assert_ready(c)


def test_cancel_request_cancels_a_running_statement(target):
    with Conn.connected(target) as c:
        pid, secret = c.backend_key
        started = time.monotonic()
        c.query("SELECT pg_sleep(30)")
        # Cancel until it lands: the statement may not have started when the first arrives.
        c.sock.settimeout(0.2)
        msgs = []
        deadline = time.monotonic() + 20
        def finished():
            return msgs and (msgs[-1] is None or msgs[-1].type == "Z")

        while time.monotonic() < deadline and not finished():
            pgwire.send_cancel(target.port, pid, secret)
            try:
                while not finished():
                    msgs.append(c.read())
            except socket.timeout:
                continue
        c.sock.settimeout(20)
        assert time.monotonic() - started < 20
        err = errors(msgs)
        assert err and err[0]["C"] == "57014", msgs
        assert err[0]["M"] == "canceling statement due to user request"
        assert pgwire.ready_status(msgs) == "I"
        assert_ready(c)


def test_cancel_request_with_wrong_key_does_nothing(target):
    with Conn.connected(target) as c:
        pid, secret = c.backend_key
        c.query("SELECT pg_sleep(0.3)")
        pgwire.send_cancel(target.port, pid, secret ^ 0x5A5A5A5A)
        pgwire.send_cancel(target.port, pid + 1000000, secret)
        msgs = c.read_until_ready()
        assert kinds(msgs) == "TDCZ", msgs
        assert_ready(c)
