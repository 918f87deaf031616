// Functions about the session and the server: version(), current_user, now(), pg_sleep(),
// gen_random_uuid7(), current_setting(), ...
#include <chrono>
#include <cmath>

#include "shared/types/uuid_gen.h"
#include "worker/executor/builtin_functions.h"
#include "worker/executor/eval.h"
#include "worker/server_version.h"
#include "worker/session_settings.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

using types::Value;
using Args = std::vector<Value>;

// µs between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
constexpr int64_t kUnixToPostgresMicros = 946684800LL * 1000000LL;

int64_t ToPostgresMicros(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() -
         kUnixToPostgresMicros;
}

Value Version(const BoundExpr&, Args&, EvalContext&) {
  return Value::Text(kVersionString);
}

Value CurrentUser(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Text(c.exec.user, types::kName);
}

Value CurrentDatabase(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Text(c.exec.database, types::kName);
}

Value CurrentSchema(const BoundExpr&, Args&, EvalContext&) {
  return Value::Text("public", types::kName);
}

Value CurrentSchemas(const BoundExpr&, Args& args, EvalContext&) {
  std::vector<Value> schemas;
  if (args[0].GetBool()) schemas.push_back(Value::Text("pg_catalog", types::kName));
  schemas.push_back(Value::Text("public", types::kName));
  return Value::Array(types::kName, std::move(schemas));
}

Value TransactionTimestamp(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Timestamptz(ToPostgresMicros(c.exec.transaction_start));
}

Value StatementTimestamp(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Timestamptz(ToPostgresMicros(c.exec.statement_start));
}

Value ClockTimestamp(const BoundExpr&, Args&, EvalContext&) {
  return Value::Timestamptz(ToPostgresMicros(std::chrono::system_clock::now()));
}

// The local wall clock of the session's time zone at transaction start.
int64_t LocalMicros(EvalContext& c) {
  int64_t utc = ToPostgresMicros(c.exec.transaction_start);
  return utc + int64_t{c.exec.format.zone().UtcOffsetAt(utc)} * 1000000;
}

Value CurrentDate(const BoundExpr&, Args&, EvalContext& c) {
  int64_t local = LocalMicros(c);
  int64_t days =
      local / (86400LL * 1000000LL) - (local < 0 && local % (86400LL * 1000000LL) ? 1 : 0);
  return Value::Date(static_cast<int32_t>(days));
}

Value LocalTimestamp(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Timestamp(LocalMicros(c));
}

Value LocalTime(const BoundExpr&, Args&, EvalContext& c) {
  int64_t day = 86400LL * 1000000LL;
  return Value::Time(((LocalMicros(c) % day) + day) % day);
}

Value GenRandomUuid(const BoundExpr&, Args&, EvalContext&) {
  return Value::FromUuid(types::NewUuidV4());
}

Value GenRandomUuid7(const BoundExpr&, Args&, EvalContext&) {
  return Value::FromUuid(types::NewUuidV7());
}

Value PgSleep(const BoundExpr&, Args& args, EvalContext& c) {
  double seconds = args[0].GetFloat();
  if (std::isfinite(seconds) && seconds > 0) {
    // Cap absurd values instead of overflowing the duration; a cancel still ends it.
    double micros = std::min(seconds * 1e6, 1e15);
    c.exec.hooks.Sleep(std::chrono::microseconds(static_cast<int64_t>(micros)), c.exec.yield);
  } else {
    c.exec.hooks.CheckForInterrupts();
  }
  return Value::Text("", types::kVoid);  // void prints as an empty string, not NULL
}

Value CurrentSetting(const BoundExpr&, Args& args, EvalContext& c) {
  if (args.size() > 1 && args[1].GetBool()) {
    try {
      return Value::Text(c.exec.settings.Get(args[0].GetString()));
    } catch (const SqlError&) {
      return Value::Null(types::kText);
    }
  }
  return Value::Text(c.exec.settings.Get(args[0].GetString()));
}

Value SetConfig(const BoundExpr&, Args& args, EvalContext& c) {
  bool local = args[2].GetBool();
  c.exec.settings.Set(args[0].GetString(), args[1].GetString(), local,
                      c.exec.transaction.in_block());
  return Value::Text(c.exec.settings.Get(args[0].GetString()));
}

Value BackendPid(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Int4(c.exec.backend_pid);
}

Value ClientEncoding(const BoundExpr&, Args&, EvalContext& c) {
  return Value::Text(c.exec.settings.Get("client_encoding"), types::kName);
}

Value PgTypeof(const BoundExpr& call, Args&, EvalContext&) {
  return Value::OidValue(call.args[0]->type, types::kRegtype);
}

}  // namespace

void AddSessionFunctions(std::vector<FunctionDef>& out) {
  using namespace types;
  out.push_back({"version", {}, kText, Version});
  out.push_back({"current_user", {}, kName, CurrentUser});
  out.push_back({"session_user", {}, kName, CurrentUser});
  out.push_back({"user", {}, kName, CurrentUser});
  out.push_back({"current_role", {}, kName, CurrentUser});
  out.push_back({"current_database", {}, kName, CurrentDatabase});
  out.push_back({"current_catalog", {}, kName, CurrentDatabase});
  out.push_back({"current_schema", {}, kName, CurrentSchema});
  out.push_back({"current_schemas", {kBool}, ArrayTypeOf(kName), CurrentSchemas});
  out.push_back({"now", {}, kTimestamptz, TransactionTimestamp});
  out.push_back({"current_timestamp", {}, kTimestamptz, TransactionTimestamp});
  out.push_back({"transaction_timestamp", {}, kTimestamptz, TransactionTimestamp});
  out.push_back({"statement_timestamp", {}, kTimestamptz, StatementTimestamp});
  out.push_back({"clock_timestamp", {}, kTimestamptz, ClockTimestamp});
  out.push_back({"current_date", {}, kDate, CurrentDate});
  out.push_back({"localtimestamp", {}, kTimestamp, LocalTimestamp});
  out.push_back({"localtime", {}, kTime, LocalTime});
  out.push_back({"gen_random_uuid", {}, kUuid, GenRandomUuid});
  out.push_back({"gen_random_uuid7", {}, kUuid, GenRandomUuid7});
  out.push_back({"pg_sleep", {kFloat8}, kVoid, PgSleep});
  out.push_back({"current_setting", {kText}, kText, CurrentSetting});
  out.push_back({"current_setting", {kText, kBool}, kText, CurrentSetting});
  out.push_back({"set_config", {kText, kText, kBool}, kText, SetConfig});
  out.push_back({"pg_backend_pid", {}, kInt4, BackendPid});
  out.push_back({"pg_client_encoding", {}, kName, ClientEncoding});
  out.push_back({"pg_typeof", {kAnyArgument}, kRegtype, PgTypeof, false});
}

}  // namespace sb::worker
