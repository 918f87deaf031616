"""One pgbench run (a script, a protocol mode, a client count, one server) and its numbers.

pgbench writes a per-transaction log (-l) into the run's temp directory; the latencies come from
those logs (every transaction, no sampling), the TPS from pgbench's own summary. A run that
pgbench aborts (an error in the script, a feature the server lacks) is a Result with `error`
set, never an exception: the other cases of the run still matter.
"""
import glob
import itertools
import math
import os
import re
import subprocess
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
_RUN_NUMBER = itertools.count(1)  # every pgbench run gets log files of its own
# The pgbench of the PostgreSQL we compare with; Debian's /usr/bin/pgbench wrapper otherwise.
PG_BIN = os.environ.get("SB_PG_BIN", "/usr/lib/postgresql/15/bin")
PGBENCH = os.path.join(PG_BIN, "pgbench")
if not os.access(PGBENCH, os.X_OK):
    PGBENCH = "pgbench"


@dataclass
class Case:
    script: str  # file name in tests/bench, e.g. select_pk.sql
    label: str  # what the table shows, e.g. "point select by id"
    mode: str  # pgbench -M: prepared or simple
    clients: int

    @property
    def threads(self):
        return 1 if self.clients == 1 else 2

    @property
    def key(self):
        return "%s-%s-c%d" % (os.path.splitext(self.script)[0], self.mode, self.clients)


@dataclass
class Result:
    tps: float = 0.0
    transactions: int = 0
    failed: int = 0
    p50_us: float = math.nan
    p99_us: float = math.nan
    mean_us: float = math.nan
    error: str = ""
    notes: list = field(default_factory=list)


def percentile(sorted_values, p):
    """Nearest-rank percentile (p in 0..100) of an ascending list; NaN when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def read_latencies(prefix):
    """Latencies in µs of the successful transactions in every log file of one pgbench run
    (one file per pgbench thread), and the count of failed/skipped ones."""
    latencies, failed = [], 0
    for path in glob.glob(glob.escape(prefix) + ".*"):
        with open(path) as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                if fields[2].isdigit():
                    latencies.append(int(fields[2]))
                else:
                    failed += 1  # "failed", "skipped", "serialization", "deadlock"
    latencies.sort()
    return latencies, failed


_TPS = re.compile(r"^tps = ([0-9.]+) \(without initial connection time\)", re.M)
_PROCESSED = re.compile(r"^number of transactions actually processed: (\d+)", re.M)
_FAILED = re.compile(r"^number of failed transactions: (\d+)", re.M)


def _first_error(text):
    for line in text.splitlines():
        low = line.lower()
        if "error" in low or "aborted" in low or "fatal" in low:
            return line.strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].strip() if lines else "no output"


def run_case(case, server, seconds, rows, log_dir, timeout_slack=60, transactions=None):
    """Runs `case` against `server` for `seconds` (or, given `transactions`, that many per
    client, with `timeout_slack` seconds to do it); returns a Result."""
    prefix = os.path.join(log_dir, "%03d-%s-%s" % (next(_RUN_NUMBER), server.short, case.key))
    args = [PGBENCH, "-n", "-M", case.mode, "-c", str(case.clients), "-j", str(case.threads),
            "-D", "rows=%d" % rows, "-f", os.path.join(HERE, case.script),
            "-l", "--log-prefix", prefix] + server.conn_args()
    args += ["-t", str(transactions)] if transactions else ["-T", str(seconds)]
    env = dict(os.environ, PGSSLMODE="disable", PGCONNECT_TIMEOUT="20")
    result = Result()
    try:
        # A statement that runs far longer than the duration (a full scan per query) must not
        # hang the whole run: pgbench only checks -T between transactions.
        done = subprocess.run(args, capture_output=True, text=True, env=env,
                              timeout=seconds + timeout_slack)
    except subprocess.TimeoutExpired:
        result.error = "pgbench did not finish within %ds of its %ds run" % (timeout_slack,
                                                                              seconds)
        if transactions:
            result.error = "pgbench did not finish %d transactions in %ds" % (transactions,
                                                                           timeout_slack)
        return result
    out = done.stdout + "\n" + done.stderr
    latencies, failed_in_log = read_latencies(prefix)
    tps = _TPS.search(out)
    processed = _PROCESSED.search(out)
    failed = _FAILED.search(out)
    result.failed = int(failed.group(1)) if failed else failed_in_log
    if done.returncode != 0 or tps is None:
        result.error = _first_error(done.stderr or done.stdout)
        return result
    result.tps = float(tps.group(1))
    result.transactions = int(processed.group(1)) if processed else len(latencies)
    zeros = sum(1 for _ in itertools.takewhile(lambda v: v == 0, latencies))
    if latencies and zeros * 20 > len(latencies):
        result.notes.append("%d of %d latencies logged as 0 µs (pgbench's lazy clock): "
                            "percentiles too low" % (zeros, len(latencies)))
    if latencies:
        result.p50_us = percentile(latencies, 50)
        result.p99_us = percentile(latencies, 99)
        result.mean_us = sum(latencies) / len(latencies)
    if result.transactions == 0:
        result.error = "no transaction completed"
    if result.failed:
        result.notes.append("%d failed transactions" % result.failed)
    return result


def check_pgbench():
    """The pgbench version string, or None when pgbench is not installed."""
    try:
        done = subprocess.run([PGBENCH, "--version"], capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def wall_clock(fn, *args, **kw):
    began = time.monotonic()
    value = fn(*args, **kw)
    return value, time.monotonic() - began
