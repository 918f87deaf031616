"""A small blocking PostgreSQL v3 protocol client for the wire tests.

It hides nothing: every message the server sends comes back as a `Msg(type, body)` tuple, and
the helpers below decode the common bodies. It can also send any bytes at all (`send_raw`), so
that tests can speak hostile or broken protocol. Nothing here retries or waits on a timer
except the socket timeout, which turns a server that hangs into a failed test.
"""
import collections
import os
import socket
import struct

PROTOCOL_3_0 = 3 << 16
SSL_REQUEST_CODE = 80877103
GSSENC_REQUEST_CODE = 80877104
CANCEL_REQUEST_CODE = 80877102

# A server message: its one-character type (str) and its body (bytes, length word stripped).
Msg = collections.namedtuple("Msg", "type body")
Field = collections.namedtuple("Field", "name table_oid column type_oid type_size type_mod format")


class ProtocolError(Exception):
    pass


def kinds(messages):
    """'1TDCZ'-style summary of message types; a closed connection (None) shows as '!'."""
    return "".join("!" if m is None else m.type for m in messages)


# --- decoding -------------------------------------------------------------------------------


def cstring(body, pos=0):
    """(text, position after the terminating NUL) of the C string at `pos`."""
    end = body.index(b"\0", pos)
    return body[pos:end].decode("utf-8", "replace"), end + 1


def error_fields(body):
    """ErrorResponse/NoticeResponse body -> {field code: text}, e.g. {'C': '42601', ...}."""
    fields = {}
    pos = 0
    while pos < len(body) and body[pos] != 0:
        code = chr(body[pos])
        fields[code], pos = cstring(body, pos + 1)
    return fields


def row_description(body):
    (count,) = struct.unpack_from("!h", body, 0)
    pos = 2
    fields = []
    for _ in range(count):
        name, pos = cstring(body, pos)
        rest = struct.unpack_from("!IhIhih", body, pos)
        pos += 18
        fields.append(Field(name, *rest))
    return fields


def data_row(body):
    """Raw column values (bytes, or None for NULL) of a DataRow."""
    (count,) = struct.unpack_from("!h", body, 0)
    pos = 2
    values = []
    for _ in range(count):
        (n,) = struct.unpack_from("!i", body, pos)
        pos += 4
        if n < 0:
            values.append(None)
        else:
            values.append(body[pos:pos + n])
            pos += n
    if pos != len(body):
        raise ProtocolError("DataRow has %d trailing bytes" % (len(body) - pos))
    return values


def parameter_description(body):
    (count,) = struct.unpack_from("!h", body, 0)
    return list(struct.unpack_from("!%dI" % count, body, 2))


def parameter_status(body):
    name, pos = cstring(body)
    value, _ = cstring(body, pos)
    return name, value


def command_tag(body):
    return cstring(body)[0]


def rows(messages, decode=True):
    """Values of every DataRow in `messages`; text-decoded unless decode=False."""
    out = []
    for m in messages:
        if m is not None and m.type == "D":
            row = data_row(m.body)
            out.append([v.decode() if decode and v is not None else v for v in row])
    return out


def errors(messages):
    return [error_fields(m.body) for m in messages if m is not None and m.type == "E"]


def notices(messages):
    return [error_fields(m.body) for m in messages if m is not None and m.type == "N"]


def tags(messages):
    return [command_tag(m.body) for m in messages if m is not None and m.type == "C"]


def ready_status(messages):
    """Transaction status letter of the last ReadyForQuery ('I', 'T' or 'E')."""
    last = [m for m in messages if m is not None and m.type == "Z"]
    return last[-1].body.decode() if last else None


# --- encoding -------------------------------------------------------------------------------


def message(msg_type, body=b""):
    return msg_type.encode() + struct.pack("!i", len(body) + 4) + body


def cstr(text):
    return (text.encode() if isinstance(text, str) else text) + b"\0"


def startup_packet(params, version=PROTOCOL_3_0):
    body = struct.pack("!i", version)
    for k, v in params.items():
        body += cstr(k) + cstr(v)
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def parse_body(name, sql, param_oids=()):
    return cstr(name) + cstr(sql) + struct.pack("!h", len(param_oids)) + b"".join(
        struct.pack("!I", oid) for oid in param_oids)


def bind_body(portal, statement, params=(), param_formats=(), result_formats=()):
    """params: bytes/str (str is sent UTF-8 encoded) or None for NULL."""
    body = cstr(portal) + cstr(statement)
    body += struct.pack("!h", len(param_formats))
    body += b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for p in params:
        if p is None:
            body += struct.pack("!i", -1)
        else:
            raw = p.encode() if isinstance(p, str) else p
            body += struct.pack("!i", len(raw)) + raw
    body += struct.pack("!h", len(result_formats))
    body += b"".join(struct.pack("!h", f) for f in result_formats)
    return body


# --- the connection -------------------------------------------------------------------------


class Conn:
    """One client connection. Blocking; every read is bounded by the socket timeout."""

    def __init__(self, sock, timeout=20.0):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b""
        self.parameters = {}
        self.backend_key = None  # (pid, secret)

    @classmethod
    def tcp(cls, port, host="127.0.0.1", timeout=20.0):
        return cls(socket.create_connection((host, port), timeout=timeout), timeout)

    @classmethod
    def unix(cls, socket_dir, port, timeout=20.0):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(os.path.join(socket_dir, ".s.PGSQL.%d" % port))
        return cls(s, timeout)

    @classmethod
    def connected(cls, server, timeout=20.0, **params):
        """A connection to `server` that has finished its startup (raises otherwise)."""
        c = cls.tcp(server.port, timeout=timeout)
        try:
            msgs = c.handshake(**params)
        except BaseException:
            c.close()
            raise
        if ready_status(msgs) != "I":
            c.close()
            raise ProtocolError("startup failed: %r" % (errors(msgs),))
        return c

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # sending

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, msg_type, body=b""):
        self.sock.sendall(message(msg_type, body))

    def send_startup(self, params, version=PROTOCOL_3_0):
        self.sock.sendall(startup_packet(params, version))

    def request_code(self, code):
        """Sends SSLRequest/GSSENCRequest-style 8-byte packet; returns the 1-byte answer
        (b'' when the server closed instead)."""
        self.sock.sendall(struct.pack("!ii", 8, code))
        return self.sock.recv(1)

    def query(self, sql):
        self.send("Q", cstr(sql))

    def parse(self, name, sql, param_oids=()):
        self.send("P", parse_body(name, sql, param_oids))

    def bind(self, portal, statement, params=(), param_formats=(), result_formats=()):
        self.send("B", bind_body(portal, statement, params, param_formats, result_formats))

    def describe_statement(self, name):
        self.send("D", b"S" + cstr(name))

    def describe_portal(self, name):
        self.send("D", b"P" + cstr(name))

    def execute(self, portal, max_rows=0):
        self.send("E", cstr(portal) + struct.pack("!i", max_rows))

    def close_statement(self, name):
        self.send("C", b"S" + cstr(name))

    def close_portal(self, name):
        self.send("C", b"P" + cstr(name))

    def sync(self):
        self.send("S")

    def flush(self):
        self.send("H")

    def terminate(self):
        self.send("X")

    # receiving

    def _fill(self, n):
        while len(self.buf) < n:
            try:
                chunk = self.sock.recv(1 << 16)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return False
            self.buf += chunk
        return True

    def read(self):
        """The next message, or None once the server has closed the connection."""
        if not self._fill(5):
            if self.buf:
                raise ProtocolError("connection closed after a partial header %r" % self.buf)
            return None
        (length,) = struct.unpack_from("!i", self.buf, 1)
        if length < 4:
            raise ProtocolError("bad length %d for message %r" % (length, self.buf[:1]))
        if not self._fill(1 + length):
            raise ProtocolError("connection closed inside a %r message" % self.buf[:1])
        msg = Msg(self.buf[:1].decode("latin-1"), self.buf[5:1 + length])
        self.buf = self.buf[1 + length:]
        if msg.type == "S":
            name, value = parameter_status(msg.body)
            self.parameters[name] = value
        elif msg.type == "K":
            self.backend_key = struct.unpack("!iI", msg.body)
        return msg

    def read_until(self, stop_types):
        """Messages up to and including the first of `stop_types`, or up to the close (the
        list then ends with None)."""
        out = []
        while True:
            m = self.read()
            out.append(m)
            if m is None or m.type in stop_types:
                return out

    def read_until_ready(self):
        return self.read_until("Z")

    def read_n(self, n):
        """Exactly n messages (fewer, ending with None, if the server closes)."""
        out = []
        for _ in range(n):
            m = self.read()
            out.append(m)
            if m is None:
                break
        return out

    def handshake(self, user="tester", database="postgres", version=PROTOCOL_3_0, **params):
        """Startup without authentication (the test servers trust); returns every message up
        to ReadyForQuery or to the ErrorResponse/close that ended it."""
        p = {}
        if user is not None:
            p["user"] = user
        if database is not None:
            p["database"] = database
        p.update(params)
        self.send_startup(p, version)
        return self.read_until("ZE")

    def simple(self, sql):
        """Runs one Query message; every message up to ReadyForQuery (or the close)."""
        self.query(sql)
        return self.read_until_ready()

    def is_closed(self, timeout=5.0):
        """True when the server closes this connection (EOF or reset) within `timeout`,
        whatever messages come before."""
        old = self.sock.gettimeout()
        self.sock.settimeout(timeout)
        try:
            while True:
                if self.read() is None:
                    return True
        except (ProtocolError, socket.timeout):
            return False
        finally:
            self.sock.settimeout(old)


def send_cancel(port, pid, secret, host="127.0.0.1", timeout=10.0):
    """Sends a CancelRequest on a new connection and waits until the server closes it."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(struct.pack("!iiiI", 16, CANCEL_REQUEST_CODE, pid, secret))
        while s.recv(4096):
            pass
