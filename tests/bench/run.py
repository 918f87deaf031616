#!/usr/bin/python3
"""pgbench, SmarterBase next to PostgreSQL 15, in one run on this machine (DESIGN §8).

Starts a fresh SmarterBase (the given build) and a private PostgreSQL 15 cluster, creates and
loads the same table in both, runs every pgbench script against both, interleaved so that
machine noise hits both alike, and prints TPS, p50/p99 latency and the SmarterBase/PostgreSQL
ratios as a Markdown table (--write-doc also rewrites the results section of
docs/benchmarks.md). Both servers and the temp directory are removed on every exit path.

    /usr/bin/python3 tests/bench/run.py --build build-bench            # full: 100 000 rows, 10 s
    /usr/bin/python3 tests/bench/run.py --build build-bench --quick    # smoke: 10 000 rows, 3 s
"""
import argparse
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pgbench_case  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
from pgbench_case import Case  # noqa: E402

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
DOC = os.path.join(REPO, "docs", "benchmarks.md")

CREATE_TABLE = ("CREATE TABLE bench_users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, "
                "name text, score integer, created_at timestamptz DEFAULT now())")
CREATE_INDEX = "CREATE INDEX bench_users_score ON bench_users (score)"
EMAIL_BASE = 1000000000  # email of row id = str(EMAIL_BASE + id); see select_email.sql

# (script, label, protocol modes). Reads come before the writes, and the insert comes last, so
# that every read case sees the same N rows on both servers.
WORKLOADS = [
    ("select_pk.sql", "point select by id", ("prepared", "simple")),
    ("select_email.sql", "point select by email (UNIQUE)", ("prepared",)),
    ("top10.sql", "ORDER BY id DESC LIMIT 10", ("prepared",)),
    ("update.sql", "update score by id", ("prepared",)),
    ("insert.sql", "insert one row", ("prepared",)),
]


class Interrupted(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(REPO, "build"),
                   help="build directory holding smarterbase (a Release build; default ./build)")
    p.add_argument("--rows", type=int, default=None, help="rows loaded (default 100000)")
    p.add_argument("--seconds", type=int, default=None, help="seconds per pgbench run (default 10)")
    p.add_argument("--quick", action="store_true", help="smoke run: --rows 10000 --seconds 3")
    p.add_argument("--clients", default="1,8", help="client counts, comma-separated (default 1,8)")
    p.add_argument("--only", default="",
                   help="comma-separated script names to run (e.g. select_pk,update)")
    p.add_argument("--simple-all", action="store_true",
                   help="also run every script with -M simple (default: only select_pk)")
    p.add_argument("--batch", type=int, default=1000, help="rows per INSERT while loading")
    p.add_argument("--warmup", type=int, default=None,
                   help="seconds of unreported point selects on each server first "
                        "(default: a third of --seconds)")
    p.add_argument("--sb-fsync", default="batch", choices=("always", "batch", "off"))
    p.add_argument("--sb-workers", type=int, default=None,
                   help="SmarterBase worker processes (default: its config default, one per core)")
    p.add_argument("--unix", action="store_true",
                   help="pgbench connects through the Unix sockets instead of TCP loopback")
    p.add_argument("--tmp", default=None, help="parent of the temp directory (default $TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep the temp directory (logs, data)")
    p.add_argument("--build-note", default="",
                   help="words on what was built, printed with the results (e.g. 'HEAD 47d5326')")
    p.add_argument("--write-doc", action="store_true",
                   help="rewrite the results section of docs/benchmarks.md")
    args = p.parse_args(argv)
    args.rows = args.rows or (10000 if args.quick else 100000)
    args.seconds = args.seconds or (3 if args.quick else 10)
    if args.warmup is None:
        args.warmup = max(1, args.seconds // 3)
    if args.rows < 1 or args.seconds < 1 or args.batch < 1:
        p.error("--rows, --seconds and --batch must be positive")
    try:
        args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    except ValueError:
        p.error("--clients takes numbers, e.g. 1,8")
    if not args.clients or min(args.clients) < 1:
        p.error("--clients takes positive numbers, e.g. 1,8")
    args.only = {name.strip().removesuffix(".sql") for name in args.only.split(",") if name.strip()}
    known = {os.path.splitext(w[0])[0] for w in WORKLOADS}
    if args.only - known:
        p.error("unknown script(s) %s; known: %s" % (", ".join(sorted(args.only - known)),
                                                       ", ".join(sorted(known))))
    return args


def check_tools(args):
    missing = []
    version = pgbench_case.check_pgbench()
    if version is None:
        missing.append("pgbench (Debian: apt-get install postgresql-15, which ships "
                       "/usr/lib/postgresql/15/bin/pgbench)")
    elif " 15." not in version:
        print("warning: %s is not PostgreSQL 15's" % version, file=sys.stderr)
    if shutil.which("psql") is None:
        missing.append("psql (Debian: apt-get install postgresql-client-15)")
    if not os.access(os.path.join(servers.PG_BIN, "postgres"), os.X_OK):
        missing.append("PostgreSQL 15 server in %s (Debian: apt-get install postgresql-15)"
                       % servers.PG_BIN)
    if os.geteuid() == 0 and subprocess.run(["id", servers.PG_OS_USER],
                                            capture_output=True).returncode != 0:
        missing.append("OS user %r to run PostgreSQL as (useradd --system %s, or set "
                       "SB_BENCH_PG_USER)" % (servers.PG_OS_USER, servers.PG_OS_USER))
    if missing:
        raise servers.BenchError("missing: " + "; ".join(missing))
    return version


def psql(server, sql, check=True):
    """Runs SQL (simple protocol) through psql; returns (ok, output)."""
    done = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"] + server.conn_args(),
                          input=sql, capture_output=True, text=True,
                          env=dict(os.environ, PGSSLMODE="disable"))
    out = (done.stdout + done.stderr).strip()
    if check and done.returncode != 0:
        raise servers.BenchError("%s: %s\n-> %s" % (server.name, sql[:200], out))
    return done.returncode == 0, out


def load_sql(rows, batch):
    """The INSERT statements that load rows 1..rows (ids come from the serial, in order)."""
    parts = []
    for first in range(1, rows + 1, batch):
        values = []
        for i in range(first, min(first + batch, rows + 1)):
            values.append("('%d', 'user %d', %d)" % (EMAIL_BASE + i, i, (i * 7919) % 1000))
        parts.append("INSERT INTO bench_users (email, name, score) VALUES %s;\n"
                     % ",".join(values))
    return "".join(parts)


def prepare(server, rows, batch, notes):
    """Creates and loads the table; returns the load time in seconds."""
    psql(server, CREATE_TABLE)
    ok, out = psql(server, CREATE_INDEX, check=False)
    if not ok:
        message = next((l for l in out.splitlines() if "ERROR" in l), out.splitlines()[-1])
        notes.append("%s: `%s` failed, run without it: %s" % (server.name, CREATE_INDEX,
                                                              message.strip()))
    began = time.monotonic()
    psql(server, load_sql(rows, batch))
    seconds = time.monotonic() - began
    # The serial must have handed out exactly 1..rows: the scripts pick ids in that range.
    _, last = psql(server, "SELECT email FROM bench_users WHERE id = %d" % rows)
    _, beyond = psql(server, "SELECT email FROM bench_users WHERE id = %d" % (rows + 1))
    if last != str(EMAIL_BASE + rows) or beyond != "":
        raise servers.BenchError("%s: after loading, row %d has email %r and row %d %r"
                                 % (server.name, rows, last, rows + 1, beyond))
    return seconds


def verify(server, rows, log_dir):
    """The benchmark queries return the right rows (verify.sql) in both protocols."""
    for mode in ("prepared", "simple"):
        check = Case("verify.sql", "verify", mode, 1)
        # Few transactions: without an index, SmarterBase scans the whole table for two of them.
        result = pgbench_case.run_case(check, server, 0, rows, log_dir, timeout_slack=600,
                                       transactions=5)
        if result.error:
            raise servers.BenchError("%s gives wrong answers to the benchmark queries (-M %s): %s"
                                     % (server.name, mode, result.error))


def build_cases(args):
    cases = []
    for script, label, modes in WORKLOADS:
        if args.only and os.path.splitext(script)[0] not in args.only:
            continue
        if args.simple_all and "simple" not in modes:
            modes = modes + ("simple",)
        for mode in modes:
            for clients in args.clients:
                cases.append(Case(script, label, mode, clients))
    return cases


def fmt_mib(kib_pair):
    pss, rss = kib_pair
    return "%.0f MiB PSS (%.0f MiB RSS)" % (pss / 1024, rss / 1024)


def set_up(sb, pg, args, log_dir, facts):
    """Starts both servers, creates, loads and checks the table, restarts and warms up both."""
    pg.init()
    facts["first_start"] = {s.short: s.start() for s in (sb, pg)}
    facts["load"] = {}
    for s in (sb, pg):
        print("loading %d rows into %s ..." % (args.rows, s.name), flush=True)
        facts["load"][s.short] = prepare(s, args.rows, args.batch, facts["notes"])
    for s in (sb, pg):
        print("checking the benchmark queries' answers on %s ..." % s.name, flush=True)
        verify(s, args.rows, log_dir)
    # Statistics and a clean visibility map for PostgreSQL, as any real deployment has.
    psql(pg, "VACUUM ANALYZE bench_users")
    # Restart both so that start-up with N rows is measured and both begin alike.
    print("restarting both servers, warming up ...", flush=True)
    facts["restart"] = {}
    for s in (sb, pg):
        s.stop()
        facts["restart"][s.short] = s.start()
    facts["memory_loaded"] = {s.short: s.memory_kib() for s in (sb, pg)}
    warmup = Case("select_pk.sql", "warm-up", "prepared", 1)
    for s in (sb, pg):
        pgbench_case.run_case(warmup, s, args.warmup, args.rows, log_dir)


def describe(result):
    if result.error:
        return "ERROR " + result.error
    return "%.0f TPS p50 %.0f µs" % (result.tps, result.p50_us)


def measure(sb, pg, args, log_dir, facts):
    """Runs every case on both servers, interleaved; returns [(case, {short: Result})]."""
    rows = []
    for i, case in enumerate(build_cases(args)):
        # Alternate which server goes first, so neither always runs on a warmer machine.
        order = (sb, pg) if i % 2 == 0 else (pg, sb)
        results = {s.short: pgbench_case.run_case(case, s, args.seconds, args.rows, log_dir)
                   for s in order}
        rows.append((case, results))
        print("%-32s %-8s c=%-2d  SB %s  PG %s" % (case.label, case.mode, case.clients,
                                                  describe(results[sb.short]),
                                                  describe(results[pg.short])), flush=True)
        if not sb.running():
            facts["notes"].append("SmarterBase exited during %s %s c=%d; the run stops there. "
                                  "Its log ends: %s" % (case.label, case.mode, case.clients,
                                                        " / ".join(servers.tail(
                                                            sb.log_path, 5).splitlines())))
            break
    facts["memory_after"] = {s.short: s.memory_kib() for s in (sb, pg) if s.running()}
    return rows


def summary(args, facts, rows, root, pgbench_version):
    """The Markdown printed at the end and written into docs/benchmarks.md."""
    kind = {(10000, 3): "quick", (100000, 10): "full"}.get((args.rows, args.seconds), "custom")
    after = facts["memory_after"]
    lines = [
        "Run of %s, %s run (%d rows, %d s per pgbench run, warm-up %d s)."
        % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), kind, args.rows, args.seconds,
           args.warmup),
        "",
        "- Machine: %s; 1-minute load average %.1f before the run, %.1f after."
        % (report.machine_description(root), facts["load_before"], report.load_average()),
        "- Client: %s over %s; %s." % (
            pgbench_version, "Unix sockets" if args.unix else "TCP loopback",
            " and ".join("`-c %d -j %d`" % (c, Case("", "", "", c).threads)
                         for c in args.clients)),
        "- SmarterBase: %s build of %s%s; `fsync: %s`, workers %s. PostgreSQL 15: fsync on, "
        "synchronous_commit on, default shared_buffers."
        % (facts["build_type"], facts["sources"],
           " (%s)" % args.build_note if args.build_note else "", args.sb_fsync,
           args.sb_workers if args.sb_workers is not None else "default (one per core)"),
        "- Load (%d rows, %d per INSERT): SB %.1f s, PG %.1f s. Start-up, empty: SB %.2f s, "
        "PG %.2f s; with the rows: SB %.2f s, PG %.2f s."
        % (args.rows, args.batch, facts["load"]["SB"], facts["load"]["PG"],
           facts["first_start"]["SB"], facts["first_start"]["PG"], facts["restart"]["SB"],
           facts["restart"]["PG"]),
        "- Memory of all server processes after the restart: SB %s, PG %s; after the run: "
        "SB %s, PG %s." % (fmt_mib(facts["memory_loaded"]["SB"]),
                           fmt_mib(facts["memory_loaded"]["PG"]),
                           fmt_mib(after["SB"]) if "SB" in after else "(exited)",
                           fmt_mib(after["PG"]) if "PG" in after else "(exited)"),
    ]
    lines += ["- %s" % n for n in facts["notes"]]
    table, footnotes = report.results_table(rows, ("SB", "PG"))
    lines += ["", table, ""]
    lines += ["%s  " % f for f in footnotes]
    return "\n".join(lines).rstrip() + "\n"


def run(args):
    pgbench_version = check_tools(args)
    facts = {"notes": [], "load_before": report.load_average()}
    facts["sources"], facts["build_type"] = report.describe_build(args.build)
    if facts["build_type"] != "Release" and \
            os.path.exists(os.path.join(args.build, "CMakeCache.txt")):
        print("warning: %s has CMAKE_BUILD_TYPE=%s; benchmarks want Release"
              % (args.build, facts["build_type"] or "(empty)"), file=sys.stderr)
    root = tempfile.mkdtemp(prefix="sbbench-", dir=args.tmp)
    sb = pg = None
    try:
        sb = servers.SmarterBase(args.build, root, fsync=args.sb_fsync, workers=args.sb_workers,
                                 unix=args.unix)
        pg = servers.Postgres(root, unix=args.unix)
        log_dir = os.path.join(root, "pgbench-logs")
        os.makedirs(log_dir)
        print("temp dir %s; SmarterBase on port %d, PostgreSQL on port %d"
              % (root, sb.port, pg.port), flush=True)
        set_up(sb, pg, args, log_dir, facts)
        rows = measure(sb, pg, args, log_dir, facts)
        section = summary(args, facts, rows, root, pgbench_version)
        print()
        print(section)
        if args.write_doc:
            report.rewrite_doc(DOC, section)
            print("rewrote the results section of %s" % DOC)
        return 0
    finally:
        for s in (sb, pg):
            if s is not None:
                try:
                    s.stop()
                except Exception as e:  # keep stopping the other one
                    print("warning: stopping %s: %s" % (s.name, e), file=sys.stderr)
        if args.keep:
            print("kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)


def main(argv):
    args = parse_args(argv)

    def on_signal(signum, frame):
        raise Interrupted("signal %d" % signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        return run(args)
    except servers.BenchError as e:
        print("run.py: %s" % e, file=sys.stderr)
        return 1
    except Interrupted as e:
        print("run.py: interrupted (%s); servers stopped" % e, file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
