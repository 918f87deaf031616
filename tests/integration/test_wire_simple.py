"""Simple query protocol: several statements per Query, empty queries, transaction status
through ReadyForQuery, failed blocks, savepoints and the warnings PostgreSQL 15 sends."""
import pytest

from pgwire import Conn, errors, kinds, notices, ready_status, rows, tags


@pytest.fixture
def conn(target):
    with Conn.connected(target) as c:
        yield c


def status_after(conn, sql):
    return ready_status(conn.simple(sql))


def test_single_select(conn):
    msgs = conn.simple("SELECT 1 AS one")
    assert kinds(msgs) == "TDCZ"
    assert rows(msgs) == [["1"]]
    assert tags(msgs) == ["SELECT 1"]
    assert ready_status(msgs) == "I"


def test_several_statements_answer_each_then_one_ready(conn):
    msgs = conn.simple("SELECT 1; SELECT 'two', 2; VALUES (3), (33)")
    assert kinds(msgs) == "TDCTDCTDDCZ", msgs
    assert rows(msgs) == [["1"], ["two", "2"], ["3"], ["33"]]
    assert tags(msgs) == ["SELECT 1", "SELECT 1", "SELECT 2"]


def test_error_stops_the_rest_of_the_query(conn):
    msgs = conn.simple("SELECT 1; SELECT 1/0; SELECT 3; SET application_name = 'never'")
    # The first result is complete before the error; nothing after it runs.
    assert kinds(msgs)[:3] == "TDC"
    assert kinds(msgs)[-2:] == "EZ"
    assert "D" not in kinds(msgs)[3:]
    assert errors(msgs)[0]["C"] == "22012"
    assert ready_status(msgs) == "I"
    assert rows(conn.simple("SHOW application_name")) == [[""]]


def test_syntax_error_anywhere_runs_nothing(conn):
    # The whole string is parsed before anything runs.
    msgs = conn.simple("SET application_name = 'first'; SELEC 2")
    assert kinds(msgs) == "EZ", msgs
    assert errors(msgs)[0]["C"] == "42601"
    assert rows(conn.simple("SHOW application_name")) == [[""]]


def test_multi_statement_query_is_one_implicit_transaction(conn):
    # Without BEGIN the statements of one Query commit or fail together.
    msgs = conn.simple("SET application_name = 'implicit'; SELECT 1/0")
    assert errors(msgs)[0]["C"] == "22012"
    assert rows(conn.simple("SHOW application_name")) == [[""]]


def test_empty_query(conn):
    for sql in ["", "   ", ";", " ; ;", "-- only a comment", "/* block */"]:
        msgs = conn.simple(sql)
        assert kinds(msgs) == "IZ", (sql, msgs)
        assert ready_status(msgs) == "I"


def test_empty_statements_between_real_ones(conn):
    msgs = conn.simple(";;SELECT 1;;;SELECT 2;")
    assert kinds(msgs) == "TDCTDCZ", msgs


def test_transaction_status_through_begin_error_rollback(conn):
    assert status_after(conn, "SELECT 1") == "I"
    msgs = conn.simple("BEGIN")
    assert tags(msgs) == ["BEGIN"]
    assert ready_status(msgs) == "T"
    assert status_after(conn, "SELECT 1") == "T"
    msgs = conn.simple("SELECT 1/0")
    assert errors(msgs)[0]["C"] == "22012"
    assert ready_status(msgs) == "E"
    msgs = conn.simple("ROLLBACK")
    assert tags(msgs) == ["ROLLBACK"]
    assert ready_status(msgs) == "I"


def test_start_transaction_and_commit(conn):
    msgs = conn.simple("START TRANSACTION")
    assert tags(msgs) == ["START TRANSACTION"]
    assert ready_status(msgs) == "T"
    msgs = conn.simple("COMMIT")
    assert tags(msgs) == ["COMMIT"]
    assert ready_status(msgs) == "I"
    msgs = conn.simple("BEGIN; SELECT 1; END")
    assert tags(msgs) == ["BEGIN", "SELECT 1", "COMMIT"]
    assert ready_status(msgs) == "I"


def test_failed_block_refuses_statements_with_25p02(conn):
    conn.simple("BEGIN")
    conn.simple("SELECT 'x'::int")
    for sql in ["SELECT 1", "SHOW TimeZone", "SET application_name = 'no'"]:
        msgs = conn.simple(sql)
        assert kinds(msgs) == "EZ", msgs
        err = errors(msgs)[0]
        assert err["C"] == "25P02"
        assert err["M"] == ("current transaction is aborted, commands ignored until end of "
                            "transaction block")
        assert ready_status(msgs) == "E"
    conn.simple("ROLLBACK")
    assert rows(conn.simple("SELECT 1")) == [["1"]]


def test_commit_of_a_failed_block_answers_rollback(conn):
    conn.simple("BEGIN")
    conn.simple("SET application_name = 'lost'")
    conn.simple("SELECT 1/0")
    msgs = conn.simple("COMMIT")
    assert kinds(msgs).replace("S", "") == "CZ", msgs  # S: application_name reverted
    assert tags(msgs) == ["ROLLBACK"]
    assert ready_status(msgs) == "I"
    assert rows(conn.simple("SHOW application_name")) == [[""]]


def test_error_in_a_multi_statement_query_inside_a_block(conn):
    msgs = conn.simple("BEGIN; SELECT 1; SELECT 1/0; SELECT 2")
    assert tags(msgs) == ["BEGIN", "SELECT 1"]
    assert errors(msgs)[0]["C"] == "22012"
    assert ready_status(msgs) == "E"
    msgs = conn.simple("ROLLBACK")
    assert ready_status(msgs) == "I"


def test_savepoint_rollback_to_and_release(conn):
    conn.simple("BEGIN")
    msgs = conn.simple("SAVEPOINT a")
    assert tags(msgs) == ["SAVEPOINT"]
    conn.simple("SET application_name = 'after a'")
    msgs = conn.simple("SELECT 1/0")
    assert ready_status(msgs) == "E"
    msgs = conn.simple("ROLLBACK TO SAVEPOINT a")
    assert tags(msgs) == ["ROLLBACK"]
    assert ready_status(msgs) == "T"
    # Undone back to the savepoint, and the block works again.
    assert rows(conn.simple("SHOW application_name")) == [[""]]
    conn.simple("SET application_name = 'kept'")
    msgs = conn.simple("SAVEPOINT b")
    assert ready_status(msgs) == "T"
    msgs = conn.simple("RELEASE SAVEPOINT b")
    assert tags(msgs) == ["RELEASE"]
    msgs = conn.simple("RELEASE a")
    assert tags(msgs) == ["RELEASE"]
    msgs = conn.simple("COMMIT")
    assert tags(msgs) == ["COMMIT"]
    assert rows(conn.simple("SHOW application_name")) == [["kept"]]


def test_rollback_to_savepoint_keeps_the_savepoint(conn):
    conn.simple("BEGIN; SAVEPOINT s")
    conn.simple("SELECT 1/0")
    assert status_after(conn, "ROLLBACK TO s") == "T"
    conn.simple("SELECT 1/0")
    assert status_after(conn, "ROLLBACK TO s") == "T"
    conn.simple("ROLLBACK")


def test_unknown_savepoint_is_3b001(conn):
    conn.simple("BEGIN")
    msgs = conn.simple("ROLLBACK TO SAVEPOINT nope")
    err = errors(msgs)[0]
    assert err["C"] == "3B001"
    assert err["M"] == 'savepoint "nope" does not exist'
    assert ready_status(msgs) == "E"
    conn.simple("ROLLBACK")
    conn.simple("BEGIN")
    msgs = conn.simple("RELEASE SAVEPOINT nope")
    assert errors(msgs)[0]["C"] == "3B001"
    conn.simple("ROLLBACK")


def test_savepoint_outside_a_block_is_25p01(conn):
    msgs = conn.simple("SAVEPOINT s")
    err = errors(msgs)[0]
    assert err["C"] == "25P01"
    assert err["M"] == "SAVEPOINT can only be used in transaction blocks"
    assert ready_status(msgs) == "I"


def test_begin_twice_warns(conn):
    conn.simple("BEGIN")
    msgs = conn.simple("BEGIN")
    assert kinds(msgs) == "NCZ", msgs
    warning = notices(msgs)[0]
    assert warning["S"] == "WARNING"
    assert warning["C"] == "25001"
    assert warning["M"] == "there is already a transaction in progress"
    assert ready_status(msgs) == "T"
    conn.simple("ROLLBACK")


@pytest.mark.parametrize("sql,tag", [("COMMIT", "COMMIT"), ("ROLLBACK", "ROLLBACK"),
                                     ("END", "COMMIT"), ("ABORT", "ROLLBACK")])
def test_end_without_a_transaction_warns(conn, sql, tag):
    msgs = conn.simple(sql)
    assert kinds(msgs) == "NCZ", msgs
    warning = notices(msgs)[0]
    assert warning["S"] == "WARNING"
    assert warning["C"] == "25P01"
    assert warning["M"] == "there is no transaction in progress"
    assert tags(msgs) == [tag]
    assert ready_status(msgs) == "I"


def test_query_after_client_side_error_in_same_string_keeps_status(conn):
    conn.simple("BEGIN")
    msgs = conn.simple("SELECT 1; SELEC")
    assert kinds(msgs) == "EZ"
    assert ready_status(msgs) == "E"
    conn.simple("ROLLBACK")
