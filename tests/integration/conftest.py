import pytest

from sbserver import Server


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        yield s


# ---------------------------------------------------------------------------------------------
# Fixtures added by itest-wire: the server under test is SmarterBase, or — with
# SB_TEST_TARGET=postgres — a private PostgreSQL 15 cluster, so that the expectations of the
# wire/SQL tests can be checked against the real thing. ctest always runs against SmarterBase.

import os
import shutil
import socket
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("SB_PG_BIN", "/usr/lib/postgresql/15/bin")
ON_POSTGRES = os.environ.get("SB_TEST_TARGET", "smarterbase") == "postgres"


class PostgresCluster:
    """A throw-away PostgreSQL cluster with the same surface as sbserver.Server (port, dsn,
    socket_dir, tmp, read_log, close). initdb and postgres run as the OS user `postgres`;
    the superuser is called `tester`, like the user the SmarterBase tests connect as."""

    is_postgres = True

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sbtest-pg-")
        shutil.chown(self.tmp.name, "postgres")
        self.socket_dir = self.tmp.name
        self.data = os.path.join(self.tmp.name, "data")
        self.log_path = os.path.join(self.tmp.name, "server.log")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = None

    def _as_postgres(self, args):
        return ["runuser", "-u", "postgres", "--"] + args

    def start(self, timeout=30):
        subprocess.run(self._as_postgres([
            os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "tester", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]), check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self._as_postgres([
            os.path.join(PG_BIN, "postgres"), "-D", self.data, "-p", str(self.port),
            "-k", self.socket_dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            "-c", "TimeZone=UTC", "-c", "lc_messages=C", "-c", "max_connections=40"]),
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited:\n" + self.read_log())
            try:
                import psycopg2
                psycopg2.connect(self.dsn()).close()
                return self
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("postgres not ready:\n" + self.read_log())

    def dsn(self, **kw):
        parts = {"host": "127.0.0.1", "port": self.port, "user": "tester", "dbname": "postgres",
                 "sslmode": "disable"}
        parts.update(kw)
        return " ".join("%s=%s" % (k, v) for k, v in parts.items())

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def worker_pids(self):
        return None  # not comparable with SmarterBase's prefork workers

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # smart shutdown would wait for clients; SIGTERM is "smart"
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        self.tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def start_target(workers=2):
    """The server the wire/SQL tests talk to: SmarterBase, or PostgreSQL (SB_TEST_TARGET)."""
    if ON_POSTGRES:
        return PostgresCluster().start()
    s = Server(workers=workers)
    s.is_postgres = False
    return s.start()


@pytest.fixture(scope="module")
def target():
    s = start_target()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def fresh_target():
    """A server of its own for one test (function scope)."""
    s = start_target()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def single_worker_target():
    """One worker only, so every connection of a test shares the process that may suffer."""
    s = start_target(workers=1)
    try:
        yield s
    finally:
        s.close()
