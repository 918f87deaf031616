"""Configuration at startup: file errors, --check-config, defaults, flags over the file, the
systemd unit and the install rules."""
import os
import re
import shutil
import socket
import subprocess
import tempfile

import psycopg2
import pytest

from sbserver import BINARY, BUILD_DIR, Server, free_port, wait_until

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
SHIPPED_CONFIG = os.path.join(REPO, "conf/smarterbase.yaml")
UNIT = os.path.join(REPO, "systemd/smarterbase.service")


def run_binary(*args, cwd=None, timeout=30):
    return subprocess.run([BINARY] + list(args), capture_output=True, text=True, timeout=timeout,
                          cwd=cwd)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="sbconf-") as d:
        yield d


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def start_args(workdir, port):
    return ["--data", os.path.join(workdir, "data"), "--socket-dir", workdir,
            "--listen", "127.0.0.1", "--port", str(port), "--workers", "1"]


BAD_FILES = [
    # (file text, key named in the message, line of the key)
    ("port: 5433\nfrobnicate: 1\n", "frobnicate", 2),
    ("port: abc\n", "port", 1),
    ("log_level: info\nmax_connections: 0\n", "max_connections", 2),
    ("max_connections: 4001\n", "max_connections", 1),
    ("# comment\n\nlog_level: chatty\n", "log_level", 3),
    ("statement_timeout: 5 fortnights\n", "statement_timeout", 1),
    ("workers: -1\n", "workers", 1),
    ("fsync: sometimes\n", "fsync", 1),
    ("auth_method: kerberos\n", "auth_method", 1),
    ("port: 5433\nport: 5434\n", "port", 2),
]


@pytest.mark.parametrize("text,key,line", BAD_FILES, ids=[b[1] + str(i) for i, b in
                                                          enumerate(BAD_FILES)])
def test_bad_file_stops_startup_naming_key_and_line(workdir, text, key, line):
    path = write(os.path.join(workdir, "bad.yaml"), text)
    port = free_port()
    r = run_binary("--config", path, *start_args(workdir, port))
    assert r.returncode != 0, r.stdout + r.stderr
    message = r.stdout + r.stderr
    assert key in message, message
    assert "%s:%d" % (path, line) in message or "line %d" % line in message, message
    # It never got as far as listening.
    assert not os.path.exists(os.path.join(workdir, ".s.PGSQL.%d" % port))

    # --check-config reports the same problem without starting.
    r = run_binary("--check-config", "--config", path)
    assert r.returncode != 0
    assert key in r.stdout + r.stderr


def test_yaml_syntax_error_names_the_line(workdir):
    path = write(os.path.join(workdir, "broken.yaml"), "port: 5433\nlisten: [unclosed\n")
    r = run_binary("--check-config", "--config", path)
    assert r.returncode != 0
    assert path in r.stderr + r.stdout


def test_missing_explicit_config_file_is_an_error(workdir):
    r = run_binary("--check-config", "--config", os.path.join(workdir, "absent.yaml"))
    assert r.returncode != 0
    assert "absent.yaml" in r.stdout + r.stderr


def test_unknown_flag_and_bad_flag_value(workdir):
    r = run_binary("--check-config", "--no-such-flag", "1")
    assert r.returncode != 0
    assert "--no-such-flag" in r.stdout + r.stderr
    r = run_binary("--check-config", "--port", "seventy")
    assert r.returncode != 0
    assert "port" in r.stdout + r.stderr


def parse_check_output(stdout):
    values = {}
    for line in stdout.splitlines():
        m = re.fullmatch(r'([a-z_]+): "(.*)"', line)
        if m:
            values[m.group(1)] = m.group(2)
    return values


def test_check_config_prints_effective_values(workdir):
    path = write(os.path.join(workdir, "ok.yaml"),
                 "port: 6123\nmax_connections: 17\nlog_level: warning\npassword: hush\n")
    r = run_binary("--check-config", "--config", path)
    assert r.returncode == 0, r.stderr
    values = parse_check_output(r.stdout)
    assert values["port"] == "6123"
    assert values["max_connections"] == "17"
    assert values["log_level"] == "warning"
    assert "hush" not in r.stdout, "the password must not be printed"
    assert "valid" in r.stdout
    # Checking never starts a server.
    assert not os.path.exists(os.path.join(workdir, "data"))


def test_shipped_config_documents_the_defaults(workdir):
    if os.path.exists("/etc/smarterbase.yaml"):
        pytest.skip("/etc/smarterbase.yaml exists on this machine and would be read")
    defaults = run_binary("--check-config", cwd=workdir)
    assert defaults.returncode == 0, defaults.stderr
    shipped = run_binary("--check-config", "--config", SHIPPED_CONFIG)
    assert shipped.returncode == 0, shipped.stderr
    d = parse_check_output(defaults.stdout)
    s = parse_check_output(shipped.stdout)
    assert d and set(d) == set(s)
    # The shipped file shows every default, except the two documented as the unit's values.
    differing = {k for k in d if d[k] != s[k]}
    assert differing <= {"data", "socket_dir"}, {k: (d[k], s[k]) for k in differing}
    assert d["port"] == "5433"


def test_defaults_without_a_file(workdir):
    if os.path.exists("/etc/smarterbase.yaml"):
        pytest.skip("/etc/smarterbase.yaml exists on this machine and would be read")
    port = free_port()
    # No --config at all: everything not given as a flag is a default. The data directory
    # default ./data is relative to the working directory.
    args = ["--socket-dir", workdir, "--port", str(port), "--workers", "1"]
    proc = subprocess.Popen([BINARY] + args, cwd=workdir, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        def try_connect():
            if proc.poll() is not None:
                return "exited"
            try:
                return psycopg2.connect(host="127.0.0.1", port=port, user="tester",
                                        dbname="postgres", connect_timeout=2)
            except psycopg2.OperationalError:
                return None
        conn = wait_until(try_connect, 30)
        assert conn not in (None, "exited"), "server did not come up on defaults"
        with conn.cursor() as cur:
            cur.execute("SHOW statement_timeout")
            assert cur.fetchone()[0] == "0"
        conn.close()
        assert os.path.isdir(os.path.join(workdir, "data")), "default data dir is ./data"
    finally:
        proc.terminate()
        out, _ = proc.communicate(30)
    assert proc.returncode == 0, out


def test_flags_override_file_values(workdir):
    file_port = free_port()
    path = write(os.path.join(workdir, "f.yaml"),
                 "port: %d\nmax_connections: 2\nlog_level: error\n" % file_port)
    r = run_binary("--check-config", "--config", path, "--max-connections", "9",
                   "--log-level=debug")
    assert r.returncode == 0, r.stderr
    values = parse_check_output(r.stdout)
    assert values["max_connections"] == "9"
    assert values["log_level"] == "debug"
    assert values["port"] == str(file_port)

    # Live: the server listens on the flag's port, not the file's.
    server = Server(workers=1, config_text="port: %d\nmax_connections: 1\n" % file_port,
                    extra_args=["--max-connections", "3"])
    with server:
        assert server.port != file_port
        conns = [psycopg2.connect(server.dsn(), connect_timeout=10) for _ in range(3)]
        with pytest.raises(psycopg2.OperationalError, match="too many clients"):
            psycopg2.connect(server.dsn(), connect_timeout=10)
        for c in conns:
            c.close()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", file_port), timeout=1).close()


def test_help_and_version():
    r = run_binary("--help")
    assert r.returncode == 0
    for flag in ["--config", "--check-config", "--port", "--socket-dir", "--max-connections"]:
        assert flag in r.stdout
    r = run_binary("--version")
    assert r.returncode == 0
    assert re.match(r"smarterbase \d+\.\d+", r.stdout)


def test_systemd_unit_verifies(workdir):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    with open(UNIT) as f:
        text = f.read()
    assert re.search(r"^ExecStart=/\S+", text, re.M), "no absolute ExecStart in the unit"
    # Only the ExecStart line changes; comments may mention the installed path too.
    patched = re.sub(r"^ExecStart=\S+", lambda m: "ExecStart=" + os.path.abspath(BINARY), text,
                     count=1, flags=re.M)
    unit = write(os.path.join(workdir, "smarterbase.service"), patched)
    r = subprocess.run([analyze, "verify", unit], capture_output=True, text=True, timeout=60)
    # Lines about other units on this machine are not ours to judge.
    ours = [l for l in (r.stdout + r.stderr).splitlines() if "smarterbase" in l]
    assert r.returncode == 0, r.stdout + r.stderr
    assert ours == [], ours


def test_cmake_install(workdir):
    cmake = shutil.which("cmake")
    if cmake is None:
        pytest.skip("cmake is not installed")
    if not os.path.exists(os.path.join(BUILD_DIR, "cmake_install.cmake")):
        pytest.skip("no CMake build directory at %s" % BUILD_DIR)
    # DESTDIR keeps the install rule for /etc/smarterbase.yaml inside the temp tree too.
    stage = os.path.join(workdir, "stage")
    env = dict(os.environ, DESTDIR=stage)
    r = subprocess.run([cmake, "--install", BUILD_DIR, "--prefix", "/opt/sbtest"], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    prefix = os.path.join(stage, "opt/sbtest")
    binary = os.path.join(prefix, "bin/smarterbase")
    assert os.access(binary, os.X_OK)
    assert os.access(os.path.join(prefix, "bin/smarterbase-ctl"), os.X_OK)
    unit = os.path.join(prefix, "lib/systemd/system/smarterbase.service")
    with open(unit) as f, open(UNIT) as g:
        assert f.read() == g.read()
    config_copies = [os.path.join(prefix, "share/smarterbase/smarterbase.yaml"),
                     os.path.join(stage, "etc/smarterbase.yaml")]
    installed = sorted(os.path.relpath(os.path.join(d, f), stage)
                       for d, _, files in os.walk(stage) for f in files)
    for path in config_copies:
        # $DESTDIR/etc/smarterbase.yaml, never $DESTDIR/$DESTDIR/etc/... nor the real /etc.
        assert os.path.exists(path), "missing %s; installed: %s" % (path, installed)
        with open(path) as f, open(SHIPPED_CONFIG) as g:
            assert f.read() == g.read(), path
    r = subprocess.run([binary, "--check-config", "--config", config_copies[1]],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
