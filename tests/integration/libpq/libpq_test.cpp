// libpq against a real smarterbase server: simple and extended protocol, binary results,
// prepared statements, cancellation, single-row mode and a clean SIGTERM shutdown.
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/libpq/server_process.h"

namespace sb::itest {
namespace {

using namespace std::chrono_literals;

// Type OIDs as PostgreSQL assigns them (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kTimestamptzOid = 1184;
constexpr Oid kUuidOid = 2950;

// Seconds from the Unix epoch to 2000-01-01, PostgreSQL's timestamp epoch.
constexpr int64_t kPgEpochUnixSeconds = 946684800;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;

std::string SqlState(const PGresult* r) {
  const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return code != nullptr ? code : "";
}

uint64_t ReadBigEndian(const char* data, int length) {
  uint64_t value = 0;
  for (int i = 0; i < length; ++i) value = (value << 8) | static_cast<unsigned char>(data[i]);
  return value;
}

// The binary bytes of a field, checked for the expected width.
std::string FieldBytes(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col)));
}

int64_t UnixSeconds(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

// Waits until the connection's pending query has its result ready (not busy), or `limit`.
bool WaitNotBusy(PGconn* conn, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (PQisBusy(conn)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{PQsocket(conn), POLLIN, 0};
    ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (PQconsumeInput(conn) == 0) return true;  // broken connection: results say so
  }
  return true;
}

class LibpqTest : public ::testing::Test {
 protected:
  // A failed start is reported by every test (SetUp) rather than thrown here: gtest would
  // mark the tests skipped, and ctest would count that as "not run" instead of a failure.
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    try {
      server_->Start(2);
    } catch (const std::exception& e) {
      start_error_ = new std::string(e.what());
    }
  }

  static void TearDownTestSuite() {
    if (start_error_ != nullptr) {
      delete server_;
      server_ = nullptr;
      delete start_error_;
      start_error_ = nullptr;
      return;
    }
    std::optional<int> status = server_->StopWith(SIGTERM, 20s);
    EXPECT_TRUE(status.has_value()) << "server did not stop within 20 s of SIGTERM";
    if (status) {
      EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
          << "wait status " << *status << "\n"
          << server_->ReadLog();
    }
    delete server_;
    server_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }

  void SetUp() override {
    ASSERT_EQ(start_error_, nullptr) << *start_error_;
    conn_.reset(PQconnectdb(server_->ConnInfo("connect_timeout=10").c_str()));
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
  }

  Result Exec(const char* sql) { return Result(PQexec(conn_.get(), sql)); }

  static ServerProcess* server_;
  static std::string* start_error_;
  Conn conn_;
};

ServerProcess* LibpqTest::server_ = nullptr;
std::string* LibpqTest::start_error_ = nullptr;

TEST_F(LibpqTest, ExecOfSeveralStatementsReturnsTheLastResult) {
  Result r = Exec("SELECT 1; SELECT 'two' AS label, 3 AS n");
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  ASSERT_EQ(PQntuples(r.get()), 1);
  ASSERT_EQ(PQnfields(r.get()), 2);
  EXPECT_STREQ(PQfname(r.get(), 0), "label");
  EXPECT_STREQ(PQfname(r.get(), 1), "n");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "two");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 1), "3");
}

TEST_F(LibpqTest, SendQueryYieldsOneResultPerStatement) {
  ASSERT_EQ(PQsendQuery(conn_.get(), "SELECT 10; SELECT 20, 21; SELECT 'x'"), 1);
  std::vector<std::string> first_values;
  std::vector<int> widths;
  while (PGresult* raw = PQgetResult(conn_.get())) {
    Result r(raw);
    ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
    ASSERT_EQ(PQntuples(r.get()), 1);
    first_values.push_back(PQgetvalue(r.get(), 0, 0));
    widths.push_back(PQnfields(r.get()));
  }
  EXPECT_EQ(first_values, (std::vector<std::string>{"10", "20", "x"}));
  EXPECT_EQ(widths, (std::vector<int>{1, 2, 1}));
}

TEST_F(LibpqTest, ErrorInAMultiStatementQueryStopsTheRest) {
  Result r = Exec("SELECT 1; SELEC 2; SELECT 3");
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(SqlState(r.get()), "42601");
  // The connection is still usable.
  Result ok = Exec("SELECT 'after'");
  ASSERT_EQ(PQresultStatus(ok.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(ok.get());
  EXPECT_STREQ(PQgetvalue(ok.get(), 0, 0), "after");
}

TEST_F(LibpqTest, ExecParamsTextParamsBinaryResults) {
  const char* sql =
      "SELECT $1::int4, $2::int8, $3::float8, $4::bool, $5::text, $6::uuid, $7::timestamptz, "
      "$8::timestamptz, $9::int4";
  const char* values[] = {"-123456",
                          "9000000000123",
                          "3.141592653589793",
                          "true",
                          "h\xC3\xA9llo w\xC3\xB6rld",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                          "2024-02-29 12:34:56.789012+00",
                          "2024-02-29 14:34:56.789012+02",
                          nullptr};
  Result r(PQexecParams(conn_.get(), sql, 9, nullptr, values, nullptr, nullptr, 1));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  ASSERT_EQ(PQntuples(r.get()), 1);
  ASSERT_EQ(PQnfields(r.get()), 9);
  EXPECT_EQ(PQftype(r.get(), 0), kInt4Oid);
  EXPECT_EQ(PQftype(r.get(), 1), kInt8Oid);
  EXPECT_EQ(PQftype(r.get(), 2), kFloat8Oid);
  EXPECT_EQ(PQftype(r.get(), 3), kBoolOid);
  EXPECT_EQ(PQftype(r.get(), 4), kTextOid);
  EXPECT_EQ(PQftype(r.get(), 5), kUuidOid);
  EXPECT_EQ(PQftype(r.get(), 6), kTimestamptzOid);
  EXPECT_EQ(PQftype(r.get(), 7), kTimestamptzOid);
  for (int col = 0; col < 9; ++col) EXPECT_EQ(PQfformat(r.get(), col), 1) << "column " << col;

  std::string int4 = FieldBytes(r.get(), 0, 0);
  ASSERT_EQ(int4.size(), 4u);
  EXPECT_EQ(static_cast<int32_t>(ReadBigEndian(int4.data(), 4)), -123456);

  std::string int8 = FieldBytes(r.get(), 0, 1);
  ASSERT_EQ(int8.size(), 8u);
  EXPECT_EQ(static_cast<int64_t>(ReadBigEndian(int8.data(), 8)), 9000000000123LL);

  std::string float8 = FieldBytes(r.get(), 0, 2);
  ASSERT_EQ(float8.size(), 8u);
  uint64_t bits = ReadBigEndian(float8.data(), 8);
  double pi;
  std::memcpy(&pi, &bits, sizeof(pi));
  EXPECT_EQ(pi, 3.141592653589793);  // exact: text → double must round correctly

  std::string boolean = FieldBytes(r.get(), 0, 3);
  ASSERT_EQ(boolean.size(), 1u);
  EXPECT_EQ(boolean[0], 1);

  EXPECT_EQ(FieldBytes(r.get(), 0, 4), "h\xC3\xA9llo w\xC3\xB6rld");

  std::string uuid = FieldBytes(r.get(), 0, 5);
  const unsigned char expected_uuid[16] = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8,
                                           0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};
  ASSERT_EQ(uuid.size(), 16u);
  EXPECT_EQ(std::memcmp(uuid.data(), expected_uuid, 16), 0);

  // timestamptz: microseconds since 2000-01-01 00:00:00 UTC; both spellings are one instant.
  const int64_t expected_us =
      (UnixSeconds(2024, 2, 29, 12, 34, 56) - kPgEpochUnixSeconds) * 1000000 + 789012;
  for (int col : {6, 7}) {
    std::string ts = FieldBytes(r.get(), 0, col);
    ASSERT_EQ(ts.size(), 8u);
    EXPECT_EQ(static_cast<int64_t>(ReadBigEndian(ts.data(), 8)), expected_us) << "column " << col;
  }

  EXPECT_EQ(PQgetisnull(r.get(), 0, 8), 1);
}

TEST_F(LibpqTest, ExecParamsBinaryParameter) {
  // $1 as binary int8 (type given, as binary parameters require), $2 as text.
  const int64_t value = -4611686018427387904LL;
  char be[8];
  for (int i = 0; i < 8; ++i)
    be[i] = static_cast<char>(static_cast<uint64_t>(value) >> (56 - 8 * i));
  const Oid param_types[] = {kInt8Oid, 0};
  const char* values[] = {be, "17"};
  const int lengths[] = {8, 0};
  const int formats[] = {1, 0};
  Result r(PQexecParams(conn_.get(), "SELECT $1 + 1, $2::int4 * 2", 2, param_types, values, lengths,
                        formats, 0));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "-4611686018427387903");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 1), "34");
  EXPECT_EQ(PQfformat(r.get(), 0), 0);
}

TEST_F(LibpqTest, PrepareAndExecPrepared) {
  Result p(PQprepare(conn_.get(), "add", "SELECT $1::int4 + $2::int4 AS sum", 2, nullptr));
  ASSERT_EQ(PQresultStatus(p.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(p.get());
  for (int a : {0, 40, -7}) {
    std::string sa = std::to_string(a);
    std::string sb = std::to_string(a * 3);
    const char* values[] = {sa.c_str(), sb.c_str()};
    Result r(PQexecPrepared(conn_.get(), "add", 2, values, nullptr, nullptr, 0));
    ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
    EXPECT_EQ(std::string(PQgetvalue(r.get(), 0, 0)), std::to_string(a * 4));
    EXPECT_STREQ(PQfname(r.get(), 0), "sum");
  }
  // Types given at prepare time, binary result.
  const Oid types[] = {kInt8Oid};
  Result p2(PQprepare(conn_.get(), "twice", "SELECT $1 * 2", 1, types));
  ASSERT_EQ(PQresultStatus(p2.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(p2.get());
  const char* values[] = {"21"};
  Result r(PQexecPrepared(conn_.get(), "twice", 1, values, nullptr, nullptr, 1));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  EXPECT_EQ(PQftype(r.get(), 0), kInt8Oid);
  ASSERT_EQ(PQgetlength(r.get(), 0, 0), 8);
  EXPECT_EQ(ReadBigEndian(PQgetvalue(r.get(), 0, 0), 8), 42u);

  // An unknown statement name is an error, and the connection survives it.
  Result missing(PQexecPrepared(conn_.get(), "no_such_statement", 0, nullptr, nullptr, nullptr, 0));
  EXPECT_EQ(PQresultStatus(missing.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(SqlState(missing.get()), "26000");
  // A duplicate name is an error too.
  Result dup(PQprepare(conn_.get(), "add", "SELECT 1", 0, nullptr));
  EXPECT_EQ(PQresultStatus(dup.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(SqlState(dup.get()), "42P05");
  Result ok = Exec("SELECT 1");
  EXPECT_EQ(PQresultStatus(ok.get()), PGRES_TUPLES_OK);
}

TEST_F(LibpqTest, DescribePreparedReportsParameterAndResultTypes) {
  Result p(PQprepare(conn_.get(), "desc",
                     "SELECT $1::int8 AS big, $2::text AS label, true AS flag, 1.5::float8 AS f", 0,
                     nullptr));
  ASSERT_EQ(PQresultStatus(p.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(p.get());
  Result d(PQdescribePrepared(conn_.get(), "desc"));
  ASSERT_EQ(PQresultStatus(d.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(d.get());
  ASSERT_EQ(PQnparams(d.get()), 2);
  EXPECT_EQ(PQparamtype(d.get(), 0), kInt8Oid);
  EXPECT_EQ(PQparamtype(d.get(), 1), kTextOid);
  ASSERT_EQ(PQnfields(d.get()), 4);
  EXPECT_STREQ(PQfname(d.get(), 0), "big");
  EXPECT_STREQ(PQfname(d.get(), 1), "label");
  EXPECT_STREQ(PQfname(d.get(), 2), "flag");
  EXPECT_STREQ(PQfname(d.get(), 3), "f");
  EXPECT_EQ(PQftype(d.get(), 0), kInt8Oid);
  EXPECT_EQ(PQftype(d.get(), 1), kTextOid);
  EXPECT_EQ(PQftype(d.get(), 2), kBoolOid);
  EXPECT_EQ(PQftype(d.get(), 3), kFloat8Oid);
  EXPECT_EQ(PQntuples(d.get()), 0);

  Result missing(PQdescribePrepared(conn_.get(), "never_prepared"));
  EXPECT_EQ(PQresultStatus(missing.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(SqlState(missing.get()), "26000");
}

TEST_F(LibpqTest, CancelStopsASleepingStatement) {
  PGcancel* cancel = PQgetCancel(conn_.get());
  ASSERT_NE(cancel, nullptr);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(PQsendQuery(conn_.get(), "SELECT pg_sleep(10)"), 1);
  // A cancel that arrives before the statement runs is ignored (as in PostgreSQL), so each
  // attempt waits a little for the result first; bounded.
  bool done = false;
  for (int attempt = 0; attempt < 25 && !done; ++attempt) {
    done = WaitNotBusy(conn_.get(), 300ms);
    if (!done) {
      char err[256] = {};
      EXPECT_EQ(PQcancel(cancel, err, sizeof(err)), 1) << err;
    }
  }
  PQfreeCancel(cancel);
  ASSERT_TRUE(done) << "statement not canceled";
  Result r(PQgetResult(conn_.get()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(SqlState(r.get()), "57014") << PQresultErrorMessage(r.get());
  while (PGresult* rest = PQgetResult(conn_.get())) PQclear(rest);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  Result ok = Exec("SELECT 'usable'");
  ASSERT_EQ(PQresultStatus(ok.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(ok.get());
  EXPECT_STREQ(PQgetvalue(ok.get(), 0, 0), "usable");
}

TEST_F(LibpqTest, SingleRowMode) {
  ASSERT_EQ(PQsendQuery(conn_.get(), "VALUES (1, 'a'), (2, 'b'), (3, 'c')"), 1);
  ASSERT_EQ(PQsetSingleRowMode(conn_.get()), 1);
  std::vector<std::string> rows;
  int final_results = 0;
  while (PGresult* raw = PQgetResult(conn_.get())) {
    Result r(raw);
    ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_SINGLE_TUPLE) {
      ASSERT_EQ(PQntuples(r.get()), 1);
      ASSERT_EQ(final_results, 0) << "row after the final result";
      rows.push_back(std::string(PQgetvalue(r.get(), 0, 0)) + PQgetvalue(r.get(), 0, 1));
    } else {
      ASSERT_EQ(status, PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
      EXPECT_EQ(PQntuples(r.get()), 0);
      ++final_results;
    }
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"1a", "2b", "3c"}));
  EXPECT_EQ(final_results, 1);
}

TEST_F(LibpqTest, ServerParametersAndBackendKey) {
  const char* version = PQparameterStatus(conn_.get(), "server_version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(std::string(version).rfind("15.", 0), 0u) << version;
  EXPECT_GE(PQserverVersion(conn_.get()), 150000);
  const char* encoding = PQparameterStatus(conn_.get(), "client_encoding");
  ASSERT_NE(encoding, nullptr);
  EXPECT_STREQ(encoding, "UTF8");
  EXPECT_NE(PQbackendPID(conn_.get()), 0);
}

// Not a LibpqTest: it owns a server of its own so it can watch that server exit.
TEST(ServerLifecycle, SigtermWhileConnectedExitsZero) {
  ServerProcess server;
  server.Start(1);
  Conn conn(PQconnectdb(server.ConnInfo("connect_timeout=10").c_str()));
  ASSERT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  Result r(PQexec(conn.get(), "SELECT 5"));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK);

  std::optional<int> status = server.StopWith(SIGTERM, 20s);
  ASSERT_TRUE(status.has_value()) << "no exit within 20 s of SIGTERM\n" << server.ReadLog();
  EXPECT_TRUE(WIFEXITED(*status)) << "wait status " << *status;
  EXPECT_EQ(WEXITSTATUS(*status), 0) << server.ReadLog();

  // The idle connection was told and closed.
  Result after(PQexec(conn.get(), "SELECT 1"));
  EXPECT_NE(PQresultStatus(after.get()), PGRES_TUPLES_OK);
  EXPECT_EQ(PQping(server.ConnInfo("connect_timeout=2").c_str()), PQPING_NO_RESPONSE);
}

}  // namespace
}  // namespace sb::itest
