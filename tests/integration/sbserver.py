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
        self.workers = workers
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
            # Ready: it accepts, and every worker has been forked (pgrep sees them).
            if self._accepts() and len(self.worker_pids()) >= self.workers:
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


# ---------------------------------------------------------------------------------------------
# Helpers for process-level tests (added by itest-proc): which worker holds which connection,
# polling without fixed sleeps, and a minimal raw protocol client for the things libpq and
# psycopg2 hide (the SQLSTATE of a refused connection, the backend key, CancelRequest).

import base64
import hashlib
import hmac
import struct


def wait_until(predicate, timeout=10.0, interval=0.02):
    """Polls predicate() until it returns a true value (returned) or timeout (returns None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def _established_server_sockets(port):
    """Socket inode -> client port of every ESTABLISHED TCP connection to local `port`."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[3] != "01":  # 01 = TCP_ESTABLISHED
                continue
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if local_port == port:
                found[int(fields[9])] = remote_port
    return found


def _socket_inodes(pid):
    inodes = set()
    try:
        names = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return inodes
    for name in names:
        try:
            link = os.readlink("/proc/%d/fd/%s" % (pid, name))
        except OSError:
            continue  # closed meanwhile
        if link.startswith("socket:["):
            inodes.add(int(link[8:-1]))
    return inodes


def connections_by_process(server):
    """{pid: set of client TCP ports} for the coordinator and each worker of `server`.

    The server side of a TCP connection is found in /proc/net/tcp (local port = server port)
    and attributed to the process whose descriptor table holds that socket inode: the OS's own
    view of which worker serves which client, independent of anything the server reports.
    """
    sockets = _established_server_sockets(server.port)
    result = {}
    for pid in [server.proc.pid] + server.worker_pids():
        held = _socket_inodes(pid)
        result[pid] = {port for inode, port in sockets.items() if inode in held}
    return result


def client_port(conn):
    """Local TCP port of a psycopg2 connection (its socket's own address)."""
    with socket.socket(fileno=os.dup(conn.fileno())) as s:
        return s.getsockname()[1]


class WireError(Exception):
    pass


def parse_error_fields(body):
    """ErrorResponse/NoticeResponse body -> {field code: text}, e.g. {'C': '57014', ...}."""
    fields = {}
    i = 0
    while i < len(body) and body[i] != 0:
        code = chr(body[i])
        end = body.index(b"\0", i + 1)
        fields[code] = body[i + 1:end].decode("utf-8", "replace")
        i = end + 1
    return fields


class RawPg:
    """A minimal PostgreSQL v3 protocol client over one socket (simple query protocol only)."""

    def __init__(self, sock, timeout=20.0):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b""
        self.backend_key = None  # (process id, secret key) from BackendKeyData
        self.parameters = {}
        self.auth_requests = []  # authentication request codes the server sent, in order

    @classmethod
    def tcp(cls, port, host="127.0.0.1", timeout=20.0):
        return cls(socket.create_connection((host, port), timeout=timeout), timeout)

    @classmethod
    def unix(cls, socket_dir, port, timeout=20.0):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(os.path.join(socket_dir, ".s.PGSQL.%d" % port))
        return cls(s, timeout)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, msg_type, body=b""):
        self.sock.sendall(msg_type + struct.pack("!i", len(body) + 4) + body)

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                return False
            self.buf += chunk
        return True

    def read_message(self):
        """(type byte, body) of the next message, or None when the server closed the socket."""
        try:
            if not self._fill(5):
                return None
        except ConnectionResetError:
            return None
        msg_type = self.buf[:1]
        (length,) = struct.unpack("!i", self.buf[1:5])
        if length < 4 or length > (1 << 30):
            raise WireError("bad message length %d for type %r" % (length, msg_type))
        if not self._fill(1 + length):
            raise WireError("connection closed inside a message")
        body = self.buf[5:1 + length]
        self.buf = self.buf[1 + length:]
        return msg_type, body

    def startup(self, user="tester", database="postgres", password=None, **params):
        """Runs the startup phase. Returns None on success, or the fields of the ErrorResponse
        that ended it (the server closes the connection after it)."""
        pairs = {"user": user, "database": database}
        pairs.update(params)
        body = struct.pack("!i", 196608)
        for k, v in pairs.items():
            body += k.encode() + b"\0" + v.encode() + b"\0"
        body += b"\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        scram = None
        while True:
            msg = self.read_message()
            if msg is None:
                raise WireError("server closed the connection during startup")
            msg_type, body = msg
            if msg_type == b"E":
                return parse_error_fields(body)
            if msg_type == b"R":
                (code,) = struct.unpack("!i", body[:4])
                self.auth_requests.append(code)
                if code == 0:
                    continue
                if password is None:
                    raise WireError("server asked for a password (request %d)" % code)
                if code == 3:  # cleartext
                    self.send(b"p", password.encode() + b"\0")
                elif code == 5:  # md5
                    inner = hashlib.md5(password.encode() + user.encode()).hexdigest()
                    outer = hashlib.md5(inner.encode() + body[4:8]).hexdigest()
                    self.send(b"p", b"md5" + outer.encode() + b"\0")
                elif code == 10:  # SASL: mechanisms offered
                    scram = _ScramClient(password)
                    first = scram.client_first()
                    self.send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
                elif code == 11:  # SASL continue
                    self.send(b"p", scram.client_final(body[4:]))
                elif code == 12:  # SASL final
                    scram.verify_server_final(body[4:])
                else:
                    raise WireError("unsupported authentication request %d" % code)
            elif msg_type == b"S":
                name, value = body.split(b"\0")[:2]
                self.parameters[name.decode()] = value.decode()
            elif msg_type == b"K":
                self.backend_key = struct.unpack("!iI", body[:8])
            elif msg_type == b"Z":
                return None

    def query(self, sql):
        """Sends one Query and returns [(type, body)] up to ReadyForQuery, or up to the server
        closing the socket (then the list ends with None)."""
        self.send(b"Q", sql.encode() + b"\0")
        return self.read_until_ready()

    def read_until_ready(self):
        out = []
        while True:
            msg = self.read_message()
            out.append(msg)
            if msg is None or msg[0] == b"Z":
                return out


def data_rows(messages):
    """Text values of every DataRow in `messages` (None for SQL NULL)."""
    rows = []
    for msg in messages:
        if msg is None or msg[0] != b"D":
            continue
        body = msg[1]
        (count,) = struct.unpack("!h", body[:2])
        pos = 2
        row = []
        for _ in range(count):
            (n,) = struct.unpack("!i", body[pos:pos + 4])
            pos += 4
            if n < 0:
                row.append(None)
            else:
                row.append(body[pos:pos + n].decode())
                pos += n
        rows.append(row)
    return rows


def errors(messages):
    return [parse_error_fields(m[1]) for m in messages if m is not None and m[0] == b"E"]


def send_cancel_request(port, pid, secret, host="127.0.0.1", timeout=10.0):
    """Sends a CancelRequest and waits until the server has closed that connection."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(struct.pack("!iiiI", 16, 80877102, pid, secret))
        while s.recv(4096):
            pass


class _ScramClient:
    """Client side of SCRAM-SHA-256 without channel binding (RFC 5802/7677)."""

    def __init__(self, password):
        self.password = password.encode()
        self.nonce = base64.b64encode(os.urandom(18)).decode()
        self.first_bare = "n=,r=" + self.nonce
        self.auth_message = None
        self.salted = None

    def client_first(self):
        return ("n,," + self.first_bare).encode()

    def client_final(self, server_first):
        text = server_first.decode()
        attrs = dict(part.split("=", 1) for part in text.split(","))
        if not attrs["r"].startswith(self.nonce):
            raise WireError("server nonce does not extend the client nonce")
        salt = base64.b64decode(attrs["s"])
        self.salted = hashlib.pbkdf2_hmac("sha256", self.password, salt, int(attrs["i"]))
        client_key = hmac.digest(self.salted, b"Client Key", "sha256")
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = "c=biws,r=" + attrs["r"]
        self.auth_message = ",".join([self.first_bare, text, without_proof]).encode()
        signature = hmac.digest(stored_key, self.auth_message, "sha256")
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        return (without_proof + ",p=" + base64.b64encode(proof).decode()).encode()

    def verify_server_final(self, server_final):
        server_key = hmac.digest(self.salted, b"Server Key", "sha256")
        expected = hmac.digest(server_key, self.auth_message, "sha256")
        if server_final.decode() != "v=" + base64.b64encode(expected).decode():
            raise WireError("bad server signature in SCRAM final message")


def wait_for(predicate, timeout=2.0):
    """Polls `predicate` until it returns something true or `timeout` seconds pass; returns its
    last value (readiness checks instead of sleeps)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.01)
