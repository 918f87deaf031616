"""Turns a run's results into Markdown, and rewrites the results section of docs/benchmarks.md.

The document keeps everything outside the markers (what is measured, how to reproduce, the
method) as people wrote it; only the text between BEGIN and END belongs to the driver.
"""
import math
import os
import platform
import subprocess

BEGIN = "<!-- bench-results:begin (written by tests/bench/run.py --write-doc) -->"
END = "<!-- bench-results:end -->"


def _num(value):
    """Thousands separators; a decimal only where whole numbers would hide the value (a scan
    that manages 0.4 TPS)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return "{:,.{}f}".format(value, 1 if abs(value) < 10 else 0)


def _ratio(a, b):
    if not a or not b or math.isnan(a) or math.isnan(b):
        return "–"
    r = a / b
    if r >= 100:
        return "{:,.0f}".format(r)
    return "%.2f" % r if r >= 0.01 else "%.4f" % r


def results_table(rows, servers):
    """rows: [(case, {short name: Result})]. Returns (table text, footnote lines)."""
    sb, pg = servers
    head = ["workload", "protocol", "clients",
            "%s TPS" % sb, "%s TPS" % pg, "TPS %s/%s" % (sb, pg),
            "%s p50 µs" % sb, "%s p50 µs" % pg, "p50 %s/%s" % (sb, pg),
            "%s p99 µs" % sb, "%s p99 µs" % pg]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] * 3 + ["---:"] * (len(head) - 3)) + "|"]
    errors, remarks = [], []
    for case, results in rows:
        a, b = results[sb], results[pg]
        where = "%s, %s, c=%d" % (case.label, case.mode, case.clients)

        def tps(short, result):
            if result.error:
                errors.append("[%d] %s (%s): %s" % (len(errors) + 1, short, where, result.error))
                return "error [%d]" % len(errors)
            return _num(result.tps)

        def lat(result, value):
            return "" if result.error else _num(value)

        ok = not a.error and not b.error
        lines.append("| " + " | ".join([
            case.label, case.mode, str(case.clients), tps(sb, a), tps(pg, b),
            _ratio(a.tps, b.tps) if ok else "–", lat(a, a.p50_us), lat(b, b.p50_us),
            _ratio(a.p50_us, b.p50_us) if ok else "–", lat(a, a.p99_us), lat(b, b.p99_us)]) + " |")
        for short, result in ((sb, a), (pg, b)):
            remarks.extend("%s (%s): %s" % (short, where, note) for note in result.notes)
    return "\n".join(lines), errors + remarks


def machine_description(tmp_dir):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gib = 0.0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    fs = subprocess.run(["findmnt", "-n", "-o", "FSTYPE", "-T", tmp_dir], capture_output=True,
                        text=True).stdout.strip() or "unknown"
    return "%d × %s, %.0f GiB RAM, Linux %s, data on %s (%s)" % (
        os.cpu_count() or 0, cpu, mem_gib, platform.release(), fs, tmp_dir)


def load_average():
    """The 1-minute load average: other work on the machine shows in every number."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def _cmake_cache(build_dir, key):
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                name, _, value = line.rstrip("\n").partition("=")
                if name.split(":", 1)[0] == key:
                    return value
    except OSError:
        pass
    return ""


def describe_build(build_dir):
    """Which sources the SmarterBase binary was built from, and how: the build directory's own
    source tree (CMakeCache), not the checkout this script happens to sit in."""
    source = _cmake_cache(build_dir, "CMAKE_HOME_DIRECTORY")
    build_type = _cmake_cache(build_dir, "CMAKE_BUILD_TYPE") or "unknown build type"
    if not source:
        return "unknown sources (no CMakeCache.txt in %s)" % build_dir, build_type
    top = subprocess.run(["git", "-C", source, "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True).stdout.strip()
    if not top or os.path.realpath(top) != os.path.realpath(source):
        return "sources in %s (not a git checkout)" % source, build_type
    rev = subprocess.run(["git", "-C", source, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", source, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return "commit %s%s" % (rev, " + uncommitted changes" if dirty else ""), build_type


def rewrite_doc(path, section):
    """Replaces the text between the markers of `path` with `section`."""
    with open(path) as f:
        text = f.read()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError("%s has no results markers (%s ... %s)" % (path, BEGIN, END))
    new = text[:start + len(BEGIN)] + "\n\n" + section.strip() + "\n\n" + text[end:]
    with open(path + ".tmp", "w") as f:
        f.write(new)
    os.replace(path + ".tmp", path)
