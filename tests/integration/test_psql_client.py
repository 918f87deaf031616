"""psql against SmarterBase: Unix socket and TCP, scripts, errors, variables, passwords."""
import os
import pty
import re
import select
import subprocess
import time

import psycopg2
import pytest

from sbserver import RawPg, Server

PSQL = "psql"


def psql_env(password=None, home=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCONNECT_TIMEOUT"] = "10"
    env["PGUSER"] = "tester"
    env["PGDATABASE"] = "postgres"
    if password is not None:
        env["PGPASSWORD"] = password
    if home is not None:
        env["HOME"] = home
    return env


def psql(server, *args, host="127.0.0.1", password=None, stdin=None, home=None, no_rc=True):
    cmd = [PSQL, "-h", host, "-p", str(server.port), "-w"]
    if no_rc:
        cmd.append("-X")
    cmd += list(args)
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30,
                          env=psql_env(password, home))


@pytest.fixture(scope="module")
def server():
    with Server(workers=2) as s:
        yield s


@pytest.fixture(params=["unix", "tcp"])
def host(request, server):
    return server.socket_dir if request.param == "unix" else "127.0.0.1"


def test_select_1(server, host):
    r = psql(server, "-c", "SELECT 1", host=host)
    assert r.returncode == 0, r.stderr
    lines = [l.strip() for l in r.stdout.splitlines()]
    assert lines[:4] == ["?column?", "----------", "1", "(1 row)"], r.stdout
    r = psql(server, "-At", "-c", "SELECT 1 AS one, 'two' AS two", host=host)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "1|two\n"


def test_multi_statement_command_shows_every_result(server, host):
    # psql 15 prints the result of every statement of a -c string.
    r = psql(server, "-At", "-c", "SELECT 1; SELECT 2", host=host)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1", "2"]
    r = psql(server, "-At", "-c", "SELECT 1", "-c", "SELECT 'x' || 'y'", host=host)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1", "xy"]


def write_script(server, name, text):
    path = os.path.join(server.tmp.name, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_script_stops_at_syntax_error(server):
    path = write_script(server, "broken.sql", "SELECT 'first';\nSELEC 2;\nSELECT 'third';\n")
    r = psql(server, "-At", "-v", "ON_ERROR_STOP=1", "-f", path)
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert r.stdout.split() == ["first"], r.stdout
    assert "psql:%s:2: ERROR:  syntax error" % path in r.stderr, r.stderr
    assert '"SELEC"' in r.stderr, r.stderr
    lines = r.stderr.splitlines()
    i = lines.index("LINE 1: SELEC 2;")
    # The caret sits under the start of the offending token (Position field = 1).
    assert lines[i + 1] == " " * len("LINE 1: ") + "^", lines


def test_error_position_caret_mid_statement(server):
    sql = "SELECT 1 + FROM nowhere_at_all"
    r = psql(server, "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-c", sql)
    assert r.returncode == 1, (r.returncode, r.stderr)  # -c: an error gives 1, not 3
    assert "ERROR:  42601: syntax error" in r.stderr, r.stderr
    lines = r.stderr.splitlines()
    i = next(n for n, l in enumerate(lines) if l.startswith("LINE 1: "))
    assert lines[i] == "LINE 1: " + sql
    caret = lines[i + 1]
    assert caret.strip() == "^"
    # The caret points inside the statement, at or after the '+' (PostgreSQL: at FROM).
    column = caret.index("^") - len("LINE 1: ")
    assert sql.index("+") <= column < len(sql), (column, caret)


def test_without_on_error_stop_the_script_goes_on(server):
    path = write_script(server, "goes_on.sql", "SELECT 'a';\nSELEC 2;\nSELECT 'c';\n")
    r = psql(server, "-At", "-f", path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["a", "c"]
    assert "syntax error" in r.stderr


def test_runtime_error_from_script(server):
    path = write_script(server, "divide.sql", "SELECT 1/0;\nSELECT 'never';\n")
    r = psql(server, "-At", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-f", path)
    assert r.returncode == 3, r.stderr
    assert "ERROR:  22012: division by zero" in r.stderr, r.stderr
    assert "never" not in r.stdout


def test_variables(server):
    script = ("\\set n 21\n"
              "SELECT :n * 2 AS answer;\n"
              "\\set name 'it''s me'\n"
              "SELECT :'name' AS quoted;\n"
              "SELECT 40 + 2 AS x \\gset\n"
              "\\echo from gset :x\n")
    r = psql(server, "-At", "-v", "ON_ERROR_STOP=1", stdin=script)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["42", "it's me", "from gset 42"]


def test_psql_reads_server_parameters_at_startup(server, host):
    # psql fills these from ParameterStatus messages sent at connection start.
    script = ("\\echo :SERVER_VERSION_NAME\n\\echo :SERVER_VERSION_NUM\n\\echo :ENCODING\n"
              "\\echo :USER :DBNAME\n")
    r = psql(server, "-At", stdin=script, host=host)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("15."), lines
    assert lines[1].startswith("150"), lines
    assert lines[2] == "UTF8"
    assert lines[3] == "tester postgres"


def test_psqlrc_is_honoured(server, tmp_path):
    (tmp_path / ".psqlrc").write_text("\\set QUIET on\n\\pset null '(nil)'\n\\set ON_ERROR_STOP 1\n")
    r = psql(server, "-A", "-t", "-c", "SELECT NULL", home=str(tmp_path), no_rc=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "(nil)"


def read_until(fd, pattern, timeout=15.0):
    """Reads a pty until `pattern` (regex) appears; returns everything read."""
    out = b""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, out):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("no %r in %r" % (pattern, out))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            raise AssertionError("psql ended before %r: %r" % (pattern, out))
        out += chunk
    return out


def test_interactive_psql_session(server, tmp_path):
    # An interactive psql (on a terminal) prints its banner, reads server parameters, runs
    # the statements typed and quits cleanly.
    master, slave = pty.openpty()
    env = psql_env(home=str(tmp_path))
    env["TERM"] = "dumb"
    env["PAGER"] = "cat"
    env["PSQL_HISTORY"] = str(tmp_path / "history")
    proc = subprocess.Popen([PSQL, "-h", "127.0.0.1", "-p", str(server.port), "-w"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        banner = read_until(master, rb"postgres=[#>] ")
        text = banner.decode("utf-8", "replace")
        assert re.search(r"psql \(15\.\d+.*server 15\.", text) or "psql (15." in text, text
        assert "WARNING" not in text, text
        os.write(master, b"SELECT 6 * 7 AS answer;\n")
        out = read_until(master, rb"\(1 row\)[\s\S]*postgres=[#>] ").decode()
        assert re.search(r"\b42\b", out), out
        os.write(master, b"SELEC;\n")
        out = read_until(master, rb"postgres=[#>] ").decode()
        assert "syntax error" in out, out
        os.write(master, b"\\q\n")
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


PASSWORD = "s3cret"


@pytest.fixture(scope="module", params=["scram-sha-256", "md5", "password"])
def auth_server(request):
    # The config file chooses the method; scram-sha-256 is also the default without the key.
    config = "auth_method: %s\n" % request.param if request.param != "scram-sha-256" else None
    with Server(workers=1, password=PASSWORD, config_text=config) as s:
        yield request.param, s


AUTH_REQUEST = {"scram-sha-256": 10, "md5": 5, "password": 3}


def test_password_right_with_psql(auth_server):
    method, server = auth_server
    for host in ["127.0.0.1", server.socket_dir]:
        r = psql(server, "-At", "-c", "SELECT 'in'", host=host, password=PASSWORD)
        assert r.returncode == 0, (method, host, r.stderr)
        assert r.stdout == "in\n"


def test_password_wrong_with_psql(auth_server):
    method, server = auth_server
    r = psql(server, "-c", "SELECT 1", password="wrong")
    assert r.returncode == 2, (method, r.stderr)
    assert 'password authentication failed for user "tester"' in r.stderr, r.stderr
    r = psql(server, "-c", "SELECT 1")  # no password at all, -w: never prompt
    assert r.returncode == 2
    assert "no password supplied" in r.stderr, r.stderr


def test_password_method_and_sqlstate_on_the_wire(auth_server):
    method, server = auth_server
    with RawPg.tcp(server.port) as raw:
        assert raw.startup(password=PASSWORD) is None
        assert raw.auth_requests[0] == AUTH_REQUEST[method]
        assert raw.auth_requests[-1] == 0
    with RawPg.tcp(server.port) as raw:
        err = raw.startup(password="not-" + PASSWORD)
        assert err is not None
        assert err.get("C") == "28P01", err
        assert err.get("S") == "FATAL"
        assert err.get("M") == 'password authentication failed for user "tester"', err


def test_password_with_psycopg2(auth_server):
    method, server = auth_server
    conn = psycopg2.connect(server.dsn(password=PASSWORD), connect_timeout=10)
    with conn.cursor() as cur:
        cur.execute("SELECT %s || '!'", (method,))
        assert cur.fetchone()[0] == method + "!"
    conn.close()
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(server.dsn(password="nope"), connect_timeout=10)
