"""Signals and cancellation: graceful SIGTERM/SIGINT, SIGHUP reload, CancelRequest."""
import os
import signal
import socket
import threading
import time

import psycopg2
import psycopg2.errors
import pytest

from sbserver import (RawPg, Server, data_rows, errors, send_cancel_request, wait_until)


def connect(server, **kw):
    return psycopg2.connect(server.dsn(**kw), connect_timeout=10)


def scalar(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def refuses_connections(server):
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=1):
            return False
    except OSError:
        pass
    return not os.path.exists(os.path.join(server.socket_dir, ".s.PGSQL.%d" % server.port))


# How long the shutdown may take once the last statement has ended.
EXIT_BOUND = 10.0
# Lets the running statement get going before the signal arrives; not a readiness wait.
STATEMENT_HEAD_START = 0.5


@pytest.mark.parametrize("signo", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_shutdown_lets_the_running_statement_finish(signo):
    with Server(workers=2) as server:
        busy = RawPg.tcp(server.port)
        assert busy.startup() is None
        idle = RawPg.tcp(server.port)
        assert idle.startup() is None

        started = time.monotonic()
        busy.send(b"Q", b"SELECT pg_sleep(2), 'done'\0")
        time.sleep(STATEMENT_HEAD_START)
        server.signal(signo)

        # An idle session is told at once and closed.
        idle_msgs = idle.read_until_ready()
        assert idle_msgs[-1] is None, "idle connection still open: %r" % idle_msgs
        idle_errors = errors(idle_msgs)
        assert [e.get("C") for e in idle_errors] == ["57P01"], idle_errors
        assert idle_errors[0].get("S") == "FATAL"
        assert time.monotonic() - started < 1.9, "idle session waited for the running statement"

        # No new connections while the statement still runs (poll, bounded).
        assert wait_until(lambda: refuses_connections(server), 1.2), "still accepting"
        assert time.monotonic() - started < 2.0

        # The running statement completes normally...
        msgs = busy.read_until_ready()
        finished = time.monotonic()
        assert msgs[-1] is not None and msgs[-1][0] == b"Z", msgs
        assert [row[1] for row in data_rows(msgs)] == ["done"]
        assert errors(msgs) == []
        assert finished - started >= 1.9, "pg_sleep(2) was cut short"
        # ...then the connection is closed with 57P01.
        after = busy.read_until_ready()
        assert after[-1] is None, after
        assert [e.get("C") for e in errors(after)] == ["57P01"], after
        busy.close()
        idle.close()

        code = server.proc.wait(EXIT_BOUND)
        assert code == 0, server.read_log()
        assert time.monotonic() - finished < EXIT_BOUND
        assert refuses_connections(server)


def test_sigterm_psycopg2_client_gets_its_row():
    with Server(workers=1) as server:
        conn = connect(server)
        result = {}

        def run():
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT pg_sleep(1.5), 'finished'")
                    result["row"] = cur.fetchone()[1]
            except Exception as e:
                result["error"] = e

        t = threading.Thread(target=run)
        t.start()
        time.sleep(STATEMENT_HEAD_START)
        server.signal(signal.SIGTERM)
        t.join(20)
        assert result == {"row": "finished"}
        with pytest.raises(psycopg2.OperationalError):
            scalar(conn, "SELECT 1")
        conn.close()
        assert server.proc.wait(EXIT_BOUND) == 0, server.read_log()


def test_shutdown_timeout_bounds_a_statement_that_runs_too_long():
    with Server(workers=1, config_text="shutdown_timeout: 1\n") as server:
        busy = RawPg.tcp(server.port)
        assert busy.startup() is None
        busy.send(b"Q", b"SELECT pg_sleep(30)\0")
        time.sleep(STATEMENT_HEAD_START)
        signalled = time.monotonic()
        server.signal(signal.SIGTERM)
        code = server.proc.wait(EXIT_BOUND)
        assert time.monotonic() - signalled < EXIT_BOUND
        assert code == 0, server.read_log()
        # The killed worker's client is disconnected, not left hanging.
        assert busy.read_until_ready()[-1] is None
        busy.close()


def write_config(server, text):
    # Replace, never truncate in place: a reload must never see a half-written file.
    tmp = server.config_path + ".new"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, server.config_path)


def port_from_file_server(config_text):
    """A Server whose port comes from its config file (a --port flag would win over the file,
    hiding a change of the file's port on reload)."""
    server = Server(workers=2)
    i = server.args.index("--port")
    del server.args[i:i + 2]
    write_config(server, "port: %d\n%s" % (server.port, config_text))
    return server


def test_sighup_applies_reloadable_keys_and_reports_restart_ones():
    with port_from_file_server("log_level: info\nstatement_timeout: 0\n") as server:
        before = connect(server)
        assert scalar(before, "SHOW statement_timeout") == "0"

        other_port = server.port + 1 if server.port < 65535 else server.port - 1
        write_config(server, "port: %d\nlog_level: debug\nstatement_timeout: 300ms\n" % other_port)
        log_start = len(server.read_log())
        server.signal(signal.SIGHUP)

        def reload_logged():
            log = server.read_log()[log_start:]
            return ("statement_timeout" in log and "log_level" in log and "port" in log) and log
        log = wait_until(reload_logged, 10)
        assert log, server.read_log()[log_start:]
        lines = log.splitlines()
        level_line = [l for l in lines if '"log_level"' in l]
        assert level_line and "info" in level_line[0] and "debug" in level_line[0], lines
        timeout_line = [l for l in lines if '"statement_timeout"' in l]
        assert timeout_line and "300" in timeout_line[0], lines
        port_line = [l for l in lines if '"port"' in l]
        assert port_line and "restart" in port_line[0], lines
        assert str(server.port) in port_line[0]

        # The port is not applied: still served on the old one, nothing on the new one.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", other_port), timeout=1).close()

        # New sessions get the new statement_timeout once the workers have re-read the file.
        def new_session_timeout():
            c = connect(server)
            value = scalar(c, "SHOW statement_timeout")
            if value == "0":
                c.close()
                return None
            return c, value
        got = wait_until(new_session_timeout, 10, 0.05)
        assert got, "statement_timeout never reached new sessions"
        fresh, value = got
        assert value == "300ms"
        t0 = time.monotonic()
        with pytest.raises(psycopg2.errors.QueryCanceled, match="statement timeout"):
            scalar(fresh, "SELECT pg_sleep(5)")
        assert time.monotonic() - t0 < 4
        fresh.close()
        # A session that existed before keeps its own setting, as in PostgreSQL.
        assert scalar(before, "SHOW statement_timeout") == "0"
        before.close()


def test_sighup_with_a_broken_file_keeps_the_running_configuration():
    with Server(workers=1, config_text="statement_timeout: 0\n") as server:
        write_config(server, "statement_timeout: 0\nno_such_key: 1\n")
        log_start = len(server.read_log())
        server.signal(signal.SIGHUP)
        log = wait_until(lambda: "no_such_key" in server.read_log()[log_start:]
                         and server.read_log()[log_start:], 10)
        assert log, server.read_log()
        assert server.proc.poll() is None
        conn = connect(server)
        assert scalar(conn, "SELECT 7") == 7
        conn.close()


def run_in_thread(fn):
    box = {}

    def target():
        try:
            box["value"] = fn()
        except Exception as e:
            box["error"] = e
    t = threading.Thread(target=target)
    t.start()
    return t, box


def cancel_until_done(cancel, thread, limit=8.0, interval=0.3):
    """Sends cancels until `thread` ends. A cancel that arrives before the statement starts is
    ignored (as in PostgreSQL), so the first one is sent after a short head start."""
    deadline = time.monotonic() + limit
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(interval)
        if thread.is_alive():
            cancel()
    thread.join(20)


@pytest.fixture(scope="module")
def server():
    with Server(workers=2) as s:
        yield s


def test_cancel_from_another_thread(server):
    conn = connect(server)
    conn.autocommit = True
    t0 = time.monotonic()
    t, box = run_in_thread(lambda: scalar(conn, "SELECT pg_sleep(10)"))
    cancel_until_done(conn.cancel, t)
    elapsed = time.monotonic() - t0
    assert not t.is_alive()
    err = box.get("error")
    assert isinstance(err, psycopg2.errors.QueryCanceled), box
    assert err.pgcode == "57014"
    assert "canceling statement due to user request" in str(err)
    assert elapsed < 5, elapsed
    # The connection is usable afterwards.
    assert scalar(conn, "SELECT 'alive'") == "alive"
    conn.close()


def test_cancel_in_a_transaction_aborts_it(server):
    conn = connect(server)  # psycopg2 opens a transaction implicitly
    t, box = run_in_thread(lambda: scalar(conn, "SELECT pg_sleep(10)"))
    cancel_until_done(conn.cancel, t)
    assert isinstance(box.get("error"), psycopg2.errors.QueryCanceled), box
    with pytest.raises(psycopg2.errors.InFailedSqlTransaction):
        scalar(conn, "SELECT 1")
    conn.rollback()
    assert scalar(conn, "SELECT 2") == 2
    conn.close()


def test_cancel_with_a_wrong_key_does_nothing(server):
    with RawPg.tcp(server.port) as raw:
        assert raw.startup() is None
        pid, secret = raw.backend_key
        t0 = time.monotonic()
        raw.send(b"Q", b"SELECT pg_sleep(1), 'slept'\0")
        time.sleep(0.2)
        # Wrong secret, wrong pid, both wrong: none may touch the statement.
        for key in [(pid, secret ^ 1), (pid ^ 0x40000000, secret), (pid + 1, secret + 1)]:
            send_cancel_request(server.port, key[0], key[1] & 0xFFFFFFFF)
        msgs = raw.read_until_ready()
        assert errors(msgs) == [], errors(msgs)
        assert [row[1] for row in data_rows(msgs)] == ["slept"]
        assert time.monotonic() - t0 >= 0.95

        # The right key does cancel (so the wrong ones were really refused).
        t0 = time.monotonic()
        raw.send(b"Q", b"SELECT pg_sleep(10)\0")
        result = {}

        def read():
            result["msgs"] = raw.read_until_ready()
        t = threading.Thread(target=read)
        t.start()
        cancel_until_done(lambda: send_cancel_request(server.port, pid, secret), t)
        assert [e.get("C") for e in errors(result["msgs"])] == ["57014"], result
        assert time.monotonic() - t0 < 5
        assert data_rows(raw.query("SELECT 'ok'")) == [["ok"]]


def test_cancel_request_for_an_idle_session_is_ignored(server):
    with RawPg.tcp(server.port) as raw:
        assert raw.startup() is None
        pid, secret = raw.backend_key
        send_cancel_request(server.port, pid, secret)
        # Nothing was running: the next statement is not canceled by the stale request.
        msgs = raw.query("SELECT pg_sleep(0.3), 'fine'")
        assert errors(msgs) == [], errors(msgs)
        assert [row[1] for row in data_rows(msgs)] == ["fine"]


def test_pg_sleep_returns_void(server):
    # PostgreSQL's void type prints as an empty string, not as NULL (psql shows an empty
    # cell either way, but drivers see '' versus None).
    with RawPg.tcp(server.port) as raw:
        assert raw.startup() is None
        msgs = raw.query("SELECT pg_sleep(0)")
        assert errors(msgs) == []
        assert data_rows(msgs) == [[""]]
