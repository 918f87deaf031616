"""Starts a real SmarterBase server for a test and stops it afterwards.

Each server gets its own data directory, socket directory and free TCP port, so tests can run
in parallel. Readiness is a successful connection, never a sleep.
"""
import os
import signal
import socket
import subprocess
import tempfile
import time

BUILD_DIR = os.environ.get("SB_BUILD_DIR", os.path.join(os.path.dirname(__file__), "../../build"))
BINARY = os.path.join(BUILD_DIR, "smarterbase")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, workers=2, extra_args=(), config_text=None, password=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="sbtest-")
        self.data = os.path.join(self.tmp.name, "data")
        self.socket_dir = self.tmp.name
        self.port = free_port()
        self.log_path = os.path.join(self.tmp.name, "server.log")
        self.args = [BINARY, "--data", self.data, "--port", str(self.port),
                     "--socket-dir", self.socket_dir, "--listen", "127.0.0.1",
                     "--workers", str(workers)]
        # Always an explicit config file, so that an /etc/smarterbase.yaml on the machine
        # never leaks into a test.
        path = os.path.join(self.tmp.name, "smarterbase.yaml")
        with open(path, "w") as f:
            f.write(config_text or "# defaults\n")
        self.config_path = path
        self.args += ["--config", path]
        if password is not None:
            self.args += ["--password", password]
        self.args += list(extra_args)
        self.proc = None

    def start(self, timeout=30):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with %s:\n%s" % (self.proc.returncode, self.read_log()))
            if self._accepts():
                return self
            time.sleep(0.02)
        raise RuntimeError("server not ready in %ss:\n%s" % (timeout, self.read_log()))

    def _accepts(self):
        path = os.path.join(self.socket_dir, ".s.PGSQL.%d" % self.port)
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                pass
            return True
        except OSError:
            return False

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def dsn(self, **kw):
        parts = {"host": "127.0.0.1", "port": self.port, "user": "tester", "dbname": "postgres",
                 "sslmode": "disable"}
        parts.update(kw)
        return " ".join("%s=%s" % (k, v) for k, v in parts.items())

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def worker_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def close(self):
        self.stop()
        self.tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
