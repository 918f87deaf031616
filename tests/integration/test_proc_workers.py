"""Worker processes: spreading connections, surviving a worker crash, max_connections.

Which worker serves which client is read from the OS (/proc: the process holding the server
end of each TCP connection), not from anything the server says about itself.
"""
import os
import signal
import threading
import time

import psycopg2
import pytest

from sbserver import (RawPg, Server, client_port, connections_by_process, wait_until)


def connect(server, **kw):
    return psycopg2.connect(server.dsn(**kw), connect_timeout=10)


def scalar(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def owner_of(server, port):
    """Pid of the process holding the server end of the client connection on `port`."""
    for pid, ports in connections_by_process(server).items():
        if port in ports:
            return pid
    return None


def test_200_concurrent_connections_spread_over_workers():
    clients = 200
    workers = 4
    with Server(workers=workers, config_text="max_connections: 400\n") as server:
        worker_pids = set(server.worker_pids())
        assert len(worker_pids) == workers
        all_connected = threading.Barrier(clients + 1, timeout=60)
        counted = threading.Barrier(clients + 1, timeout=60)
        ports = [None] * clients
        failures = []

        def client(i):
            conn = None
            try:
                conn = connect(server)
                conn.autocommit = True
                assert scalar(conn, "SELECT %s::int * 2", (i,)) == 2 * i
                assert scalar(conn, "SELECT 'client ' || %s", (str(i),)) == "client %d" % i
                ports[i] = client_port(conn)
                all_connected.wait()
                counted.wait()
                # Still served after everyone else connected.
                assert scalar(conn, "SELECT %s::int + 1", (i,)) == i + 1
            except Exception as e:  # reported below with the client's number
                failures.append((i, repr(e)))
                all_connected.abort()
                counted.abort()
            finally:
                if conn is not None:
                    conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        try:
            all_connected.wait()
            by_process = connections_by_process(server)
        finally:
            try:
                counted.wait()
            except threading.BrokenBarrierError:
                pass
            for t in threads:
                t.join(60)
        assert not failures, failures[:5]
        assert not any(t.is_alive() for t in threads)

        # The coordinator hands sockets over and keeps none.
        assert by_process[server.proc.pid] == set()
        held = {pid: ports_ for pid, ports_ in by_process.items() if pid in worker_pids}
        everyone = set(ports)
        assert len(everyone) == clients
        # Every client is served by exactly one worker...
        assert set().union(*held.values()) == everyone
        assert sum(len(p) for p in held.values()) == clients
        # ...and every worker takes a fair share (least-loaded hand-off gives ~50 each).
        counts = sorted(len(p) for p in held.values())
        assert counts[0] >= clients // workers // 2, counts
        # No worker died under the load.
        assert set(server.worker_pids()) == worker_pids


def test_sigkill_of_a_worker_leaves_other_connections_alone():
    with Server(workers=2) as server:
        old_pids = set(server.worker_pids())
        assert len(old_pids) == 2
        conns = []
        for _ in range(8):
            c = connect(server)
            c.autocommit = True
            conns.append(c)
        owners = {c: owner_of(server, client_port(c)) for c in conns}
        assert set(owners.values()) == old_pids, "hand-off should use both workers"
        victim = next(iter(old_pids))
        doomed = [c for c in conns if owners[c] == victim]
        survivors = [c for c in conns if owners[c] != victim]
        assert doomed and survivors

        # Long-lived connections on the other worker keep running queries throughout.
        stop = threading.Event()
        killed_at = [None]
        stats = {c: {"before": 0, "after": 0, "errors": []} for c in survivors}

        def busy(conn):
            n = 0
            while not stop.is_set() and n < 10000:
                n += 1
                try:
                    got = scalar(conn, "SELECT %s::int * 3", (n,))
                    if got != 3 * n:
                        raise AssertionError("wrong answer %r for %d" % (got, n))
                except Exception as e:
                    stats[conn]["errors"].append(repr(e))
                    return
                stats[conn]["after" if killed_at[0] else "before"] += 1

        threads = [threading.Thread(target=busy, args=(c,)) for c in survivors]
        for t in threads:
            t.start()
        try:
            assert wait_until(lambda: all(s["before"] > 0 for s in stats.values()), 20)
            os.kill(victim, signal.SIGKILL)
            killed_at[0] = time.monotonic()

            # The coordinator forks a replacement.
            def replaced():
                pids = set(server.worker_pids())
                return len(pids) == 2 and victim not in pids and pids
            new_pids = wait_until(replaced, 10)
            assert new_pids, "worker not replaced: %s" % server.worker_pids()
            (replacement,) = new_pids - old_pids
            # Let the survivors run well past the crash.
            assert wait_until(lambda: all(s["after"] >= 20 for s in stats.values()), 20), stats
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        for c in survivors:
            assert stats[c]["errors"] == [], stats[c]["errors"]
            assert scalar(c, "SELECT 'still here'") == "still here"

        # Connections of the killed worker are gone (and only those).
        for c in doomed:
            with pytest.raises(psycopg2.Error):
                scalar(c, "SELECT 1")

        # New connections are served, including by the replacement worker, which starts
        # with the fewest connections.
        fresh = []
        for i in range(6):
            c = connect(server)
            fresh.append(c)
            assert scalar(c, "SELECT %s::int", (i,)) == i
        fresh_owners = {owner_of(server, client_port(c)) for c in fresh}
        assert replacement in fresh_owners
        assert fresh_owners <= new_pids
        for c in conns + fresh:
            c.close()
        assert "terminated by signal 9" in server.read_log()


MAX_CONNECTIONS = 5


def test_max_connections_refuses_the_next_client_with_53300():
    with Server(workers=2, config_text="max_connections: %d\n" % MAX_CONNECTIONS) as server:
        conns = [connect(server) for _ in range(MAX_CONNECTIONS)]
        for i, c in enumerate(conns):
            assert scalar(c, "SELECT %s::int", (i,)) == i

        # The raw protocol shows the SQLSTATE libpq keeps to itself for refused connections.
        with RawPg.tcp(server.port) as raw:
            err = raw.startup()
            assert err is not None, "connection %d was accepted" % (MAX_CONNECTIONS + 1)
            assert err.get("C") == "53300", err
            assert err.get("S") == "FATAL", err
            assert err.get("M") == "sorry, too many clients already", err
            assert raw.read_message() is None  # and the server hangs up
        with pytest.raises(psycopg2.OperationalError, match="sorry, too many clients already"):
            connect(server)

        # The refused attempts did not use up a slot: after one client leaves, one more fits.
        conns.pop().close()

        def try_connect():
            try:
                return connect(server)
            except psycopg2.OperationalError as e:
                if "too many clients" not in str(e):
                    raise
                return None

        # The freed slot is reported by the worker asynchronously: poll, bounded.
        replacement = wait_until(try_connect, 10, 0.05)
        assert replacement is not None, "no connection possible after closing one"
        assert scalar(replacement, "SELECT 42") == 42
        conns.append(replacement)
        with RawPg.tcp(server.port) as raw:
            err = raw.startup()
            assert err is not None and err.get("C") == "53300", err
        for c in conns:
            assert scalar(c, "SELECT 1") == 1
            c.close()
