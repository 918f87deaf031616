"""Hostile and broken clients. Each case gets an ErrorResponse (08P01 where PostgreSQL 15 sends
one) and/or a closed connection — and, the point of this file, a connection opened before on
the same server keeps working, the server keeps accepting, and (SmarterBase) no worker dies.
The server runs one worker, so the hostile client and the bystander share a process."""
import contextlib
import socket
import struct
import time

import pytest

from pgwire import Conn, errors, kinds, message, rows, startup_packet

MB = 1 << 20


@pytest.fixture(scope="module")
def server(single_worker_target):
    return single_worker_target


def assert_works(conn):
    msgs = conn.simple("SELECT 1")
    assert kinds(msgs) == "TDCZ", msgs
    assert rows(msgs) == [["1"]]


@contextlib.contextmanager
def bystander(server):
    """A healthy connection opened before the hostile act; checked again afterwards, with a new
    connection, and with the set of worker processes (no crash, no respawn)."""
    pids = server.worker_pids()
    with Conn.connected(server, timeout=15) as before:
        assert_works(before)
        yield before
        assert_works(before)
    with Conn.connected(server, timeout=15) as after:
        assert_works(after)
    if pids is not None:
        assert sorted(server.worker_pids()) == sorted(pids), "a worker died"


def expect_closed(conn, codes=("08P01",), timeout=10.0):
    """The server hangs up, after nothing or after FATAL errors with one of `codes`."""
    conn.sock.settimeout(timeout)
    msgs = []
    while True:
        try:
            m = conn.read()
        except socket.timeout:
            raise AssertionError("connection still open after %r" % msgs)
        if m is None:
            break
        msgs.append(m)
    assert all(m.type == "E" for m in msgs), msgs
    for e in errors(msgs):
        assert e["C"] in codes, e
        assert e["S"] == "FATAL", e
    return errors(msgs)


def expect_error_then_ready(conn, code, text=None):
    msgs = conn.read_until_ready()
    assert kinds(msgs) == "EZ", msgs
    err = errors(msgs)[0]
    assert err["C"] == code, err
    assert err["S"] == "ERROR", err
    if text is not None:
        assert err["M"] == text, err
    assert_works(conn)
    return err


def connected(server):
    return Conn.connected(server, timeout=15)


# --- broken framing after startup -----------------------------------------------------------


@pytest.mark.parametrize("length", [0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 3, 0])
def test_bad_length_field_closes_the_connection(server, length):
    with bystander(server), connected(server) as c:
        c.send_raw(b"Q" + struct.pack("!I", length) + b"SELECT 1")
        expect_closed(c)


def test_two_gib_length_on_a_parse_message(server):
    with bystander(server), connected(server) as c:
        c.send_raw(b"P" + struct.pack("!I", 2 * 1024 * MB - 1) + b"\0SELECT 1\0" * 10)
        expect_closed(c)


def test_truncated_message_then_eof(server):
    with bystander(server), connected(server) as c:
        c.send_raw(b"Q" + struct.pack("!i", 100) + b"SELECT")
        c.sock.shutdown(socket.SHUT_WR)
        expect_closed(c)


def test_truncated_length_word_then_eof(server):
    with bystander(server), connected(server) as c:
        c.send_raw(b"Q\x00\x00")
        c.sock.shutdown(socket.SHUT_WR)
        expect_closed(c)


@pytest.mark.parametrize("partial", [
    b"P" + struct.pack("!i", 1000) + b"stmt\0SELECT",
    b"B\x00",
    b"Q" + struct.pack("!i", 50 * MB) + b"SELECT '" + b"x" * 100000,
])
def test_client_disconnects_mid_message(server, partial):
    with bystander(server):
        c = connected(server)
        c.send_raw(partial)
        c.close()
        # Also with a reset instead of an orderly close.
        c = connected(server)
        c.send_raw(partial)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()


def test_client_disconnects_while_a_big_result_is_sent(server):
    # The server's writes then fail with EPIPE/ECONNRESET: no SIGPIPE death.
    with bystander(server):
        for _ in range(3):
            c = connected(server)
            c.query("SELECT '%s' AS big" % ("y" * (8 * MB)))
            c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()


def test_client_that_never_reads_does_not_block_others(server):
    with bystander(server) as other:
        c = connected(server)
        try:
            c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            c.query("SELECT '%s' AS big" % ("z" * (16 * MB)))
            for _ in range(3):
                assert_works(other)
            with connected(server) as third:
                assert_works(third)
        finally:
            c.close()


def test_stalled_clients_do_not_block_others(server):
    with bystander(server) as other:
        silent = Conn.tcp(server.port)  # sends nothing at all
        half_startup = Conn.tcp(server.port)
        half_startup.send_raw(startup_packet({"user": "tester", "database": "postgres"})[:7])
        late = message("Q", b"SELECT 'late'\0")
        half_message = connected(server)
        half_message.send_raw(late[:9])
        try:
            assert_works(other)
            with connected(server) as third:
                assert_works(third)
            # The half-sent Query completes when its last bytes come.
            half_message.send_raw(late[9:])
            msgs = half_message.read_until_ready()
            assert rows(msgs) == [["late"]]
        finally:
            for c in (silent, half_startup, half_message):
                c.close()


# --- malformed message contents -------------------------------------------------------------


def test_unknown_message_type_is_fatal_08p01(server):
    for msg_type in ("Y", "p", "\x00", "\xff"):
        with bystander(server), connected(server) as c:
            c.send_raw(msg_type.encode("latin-1") + struct.pack("!i", 7) + b"abc")
            errs = expect_closed(c)
            assert len(errs) == 1, errs
            assert errs[0]["M"] == "invalid frontend message type %d" % ord(msg_type)


def test_nul_byte_inside_query_string(server):
    with bystander(server), connected(server) as c:
        c.send_raw(message("Q", b"SELECT 1\0SELECT 2\0"))
        expect_error_then_ready(c, "08P01", "invalid message format")


def test_query_string_without_terminator(server):
    with bystander(server), connected(server) as c:
        c.send_raw(message("Q", b"SELECT 1"))
        expect_error_then_ready(c, "08P01", "invalid string in message")


def test_trailing_bytes_after_query_string(server):
    with bystander(server), connected(server) as c:
        c.send_raw(message("Q", b"SELECT 1\0junk"))
        expect_error_then_ready(c, "08P01", "invalid message format")


def test_sync_with_a_body(server):
    with bystander(server), connected(server) as c:
        c.send_raw(message("S", b"junk"))
        expect_error_then_ready(c, "08P01", "invalid message format")


def test_invalid_utf8_in_query_is_22021(server):
    with bystander(server), connected(server) as c:
        c.send_raw(message("Q", b"SELECT '\xff'\0"))
        expect_error_then_ready(c, "22021", 'invalid byte sequence for encoding "UTF8": 0xff')


def test_nul_byte_in_a_text_parameter_is_22021(server):
    with bystander(server), connected(server) as c:
        c.parse("", "SELECT $1::text")
        c.bind("", "", [b"a\0b"])
        c.execute("")
        c.sync()
        msgs = c.read_until_ready()
        assert kinds(msgs) == "1EZ", msgs
        err = errors(msgs)[0]
        assert err["C"] == "22021"
        assert err["M"] == 'invalid byte sequence for encoding "UTF8": 0x00'
        assert_works(c)


@pytest.mark.parametrize("kind,name", [(b"D", "DESCRIBE"), (b"C", "CLOSE")])
def test_bad_describe_or_close_subtype(server, kind, name):
    with bystander(server), connected(server) as c:
        c.send_raw(message(kind.decode(), b"Xfoo\0") + message("S"))
        expect_error_then_ready(c, "08P01", "invalid %s message subtype 88" % name)


@pytest.mark.parametrize("body", [
    # Bind claiming 32767 parameters and sending none.
    b"\0\0" + struct.pack("!hh", 0, 32767),
    # A parameter length below -1.
    b"\0\0" + struct.pack("!hhi", 0, 1, -5) + struct.pack("!h", 0),
    # A parameter length far beyond the message.
    b"\0\0" + struct.pack("!hhi", 0, 1, 0x7FFFFFF0) + b"abc" + struct.pack("!h", 0),
    # Negative format count.
    b"\0\0" + struct.pack("!h", -3),
])
def test_bind_with_lying_counts(server, body):
    with bystander(server), connected(server) as c:
        c.parse("", "SELECT $1::text")
        c.send_raw(message("B", body) + message("S"))
        msgs = c.read_until_ready()
        assert kinds(msgs) == "1EZ", msgs
        assert errors(msgs)[0]["C"] == "08P01", msgs
        assert_works(c)


@pytest.mark.parametrize("tail", [struct.pack("!h", -1), struct.pack("!h", 1000),
                                  struct.pack("!hI", 2, 23)])
def test_parse_with_lying_parameter_type_count(server, tail):
    with bystander(server), connected(server) as c:
        c.send_raw(message("P", b"\0SELECT 1\0" + tail) + message("S"))
        expect_error_then_ready(c, "08P01", "insufficient data left in message")


def test_execute_with_negative_row_limit_fetches_all(server):
    with bystander(server), connected(server) as c:
        c.parse("", "VALUES (1), (2), (3)")
        c.bind("", "")
        c.send("E", b"\0" + struct.pack("!i", -1))
        c.sync()
        msgs = c.read_until_ready()
        assert kinds(msgs) == "12DDDCZ", msgs


def test_hundred_megabyte_query(server):
    # PostgreSQL takes queries up to 1 GB. Answering is best; a clear refusal is acceptable.
    n = 100 * MB
    with bystander(server), connected(server) as c:
        c.sock.settimeout(60)
        sql = b"SELECT length('" + b"x" * n + b"')"
        try:
            c.send_raw(message("Q", sql + b"\0"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused early; the answer should still be readable
        msgs = []
        while not msgs or (msgs[-1] is not None and msgs[-1].type != "Z"):
            msgs.append(c.read())
        if errors(msgs):
            err = errors(msgs)[0]
            assert err["C"] in ("54000", "08P01", "53200"), err
            assert err["M"], err
        else:
            assert kinds(msgs) == "TDCZ", msgs
            assert rows(msgs) == [[str(n)]]
            assert_works(c)


# --- broken startup packets -----------------------------------------------------------------


@pytest.mark.parametrize("packet", [
    b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40,  # a TLS ClientHello
    struct.pack("!i", 4),
    struct.pack("!i", 0),
    struct.pack("!i", -8),
    struct.pack("!ii", 20000, 3 << 16) + b"user\0" + b"u" * 19980 + b"\0\0",
    struct.pack("!iii", 12, 80877102, 5),  # CancelRequest of the wrong size
], ids=["http", "tls", "len4", "len0", "negative", "too-long", "short-cancel"])
def test_garbage_instead_of_startup_packet(server, packet):
    with bystander(server):
        c = Conn.tcp(server.port, timeout=15)
        with c:
            try:
                c.send_raw(packet)
            except (BrokenPipeError, ConnectionResetError):
                return
            expect_closed(c)


def test_startup_packet_without_final_terminator(server):
    with bystander(server):
        with Conn.tcp(server.port, timeout=15) as c:
            c.send_raw(struct.pack("!ii", 16, 3 << 16) + b"user\0abc")
            errs = expect_closed(c)
            assert len(errs) == 1
            assert errs[0]["M"] == "invalid startup packet layout: expected terminator as last byte"


def test_startup_of_unknown_request_code(server):
    with bystander(server):
        with Conn.tcp(server.port, timeout=15) as c:
            c.send_raw(struct.pack("!ii", 8, 12345678))
            errs = expect_closed(c, codes=("0A000",))
            assert len(errs) == 1


def test_many_ssl_requests_in_a_row(server):
    # PostgreSQL answers one SSLRequest; a second one is an unsupported protocol version.
    with bystander(server):
        with Conn.tcp(server.port, timeout=15) as c:
            assert c.request_code(80877103) == b"N"
            c.send_raw(struct.pack("!ii", 8, 80877103))
            expect_closed(c, codes=("0A000", "08P01"))


def test_disconnect_during_startup(server):
    with bystander(server):
        for cut in (1, 4, 9, 20):
            c = Conn.tcp(server.port, timeout=15)
            c.send_raw(startup_packet({"user": "tester", "database": "postgres"})[:cut])
            c.close()


def test_server_keeps_accepting_many_connections_after_abuse(server):
    with bystander(server):
        conns = []
        try:
            started = time.monotonic()
            for _ in range(20):
                conns.append(connected(server))
            for c in conns:
                assert_works(c)
            assert time.monotonic() - started < 30
        finally:
            for c in conns:
                c.close()
