"""Checks of the benchmark driver's arithmetic and text handling, without servers:
    /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/bench
(not part of ctest: the benchmark itself is run by hand, see docs/benchmarks.md)."""
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pgbench_case  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402
from pgbench_case import Case, Result  # noqa: E402


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert pgbench_case.percentile(values, 50) == 50
    assert pgbench_case.percentile(values, 99) == 99
    assert pgbench_case.percentile(values, 100) == 100
    assert pgbench_case.percentile([7], 99) == 7
    assert pgbench_case.percentile([1, 2, 3], 0) == 1
    assert math.isnan(pgbench_case.percentile([], 50))


def test_read_latencies_merges_thread_logs_and_counts_failures(tmp_path):
    prefix = str(tmp_path / "001-SB-x")
    (tmp_path / "001-SB-x.123").write_text("0 0 300 0 1 2\n0 1 100 0 1 3\n0 2 failed 0 1 4\n")
    (tmp_path / "001-SB-x.123.1").write_text("1 0 200 0 1 2\n\n")
    (tmp_path / "002-SB-x.124").write_text("0 0 999 0 1 2\n")  # another run: not read
    latencies, failed = pgbench_case.read_latencies(prefix)
    assert latencies == [100, 200, 300]
    assert failed == 1


def test_results_table_ratios_and_errors():
    ok = Result(tps=2000.0, p50_us=50.0, p99_us=90.0)
    pg = Result(tps=1000.0, p50_us=100.0, p99_us=180.0)
    broken = Result(error="ERROR:  CREATE INDEX is not supported yet")
    rows = [(Case("select_pk.sql", "by id", "prepared", 1), {"SB": ok, "PG": pg}),
            (Case("top10.sql", "top", "prepared", 8), {"SB": broken, "PG": pg})]
    table, notes = report.results_table(rows, ("SB", "PG"))
    lines = table.splitlines()
    assert len(lines) == 4
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells[3:6] == ["2,000", "1,000", "2.00"]  # TPS and TPS ratio
    assert cells[8] == "0.50"  # p50 ratio
    assert "error [1]" in lines[3]
    assert notes[0].startswith("[1] SB (top, prepared, c=8): ERROR:  CREATE INDEX")


def test_small_values_keep_a_decimal():
    slow = Result(tps=0.4, p50_us=2500000.0, p99_us=2600000.0)
    fast = Result(tps=20000.0, p50_us=40.0, p99_us=90.0)
    table, _ = report.results_table([(Case("top10.sql", "t", "prepared", 1),
                                      {"SB": slow, "PG": fast})], ("SB", "PG"))
    cells = [c.strip() for c in table.splitlines()[2].strip("|").split("|")]
    assert cells[3] == "0.4"
    assert cells[5] == "0.0000"  # 0.4 / 20000 = 2e-05
    assert cells[8] == "62,500"


def test_rewrite_doc_keeps_text_outside_the_markers(tmp_path):
    doc = tmp_path / "b.md"
    doc.write_text("intro\n%s\nold table\n%s\nfooter\n" % (report.BEGIN, report.END))
    report.rewrite_doc(str(doc), "new table")
    text = doc.read_text()
    assert text.startswith("intro\n" + report.BEGIN)
    assert "new table" in text and "old table" not in text
    assert text.endswith(report.END + "\nfooter\n")


def test_rewrite_doc_refuses_a_doc_without_markers(tmp_path):
    doc = tmp_path / "b.md"
    doc.write_text("no markers here\n")
    try:
        report.rewrite_doc(str(doc), "x")
    except ValueError:
        pass
    else:
        raise AssertionError("rewrite_doc accepted a document without markers")
    assert doc.read_text() == "no markers here\n"


def test_load_sql_batches_rows_in_id_order():
    sql = run.load_sql(5, 2)
    statements = [s for s in sql.split(";\n") if s]
    assert len(statements) == 3
    assert "('1000000001', 'user 1'" in statements[0]
    assert "('1000000005', 'user 5'" in statements[2]
    assert statements[2].count("('") == 1


def test_the_doc_has_the_markers():
    with open(run.DOC) as f:
        text = f.read()
    assert text.index(report.BEGIN) < text.index(report.END)


def test_every_workload_script_exists_and_sets_a_variable_first():
    # The leading \\set keeps pgbench's lazy clock from logging 0 µs latencies.
    for script, _, _ in run.WORKLOADS:
        with open(os.path.join(pgbench_case.HERE, script)) as f:
            commands = [line for line in f if line.strip() and not line.startswith("--")]
        assert commands[0].startswith("\\set "), script
