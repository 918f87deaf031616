"""Files as the interface, measured (issue "Files are the interface"; docs/benchmarks.md):

1. how long the server takes to serve a `git checkout` of the data folder that changes N
   documents (default 10 000): from the start of `git checkout` until index look-ups by the
   changed values find every sampled row;
2. the point-select throughput (pgbench, prepared, 1 and 8 clients) with no hand edits, and
   while a writer rewrites 100 documents per second by hand.

Not part of ctest. Run as root on Debian 12 with postgresql-15 (for pgbench) and git:
    /usr/bin/python3 tests/bench/files_bench.py --build build-release [--docs 10000] [--seconds 10]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgbench_case import PGBENCH  # noqa: E402
from servers import SmarterBase  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def psql(server, sql):
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"]
                         + server.conn_args() + ["-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def git(data, *args):
    subprocess.run(["git", "-C", data, "-c", "user.name=bench", "-c", "user.email=b@b"]
                   + list(args), check=True, capture_output=True)


def load(server, docs):
    psql(server, "CREATE TABLE f (id int PRIMARY KEY, email text UNIQUE, grp int)")
    psql(server, "CREATE INDEX f_grp ON f (grp)")
    for start in range(1, docs + 1, 1000):
        values = ",".join("(%d,'v1-%d',%d)" % (i, i, i % 10)
                          for i in range(start, min(start + 1000, docs + 1)))
        psql(server, "INSERT INTO f VALUES " + values)


def time_checkout(server, docs):
    data = server.data
    subprocess.run(["git", "init", "-q", data], check=True)
    git(data, "add", "-A")
    git(data, "commit", "-qm", "v1")
    psql(server, "UPDATE f SET email = 'v2-' || id, grp = grp + 10")
    git(data, "add", "-A")
    git(data, "commit", "-qm", "v2")
    samples = [1, docs // 3, docs // 2, docs - 1, docs]

    def served(version):
        return all(psql(server, "SELECT id FROM f WHERE email = '%s-%d'" % (version, i)) == str(i)
                   for i in samples)

    results = {}
    for target, version in (("HEAD~1", "v1"), ("-", "v2")):
        began = time.monotonic()
        git(data, "checkout", "-q", target)
        checked_out = time.monotonic() - began
        while not served(version):
            if time.monotonic() - began > 120:
                raise RuntimeError("checkout to %s not served after 120 s" % target)
            time.sleep(0.01)
        results[version] = (checked_out, time.monotonic() - began)
    return results


def pgbench(server, clients, seconds, docs):
    script = os.path.join(tempfile.gettempdir(), "files_bench_select.sql")
    with open(script, "w") as f:
        f.write("\\set id random(1, %d)\nSELECT id, email, grp FROM f WHERE id = :id;\n" % docs)
    out = subprocess.run([PGBENCH, "-n", "-M", "prepared", "-c", str(clients), "-j",
                          str(min(clients, 2)), "-T", str(seconds), "-f", script]
                         + server.conn_args(), capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise RuntimeError(out.stdout + out.stderr)


def hand_edits(server, docs, per_second, stop, counter):
    table = os.path.join(server.data, "postgres", "f")
    interval = 1.0 / per_second
    next_at = time.monotonic()
    while not stop.is_set():
        i = random.randint(1, docs)
        path = os.path.join(table, "%d.json" % i)
        with open(path, "w") as f:  # truncate-and-write, as many editors save
            json.dump({"id": i, "email": "v2-%d" % i, "grp": random.randint(0, 19)}, f)
        counter[0] += 1
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--edits-per-second", type=int, default=100)
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="sbfiles-")
    server = SmarterBase(args.build, root)
    try:
        server.start()
        load(server, args.docs)
        checkout = time_checkout(server, args.docs)
        rows = []
        for clients in (1, 8):
            quiet = pgbench(server, clients, args.seconds, args.docs)
            stop, counter = threading.Event(), [0]
            editor = threading.Thread(target=hand_edits,
                                      args=(server, args.docs, args.edits_per_second, stop,
                                            counter))
            editor.start()
            try:
                busy = pgbench(server, clients, args.seconds, args.docs)
            finally:
                stop.set()
                editor.join()
            rows.append((clients, quiet, busy, counter[0] / args.seconds))
        print("| git checkout changing %d documents | checkout itself | until served |"
              % args.docs)
        print("|---|---:|---:|")
        for version, (checked_out, served) in checkout.items():
            print("| to %s | %.2f s | %.2f s |" % (version, checked_out, served))
        print()
        print("| point select, prepared | no edits TPS | with hand edits TPS | ratio | edits/s |")
        print("|---|---:|---:|---:|---:|")
        for clients, quiet, busy, rate in rows:
            print("| %d client%s | %.0f | %.0f | %.2f | %.0f |"
                  % (clients, "" if clients == 1 else "s", quiet, busy, busy / quiet, rate))
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
