"""The two servers a benchmark run compares, each started fresh in a private temp directory.

SmarterBase runs from a given build directory with an explicit config file (an
/etc/smarterbase.yaml on the machine must never leak in); PostgreSQL 15 is a throw-away cluster
initialised and run as the OS user `postgres` (PostgreSQL refuses to run as root) with its
durable defaults. The driver (run.py) owns both objects and must call stop() on every exit path;
each object owns its temp directory, its processes and its log.
"""
import os
import shutil
import signal
import socket
import subprocess
import time

PG_BIN = os.environ.get("SB_PG_BIN", "/usr/lib/postgresql/15/bin")
PG_OS_USER = os.environ.get("SB_BENCH_PG_USER", "postgres")
DB_USER = "bench"
DB_NAME = "postgres"


class BenchError(Exception):
    """A failure that ends the run with a message (missing tool, server that will not start)."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=40):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _accepts(socket_path, port):
    """Both listeners answer: the Unix socket and TCP on loopback."""
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(1)
            s.connect(socket_path)
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
        return True
    except OSError:
        return False


def _psql_ok(server):
    """A real query succeeds (the socket may accept before sessions are served)."""
    result = subprocess.run(["psql", "-X", "-q", "-At", "-c", "SELECT 1"] + server.conn_args(),
                            capture_output=True, text=True, timeout=30)
    return result.returncode == 0 and result.stdout.strip() == "1"


def _process_tree(root_pid):
    """root_pid and all its descendants (from /proc, no external tools)."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the ppid follows the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) >= 2:
            children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory_kib(root_pid):
    """(sum of Pss, sum of Rss) in KiB over a process tree; Pss counts shared memory once."""
    pss = rss = 0
    for pid in _process_tree(root_pid):
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key == "Pss":
                        pss += int(rest.split()[0])
                    elif key == "Rss":
                        rss += int(rest.split()[0])
        except OSError:
            continue
    return pss, rss


class SmarterBase:
    name = "SmarterBase"
    short = "SB"

    def __init__(self, build_dir, root, fsync="batch", workers=None, unix=False):
        self.binary = os.path.join(build_dir, "smarterbase")
        if not os.access(self.binary, os.X_OK):
            raise BenchError("no SmarterBase binary at %s (build it: ninja -C %s smarterbase, "
                             "or pass --build DIR)" % (self.binary, build_dir))
        self.dir = os.path.join(root, "smarterbase")
        os.makedirs(self.dir)
        self.data = os.path.join(self.dir, "data")
        self.socket_dir = self.dir
        self.port = free_port()
        self.unix = unix
        self.log_path = os.path.join(self.dir, "server.log")
        self.config_path = os.path.join(self.dir, "smarterbase.yaml")
        with open(self.config_path, "w") as f:
            f.write("# written by tests/bench/run.py\n")
            f.write("listen: 127.0.0.1\nport: %d\nsocket_dir: %s\ndata: %s\nfsync: %s\n"
                    % (self.port, self.socket_dir, self.data, fsync))
            if workers is not None:
                f.write("workers: %d\n" % workers)
        self.proc = None
        self.log = None

    def conn_args(self):
        host = self.socket_dir if self.unix else "127.0.0.1"
        return ["-h", host, "-p", str(self.port), "-U", DB_USER, "-d", DB_NAME]

    def start(self, timeout=60):
        """Starts the server; returns the seconds until it served a query."""
        self.log = open(self.log_path, "ab")
        began = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "--config", self.config_path],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        socket_path = os.path.join(self.socket_dir, ".s.PGSQL.%d" % self.port)
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise BenchError("SmarterBase exited with %s:\n%s"
                                 % (self.proc.returncode, tail(self.log_path)))
            if _accepts(socket_path, self.port) and _psql_ok(self):
                return time.monotonic() - began
            time.sleep(0.02)
        raise BenchError("SmarterBase not ready in %ss:\n%s" % (timeout, tail(self.log_path)))

    def memory_kib(self):
        return memory_kib(self.proc.pid) if self.running() else (0, 0)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=40):
        if self.running():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None


class Postgres:
    name = "PostgreSQL"
    short = "PG"

    def __init__(self, root, unix=False):
        for tool in ("initdb", "pg_ctl", "postgres"):
            if not os.access(os.path.join(PG_BIN, tool), os.X_OK):
                raise BenchError("PostgreSQL 15 is missing (%s/%s): apt-get install postgresql-15"
                                 % (PG_BIN, tool))
        self.dir = os.path.join(root, "postgres")
        os.makedirs(self.dir)
        self.data = os.path.join(self.dir, "data")
        self.socket_dir = self.dir
        self.port = free_port()
        self.unix = unix
        self.log_path = os.path.join(self.dir, "server.log")
        self.started = False
        self.pid = None
        # PostgreSQL refuses to run as root: the cluster belongs to an unprivileged user, who
        # must be able to reach the folder through the temp root.
        if os.geteuid() == 0:
            try:
                shutil.chown(self.dir, PG_OS_USER)
            except (LookupError, OSError) as e:
                raise BenchError("cannot give %s to OS user %r (%s); set SB_BENCH_PG_USER"
                                 % (self.dir, PG_OS_USER, e))
            os.chmod(root, 0o755)

    def _as_owner(self, args):
        return (["runuser", "-u", PG_OS_USER, "--"] + args) if os.geteuid() == 0 else args

    def _run(self, args, what):
        result = subprocess.run(self._as_owner(args), capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError("%s failed (%d):\n%s%s\n%s" % (what, result.returncode, result.stdout,
                                                            result.stderr, tail(self.log_path)))
        return result

    def conn_args(self):
        host = self.socket_dir if self.unix else "127.0.0.1"
        return ["-h", host, "-p", str(self.port), "-U", DB_USER, "-d", DB_NAME]

    def init(self):
        # --no-sync only skips initdb's own final sync; the server itself runs with fsync on.
        self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", DB_USER, "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], "initdb")

    def start(self, timeout=60):
        """Starts the cluster; returns the seconds until it served a query."""
        # PostgreSQL's durable defaults, spelled out so the log shows what was compared.
        options = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=on "
                   "-c synchronous_commit=on -c full_page_writes=on -c max_connections=50 "
                   "-c TimeZone=UTC -c lc_messages=C" % (self.port, self.socket_dir))
        began = time.monotonic()
        self.started = True
        self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", self.log_path, "-o",
                   options, "-w", "-t", str(timeout), "start"], "pg_ctl start")
        socket_path = os.path.join(self.socket_dir, ".s.PGSQL.%d" % self.port)
        while time.monotonic() - began < timeout:
            if _accepts(socket_path, self.port) and _psql_ok(self):
                with open(os.path.join(self.data, "postmaster.pid")) as f:
                    self.pid = int(f.readline())
                return time.monotonic() - began
            time.sleep(0.02)
        raise BenchError("PostgreSQL not ready in %ss:\n%s" % (timeout, tail(self.log_path)))

    def memory_kib(self):
        return memory_kib(self.pid) if self.pid else (0, 0)

    def running(self):
        if not self.pid:
            return False
        try:
            os.kill(self.pid, 0)
            return True
        except PermissionError:
            return True  # alive, owned by another user
        except OSError:
            return False

    def stop(self):
        if not self.started:
            return
        self.started = False
        self.pid = None
        # Fast shutdown: disconnect clients, checkpoint, exit; immediate if that hangs.
        for mode in ("fast", "immediate"):
            result = subprocess.run(self._as_owner([os.path.join(PG_BIN, "pg_ctl"), "-D",
                                                    self.data, "-m", mode, "-w", "-t", "60",
                                                    "stop"]), capture_output=True, text=True)
            if result.returncode == 0 or "No such file" in result.stderr or \
                    "not running" in result.stderr.lower():
                return
